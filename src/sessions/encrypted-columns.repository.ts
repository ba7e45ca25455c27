import { Injectable } from '@nestjs/common';
import { Transactions } from '../database/transactions';

/** A column of the sessions' tables that holds encrypted clinical text; its table names the AAD. */
export interface EncryptedColumn {
  table: 'therapy_sessions' | 'session_addenda';
  column: 'note_ciphertext' | 'text_ciphertext';
}

export const SESSION_NOTES: EncryptedColumn = { table: 'therapy_sessions', column: 'note_ciphertext' };
export const ADDENDUM_TEXTS: EncryptedColumn = { table: 'session_addenda', column: 'text_ciphertext' };

/** An encrypted value and the record it belongs to. */
export interface StoredCiphertext {
  organizationId: string;
  id: string;
  ciphertext: string;
}

/** Key rotation's SQL over the encrypted columns, the same for every one of them. */
@Injectable()
export class EncryptedColumnsRepository {
  constructor(private readonly db: Transactions) {}

  /** Up to `limit` values not encrypted under `keyId`, locked for the rest of the transaction. */
  async lockNotUnderKey({ table, column }: EncryptedColumn, keyId: string, limit: number): Promise<StoredCiphertext[]> {
    const rows: { organization_id: string; id: string; value: string }[] = await this.db.manager.query(
      `SELECT organization_id, id, ${column} AS value FROM ${table}
        WHERE ${column} IS NOT NULL AND ${column} NOT LIKE $1
        ORDER BY organization_id, id LIMIT $2 FOR UPDATE`,
      [`v1:${keyId}:%`, limit],
    );
    return rows.map((row) => ({ organizationId: row.organization_id, id: row.id, ciphertext: row.value }));
  }

  /** Replaces the ciphertext alone: version and updatedAt stay, as the text itself did not change. */
  async replace({ table, column }: EncryptedColumn, organizationId: string, id: string, ciphertext: string): Promise<void> {
    await this.db.manager.query(`UPDATE ${table} SET ${column} = $3 WHERE organization_id = $1 AND id = $2`, [organizationId, id, ciphertext]);
  }

  /** How many values each key id encrypts. */
  async countByKey({ table, column }: EncryptedColumn): Promise<{ keyId: string; count: number }[]> {
    const rows: { key_id: string; n: number }[] = await this.db.manager.query(
      `SELECT split_part(${column}, ':', 2) AS key_id, count(*)::int AS n FROM ${table} WHERE ${column} IS NOT NULL GROUP BY 1`,
    );
    return rows.map((row) => ({ keyId: row.key_id, count: row.n }));
  }
}
