import { Injectable } from '@nestjs/common';
import { Transactions } from '../database/transactions';
import { noteAad } from './note-cipher';

/**
 * A column encrypted with the note keys, and the AAD that binds each of its values to its record
 * (a value moved to another row or table does not decrypt). Key rotation walks every one of them.
 */
export interface EncryptedColumn {
  table: 'therapy_sessions' | 'session_addenda' | 'webhooks' | 'sso_connections';
  column: 'note_ciphertext' | 'text_ciphertext' | 'secret_encrypted' | 'previous_secret_encrypted' | 'client_secret_encrypted';
  /** The column that names the record within its organization (`organization_id` where there is one per organization). */
  idColumn: 'id' | 'organization_id';
  aad(organizationId: string, id: string): string;
}

export const SESSION_NOTES: EncryptedColumn = {
  table: 'therapy_sessions',
  column: 'note_ciphertext',
  idColumn: 'id',
  aad: (organizationId, id) => noteAad('therapy_sessions', organizationId, id),
};
export const ADDENDUM_TEXTS: EncryptedColumn = {
  table: 'session_addenda',
  column: 'text_ciphertext',
  idColumn: 'id',
  aad: (organizationId, id) => noteAad('session_addenda', organizationId, id),
};

/** A webhook's signing secrets are bound to their organization. */
const webhookSecretAad = (organizationId: string) => noteAad('webhooks', organizationId, organizationId);
export const WEBHOOK_SECRETS: EncryptedColumn = { table: 'webhooks', column: 'secret_encrypted', idColumn: 'id', aad: webhookSecretAad };
export const PREVIOUS_WEBHOOK_SECRETS: EncryptedColumn = { table: 'webhooks', column: 'previous_secret_encrypted', idColumn: 'id', aad: webhookSecretAad };

/** An organization's identity-provider client secret (one connection per organization), bound to the organization. */
export const SSO_CLIENT_SECRETS: EncryptedColumn = {
  table: 'sso_connections',
  column: 'client_secret_encrypted',
  idColumn: 'organization_id',
  aad: (organizationId) => noteAad('sso_connections', organizationId, organizationId),
};

/** Every column under the note keys, in the order key rotation takes them. */
export const ENCRYPTED_COLUMNS: readonly EncryptedColumn[] = [SESSION_NOTES, ADDENDUM_TEXTS, WEBHOOK_SECRETS, PREVIOUS_WEBHOOK_SECRETS, SSO_CLIENT_SECRETS];

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
  async lockNotUnderKey({ table, column, idColumn }: EncryptedColumn, keyId: string, limit: number): Promise<StoredCiphertext[]> {
    const rows: { organization_id: string; id: string; value: string }[] = await this.db.manager.query(
      `SELECT organization_id, ${idColumn} AS id, ${column} AS value FROM ${table}
        WHERE ${column} IS NOT NULL AND ${column} NOT LIKE $1
        ORDER BY organization_id, ${idColumn} LIMIT $2 FOR UPDATE`,
      [`v1:${keyId}:%`, limit],
    );
    return rows.map((row) => ({ organizationId: row.organization_id, id: row.id, ciphertext: row.value }));
  }

  /** Replaces the ciphertext alone: version and updatedAt stay, as the text itself did not change. */
  async replace({ table, column, idColumn }: EncryptedColumn, organizationId: string, id: string, ciphertext: string): Promise<void> {
    await this.db.manager.query(`UPDATE ${table} SET ${column} = $3 WHERE organization_id = $1 AND ${idColumn} = $2`, [organizationId, id, ciphertext]);
  }

  /** How many values each key id encrypts. */
  async countByKey({ table, column }: EncryptedColumn): Promise<{ keyId: string; count: number }[]> {
    const rows: { key_id: string; n: number }[] = await this.db.manager.query(
      `SELECT split_part(${column}, ':', 2) AS key_id, count(*)::int AS n FROM ${table} WHERE ${column} IS NOT NULL GROUP BY 1`,
    );
    return rows.map((row) => ({ keyId: row.key_id, count: row.n }));
  }
}
