import { exactTimestampSql } from '../../database/exact-timestamp';
import { Transactions } from '../../database/transactions';

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

/** A key's row as another claim finds it. */
export interface HeldKey {
  requestHash: string;
  state: 'in_progress' | 'completed';
  response: StoredResponse;
}

const KEY_LIFETIME = `interval '24 hours'`;
// A claim in progress this long belongs to a request that died with its process.
const ABANDONED_AFTER = `interval '2 minutes'`;

/**
 * The `idempotency_keys` table's SQL. Built by the claim protocol over whatever it is handed:
 * the request's `Transactions` in the interceptor, a bare data source in a test of the protocol.
 */
export class IdempotencyRepository {
  constructor(private readonly db: Pick<Transactions, 'manager'>) {}

  /**
   * Claims the key in one statement: the insert wins on an unused key, and takes over an expired
   * key or an abandoned claim of the same request. The claim's exact time, or undefined when
   * another claim holds the key.
   */
  async claim(request: IdempotentRequest): Promise<string | undefined> {
    const [claimed]: { claimed_at: string }[] = await this.db.manager.query(
      `INSERT INTO idempotency_keys AS k (organization_id, key, request_hash, state, created_at, expires_at)
       VALUES ($1, $2, $3, 'in_progress', now(), now() + ${KEY_LIFETIME})
       ON CONFLICT (organization_id, key) DO UPDATE
         SET request_hash = EXCLUDED.request_hash, state = 'in_progress', response_status = NULL,
             response_body = NULL, response_location = NULL, created_at = EXCLUDED.created_at, expires_at = EXCLUDED.expires_at
         WHERE k.expires_at <= now()
            OR (k.state = 'in_progress' AND k.request_hash = EXCLUDED.request_hash AND k.created_at <= now() - ${ABANDONED_AFTER})
       RETURNING ${exactTimestampSql('k.created_at')} AS claimed_at`,
      [request.organizationId, request.key, request.requestHash],
    );
    return claimed?.claimed_at;
  }

  async findHeld(organizationId: string, key: string): Promise<HeldKey | undefined> {
    const [held]: {
      request_hash: string;
      state: HeldKey['state'];
      response_status: number;
      response_body: unknown;
      response_location: string | null;
    }[] = await this.db.manager.query(
      `SELECT request_hash, state, response_status, response_body, response_location
       FROM idempotency_keys WHERE organization_id = $1 AND key = $2`,
      [organizationId, key],
    );
    if (!held) return undefined;
    return {
      requestHash: held.request_hash,
      state: held.state,
      response: { status: held.response_status, body: held.response_body, location: held.response_location },
    };
  }

  /** Stores the answer of the claim made at `claimedAt`; a claim taken over since is left alone. */
  async complete(request: IdempotentRequest, claimedAt: string, response: StoredResponse): Promise<void> {
    await this.db.manager.query(
      `UPDATE idempotency_keys
       SET state = 'completed', response_status = $4, response_body = $5::jsonb, response_location = $6
       WHERE organization_id = $1 AND key = $2 AND state = 'in_progress' AND created_at = CAST($3 AS timestamptz)`,
      [request.organizationId, request.key, claimedAt, response.status, JSON.stringify(response.body ?? null), response.location],
    );
  }

  /** Deletes the claim made at `claimedAt`, if it is still in progress. */
  async release(request: IdempotentRequest, claimedAt: string): Promise<void> {
    await this.db.manager.query(
      `DELETE FROM idempotency_keys
       WHERE organization_id = $1 AND key = $2 AND state = 'in_progress' AND created_at = CAST($3 AS timestamptz)`,
      [request.organizationId, request.key, claimedAt],
    );
  }
}
