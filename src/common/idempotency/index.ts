export { IdempotencyKey } from './idempotency-key.entity';
export { IdempotencyKeys } from './idempotency-keys';
export type { IdempotentRequest, StoredProblem, StoredResponse } from './idempotency-keys';
export { WriteTransactionInterceptor } from './write-transaction.interceptor';
export { Idempotent } from './idempotent.decorator';
export { parseIdempotencyKey, requestHashOf } from './idempotent-request';
