import { DataSource } from 'typeorm';
import { NoteCipher, noteAad } from './note-cipher';

/** Every encrypted column, with the table name its values are bound to (the AAD). */
const ENCRYPTED = [
  { table: 'therapy_sessions', column: 'note_ciphertext' },
  { table: 'session_addenda', column: 'text_ciphertext' },
] as const;

export interface RekeyResult {
  /** Values re-encrypted, per table. */
  rekeyed: Record<string, number>;
}

/**
 * Re-encrypts every session note and addendum that is not under the cipher's current key, in
 * batches of `batchSize`, each batch one transaction that locks its rows. Idempotent and safe to
 * interrupt: run it again and it carries on. Records keep their version and updatedAt: the content
 * did not change. Throws, naming the record, on a value no configured key can read.
 */
export async function rekeyNotes(dataSource: DataSource, cipher: NoteCipher, options: { batchSize?: number } = {}): Promise<RekeyResult> {
  const batchSize = options.batchSize ?? 200;
  const rekeyed: Record<string, number> = {};
  for (const { table, column } of ENCRYPTED) {
    rekeyed[table] = 0;
    for (;;) {
      const done = await dataSource.transaction(async (manager) => {
        const rows: { organization_id: string; id: string; value: string }[] = await manager.query(
          `SELECT organization_id, id, ${column} AS value FROM ${table}
            WHERE ${column} IS NOT NULL AND ${column} NOT LIKE $1
            ORDER BY organization_id, id LIMIT $2 FOR UPDATE`,
          [`v1:${cipher.currentKeyId}:%`, batchSize],
        );
        for (const row of rows) {
          const aad = noteAad(table, row.organization_id, row.id);
          let plaintext: string;
          try {
            plaintext = cipher.decrypt(row.value, aad);
          } catch (error) {
            throw new Error(`${table} ${row.organization_id}/${row.id}: ${(error as Error).message}`);
          }
          await manager.query(`UPDATE ${table} SET ${column} = $3 WHERE organization_id = $1 AND id = $2`, [
            row.organization_id,
            row.id,
            cipher.encrypt(plaintext, aad),
          ]);
        }
        return rows.length;
      });
      rekeyed[table] += done;
      if (done < batchSize) break;
    }
  }
  return { rekeyed };
}

/** How many values each key id still encrypts: to tell when a retired key can be removed. */
export async function noteKeyUsage(dataSource: DataSource): Promise<Record<string, number>> {
  const usage: Record<string, number> = {};
  for (const { table, column } of ENCRYPTED) {
    const rows: { key_id: string; n: number }[] = await dataSource.query(
      `SELECT split_part(${column}, ':', 2) AS key_id, count(*)::int AS n FROM ${table} WHERE ${column} IS NOT NULL GROUP BY 1`,
    );
    for (const row of rows) usage[row.key_id] = (usage[row.key_id] ?? 0) + row.n;
  }
  return usage;
}
