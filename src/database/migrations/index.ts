import { IdempotencyKeys1795692547532 } from './1795692547532-IdempotencyKeys';

/** Every migration in order; new ones are appended. */
export const MIGRATIONS: Function[] = [IdempotencyKeys1795692547532];
