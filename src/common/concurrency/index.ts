export { ApiIfMatch } from './api-if-match.decorator';
export { etagOf, ifMatchAllows, parseIfMatch } from './etag';
export type { EntityTags, IfMatch } from './etag';
export { ETagInterceptor, isVersionedResource } from './etag.interceptor';
export { archive, archiveAs, lockVersioned, restore, restoreAs, touchVersioned, touchVersionedAs, updateVersioned, updateVersionedAs, writeReturningRows } from './versioned-update';
export type { VersionedTarget, WrittenRowShape } from './versioned-update';
export { IfMatchHeader } from './if-match.decorator';
