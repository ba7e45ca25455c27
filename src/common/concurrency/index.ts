export { ApiIfMatch } from './api-if-match.decorator';
export { etagOf, ifMatchAllows, parseIfMatch } from './etag';
export type { EntityTags, IfMatch } from './etag';
export { ETagInterceptor, isVersionedResource } from './etag.interceptor';
export { archive, lockVersioned, restore, touchVersioned, updateVersioned } from './versioned-update';
export type { VersionedTarget } from './versioned-update';
export { IfMatchHeader } from './if-match.decorator';
