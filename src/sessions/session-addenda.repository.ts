import { Injectable } from '@nestjs/common';
import { Transactions } from '../database/transactions';
import { SessionAddendum } from './session-addendum.entity';
import { StoredCiphertext } from './sessions.repository';

/** The `session_addenda` table's SQL. Addenda are append-only: inserted, read, and only ever re-encrypted. */
@Injectable()
export class SessionAddendaRepository {
  constructor(private readonly db: Transactions) {}

  /** A new addendum, signed now by its author. */
  async insert(addendum: { organizationId: string; id: string; sessionId: string; authorUserId: string; textCiphertext: string }): Promise<void> {
    await this.db.manager.insert(SessionAddendum, { ...addendum, signedAt: () => 'now()' });
  }

  findById(organizationId: string, id: string): Promise<SessionAddendum | null> {
    return this.db.manager.findOneBy(SessionAddendum, { organizationId, id });
  }

  /** The addenda of these sessions, oldest first. */
  listBySessionIds(organizationId: string, sessionIds: string[]): Promise<SessionAddendum[]> {
    if (sessionIds.length === 0) return Promise.resolve([]);
    return this.db.manager
      .createQueryBuilder(SessionAddendum, 'a')
      .where('a.organizationId = :organizationId AND a.sessionId IN (:...ids)', { organizationId, ids: sessionIds })
      .orderBy('a.createdAt', 'ASC')
      .addOrderBy('a.id', 'ASC')
      .getMany();
  }

  /** Up to `limit` addenda not encrypted under `keyId`, locked for the rest of the transaction. */
  async lockTextsNotUnderKey(keyId: string, limit: number): Promise<StoredCiphertext[]> {
    const rows: { organization_id: string; id: string; value: string }[] = await this.db.manager.query(
      `SELECT organization_id, id, text_ciphertext AS value FROM session_addenda
        WHERE text_ciphertext IS NOT NULL AND text_ciphertext NOT LIKE $1
        ORDER BY organization_id, id LIMIT $2 FOR UPDATE`,
      [`v1:${keyId}:%`, limit],
    );
    return rows.map((row) => ({ organizationId: row.organization_id, id: row.id, ciphertext: row.value }));
  }

  /** Replaces an addendum's ciphertext alone: the version and updatedAt stay, as its text did not change. */
  async replaceTextCiphertext(organizationId: string, id: string, ciphertext: string): Promise<void> {
    await this.db.manager.query(`UPDATE session_addenda SET text_ciphertext = $3 WHERE organization_id = $1 AND id = $2`, [organizationId, id, ciphertext]);
  }

  /** How many addenda each key id encrypts. */
  async countTextsByKey(): Promise<{ keyId: string; count: number }[]> {
    const rows: { key_id: string; n: number }[] = await this.db.manager.query(
      `SELECT split_part(text_ciphertext, ':', 2) AS key_id, count(*)::int AS n FROM session_addenda WHERE text_ciphertext IS NOT NULL GROUP BY 1`,
    );
    return rows.map((row) => ({ keyId: row.key_id, count: row.n }));
  }
}
