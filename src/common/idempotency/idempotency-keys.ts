import { DataSource, EntityManager } from 'typeorm';
import { DomainError, FieldError } from '../../errors/domain-error';
import { ErrorCode } from '../../errors/error-code';
import { exactTimestampSql } from '../../database/exact-timestamp';

/** Which key, in which organization, for which exact request. */
export interface IdempotentRequest {
  organizationId: string;
  key: string;
  requestHash: string;
}

/** The answer the first request got: replayed as it was to every retry. */
export interface StoredResponse {
  status: number;
  body: unknown;
  location: string | null;
}

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

type Queryable = DataSource | EntityManager;

const KEY_LIFETIME = `interval '24 hours'`;
// A claim in progress this long belongs to a request that died with its process.
const ABANDONED_AFTER = `interval '2 minutes'`;

/**
 * Claims a key for a request, atomically across processes: the insert wins on an unused key, and
 * the same statement takes over an expired key, or an abandoned claim of the same request. When
 * another claim holds it: same request and completed → its answer to replay; still running → 409;
 * another request → 422.
 */
export async function claimIdempotencyKey(db: Queryable, request: IdempotentRequest): Promise<IdempotencyClaim> {
  const params = [request.organizationId, request.key, request.requestHash];
  // A released key can vanish between the two statements; the next round then claims it.
  for (let round = 0; round < 3; round += 1) {
    const claimed: { claimed_at: string }[] = await db.query(
      `INSERT INTO idempotency_keys AS k (organization_id, key, request_hash, state, created_at, expires_at)
       VALUES ($1, $2, $3, 'in_progress', now(), now() + ${KEY_LIFETIME})
       ON CONFLICT (organization_id, key) DO UPDATE
         SET request_hash = EXCLUDED.request_hash, state = 'in_progress', response_status = NULL,
             response_body = NULL, response_location = NULL, created_at = EXCLUDED.created_at, expires_at = EXCLUDED.expires_at
         WHERE k.expires_at <= now()
            OR (k.state = 'in_progress' AND k.request_hash = EXCLUDED.request_hash AND k.created_at <= now() - ${ABANDONED_AFTER})
       RETURNING ${exactTimestampSql('k.created_at')} AS claimed_at`,
      params,
    );
    if (claimed.length > 0) return { claimedAt: claimed[0].claimed_at };

    const [held]: { request_hash: string; state: string; response_status: number; response_body: unknown; response_location: string | null }[] =
      await db.query(
        `SELECT request_hash, state, response_status, response_body, response_location
         FROM idempotency_keys WHERE organization_id = $1 AND key = $2`,
        params.slice(0, 2),
      );
    if (!held) continue;
    if (held.request_hash !== request.requestHash) {
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
    return { replay: { status: held.response_status, body: held.response_body, location: held.response_location } };
  }
  throw new DomainError(ErrorCode.Conflict, 'This Idempotency-Key is contended; retry shortly.', { headers: { 'retry-after': '1' } });
}

/** Stores the answer of a claimed request so that retries replay it. A claim taken over since is left alone. */
export async function completeIdempotencyKey(
  db: Queryable,
  request: IdempotentRequest,
  claimedAt: string,
  response: StoredResponse,
): Promise<void> {
  await db.query(
    `UPDATE idempotency_keys
     SET state = 'completed', response_status = $4, response_body = $5::jsonb, response_location = $6
     WHERE organization_id = $1 AND key = $2 AND state = 'in_progress' AND created_at = CAST($3 AS timestamptz)`,
    [request.organizationId, request.key, claimedAt, response.status, JSON.stringify(response.body ?? null), response.location],
  );
}

/** Gives a claimed key back after a failure that a retry may not meet (5xx), so the retry runs. */
export async function releaseIdempotencyKey(db: Queryable, request: IdempotentRequest, claimedAt: string): Promise<void> {
  await db.query(
    `DELETE FROM idempotency_keys
     WHERE organization_id = $1 AND key = $2 AND state = 'in_progress' AND created_at = CAST($3 AS timestamptz)`,
    [request.organizationId, request.key, claimedAt],
  );
}
