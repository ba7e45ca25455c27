export { ApiIfMatch } from './api-if-match.decorator';
export { etagOf, parseIfMatch } from './etag';
export type { IfMatch } from './etag';
export { ETagInterceptor, isVersionedResource } from './etag.interceptor';
export { archive, lockVersioned, restore, updateVersioned } from './versioned-update';
export type { VersionedTarget } from './versioned-update';
export { IfMatchHeader } from './if-match.decorator';
