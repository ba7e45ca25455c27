export { IdempotencyKey } from './idempotency-key.entity';
export { claimIdempotencyKey, completeIdempotencyKey, releaseIdempotencyKey } from './idempotency-keys';
export type { IdempotencyClaim, IdempotentRequest, StoredProblem, StoredResponse } from './idempotency-keys';
export { IdempotencyInterceptor } from './idempotency.interceptor';
export { Idempotent } from './idempotent.decorator';
export { parseIdempotencyKey, requestHashOf } from './idempotent-request';
