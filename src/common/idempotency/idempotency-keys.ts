import { DomainError, FieldError } from '../../errors/domain-error';
import { ErrorCode } from '../../errors/error-code';
import { IdempotencyRepository, IdempotentRequest, StoredResponse } from './idempotency.repository';

export type { IdempotentRequest, StoredResponse } from './idempotency.repository';

/** A 4xx answer, stored as what rebuilds the same DomainError on replay. */
export interface StoredProblem {
  code: ErrorCode;
  detail: string;
  errors?: FieldError[];
  extensions?: Record<string, unknown>;
  headers?: Record<string, string>;
}

/** Either this request now owns the key (`claimedAt` identifies the claim), or an answer to replay. */
export type IdempotencyClaim = { claimedAt: string } | { replay: StoredResponse };

/** Where the keys are kept: the request's `Transactions`, or any other holder of a manager. */
export type IdempotencyStore = ConstructorParameters<typeof IdempotencyRepository>[0];

/**
 * Claims a key for a request, atomically across processes (see `IdempotencyRepository.claim`).
 * When another claim holds it: same request and completed → its answer to replay; still running
 * → 409; another request → 422.
 */
export async function claimIdempotencyKey(store: IdempotencyStore, request: IdempotentRequest): Promise<IdempotencyClaim> {
  const keys = new IdempotencyRepository(store);
  // A released key can vanish between the two statements; the next round then claims it.
  for (let round = 0; round < 3; round += 1) {
    const claimedAt = await keys.claim(request);
    if (claimedAt !== undefined) return { claimedAt };

    const held = await keys.findHeld(request.organizationId, request.key);
    if (!held) continue;
    if (held.requestHash !== request.requestHash) {
      throw new DomainError(
        ErrorCode.IdempotencyKeyReused,
        'This Idempotency-Key was already used with a different request; use a new key for a new request.',
      );
    }
    if (held.state === 'in_progress') {
      throw new DomainError(ErrorCode.Conflict, 'A request with this Idempotency-Key is still in progress; retry shortly.', {
        headers: { 'retry-after': '1' },
      });
    }
    return { replay: held.response };
  }
  throw new DomainError(ErrorCode.Conflict, 'This Idempotency-Key is contended; retry shortly.', { headers: { 'retry-after': '1' } });
}

/** Stores the answer of a claimed request so that retries replay it. A claim taken over since is left alone. */
export function completeIdempotencyKey(
  store: IdempotencyStore,
  request: IdempotentRequest,
  claimedAt: string,
  response: StoredResponse,
): Promise<void> {
  return new IdempotencyRepository(store).complete(request, claimedAt, response);
}

/** Gives a claimed key back after a failure that a retry may not meet (5xx), so the retry runs. */
export function releaseIdempotencyKey(store: IdempotencyStore, request: IdempotentRequest, claimedAt: string): Promise<void> {
  return new IdempotencyRepository(store).release(request, claimedAt);
}
