import { Injectable } from '@nestjs/common';
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

/** A key's stored answer, as a later request finds it. */
export interface HeldKey {
  requestHash: string;
  response: StoredResponse;
}

const KEY_LIFETIME = `interval '24 hours'`;

/** The `idempotency_keys` table's SQL. Every method runs in the caller's transaction. */
@Injectable()
export class IdempotencyRepository {
  constructor(private readonly db: Transactions) {}

  /**
   * Takes the key for the rest of the transaction, across processes: false when another
   * transaction holds it. The lock ends with the transaction, so it can never be stranded.
   */
  async tryLock(request: IdempotentRequest): Promise<boolean> {
    const [row]: { locked: boolean }[] = await this.db.manager.query(
      `SELECT pg_try_advisory_xact_lock(hashtextextended($1 || ':' || $2, 74217003)) AS locked`,
      [request.organizationId, request.key],
    );
    return row.locked;
  }

  /** The live answer stored under the key, if any; expired keys (and claims left by older versions) are deleted first. */
  async findLive(organizationId: string, key: string): Promise<HeldKey | undefined> {
    await this.db.manager.query(
      `DELETE FROM idempotency_keys WHERE organization_id = $1 AND key = $2 AND (expires_at <= now() OR state <> 'completed')`,
      [organizationId, key],
    );
    const [held]: { request_hash: string; response_status: number; response_body: unknown; response_location: string | null }[] =
      await this.db.manager.query(
        `SELECT request_hash, response_status, response_body, response_location FROM idempotency_keys WHERE organization_id = $1 AND key = $2`,
        [organizationId, key],
      );
    if (!held) return undefined;
    return { requestHash: held.request_hash, response: { status: held.response_status, body: held.response_body, location: held.response_location } };
  }

  /** Stores the answer; a key stored meanwhile by a request that did not hold the lock is left as it is. */
  async store(request: IdempotentRequest, response: StoredResponse): Promise<void> {
    await this.db.manager.query(
      `INSERT INTO idempotency_keys
         (organization_id, key, request_hash, state, response_status, response_body, response_location, created_at, expires_at)
       VALUES ($1, $2, $3, 'completed', $4, $5::jsonb, $6, now(), now() + ${KEY_LIFETIME})
       ON CONFLICT (organization_id, key) DO NOTHING`,
      [request.organizationId, request.key, request.requestHash, response.status, JSON.stringify(response.body ?? null), response.location],
    );
  }
}
