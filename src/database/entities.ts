import { IdempotencyKey } from '../common/idempotency/idempotency-key.entity';

/** Every TypeORM entity, listed once so the app, the migration CLI and tests agree. */
export const ENTITIES: Function[] = [IdempotencyKey];
