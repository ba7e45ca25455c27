export { decodeCursor, encodeCursor } from './cursor';
export type { CursorPosition, PageOrder } from './cursor';
export { ApiPageResponse } from './page';
export type { Page } from './page';
export { includesArchived, PageQueryDto } from './page-query.dto';
export { paginate } from './paginate';
export { IsTimestamp } from './timestamp';
export { keysetClauses, keysetPage } from './raw-page';
export type { KeysetClauses, KeysetColumns, KeysetStatement } from './raw-page';
