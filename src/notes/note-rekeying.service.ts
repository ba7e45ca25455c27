import { Injectable } from '@nestjs/common';
import { Transactions } from '../database/transactions';
import { ENCRYPTED_COLUMNS, EncryptedColumn, EncryptedColumnsRepository } from './encrypted-columns.repository';
import { NoteCipher } from './note-cipher';

export interface RekeyResult {
  /** Values re-encrypted, per table (a webhook's current and previous secrets count alike). */
  rekeyed: Record<string, number>;
}

/**
 * Moves every value under the note keys onto the current key (`npm run notes:rekey`): session notes,
 * addenda, webhook signing secrets and identity-provider client secrets; and tells which keys are still in use.
 */
@Injectable()
export class NoteRekeying {
  constructor(
    private readonly db: Transactions,
    private readonly columns: EncryptedColumnsRepository,
  ) {}

  /**
   * Re-encrypts every value of `ENCRYPTED_COLUMNS` not under the cipher's current key, in
   * batches of `batchSize`, each batch one transaction that locks its rows. Idempotent and safe to
   * interrupt: run it again and it carries on. Records keep their version and updatedAt: the content
   * did not change. Throws, naming the record, on a value no configured key can read.
   */
  async rekey(cipher: NoteCipher, options: { batchSize?: number } = {}): Promise<RekeyResult> {
    const batchSize = options.batchSize ?? 200;
    const rekeyed: Record<string, number> = {};
    for (const column of ENCRYPTED_COLUMNS) {
      rekeyed[column.table] ??= 0;
      for (;;) {
        const done = await this.db.run(() => this.rekeyBatch(column, cipher, batchSize));
        rekeyed[column.table] += done;
        if (done < batchSize) break;
      }
    }
    return { rekeyed };
  }

  /** How many values each key id still encrypts: to tell when a retired key can be removed. */
  async keyUsage(): Promise<Record<string, number>> {
    const usage: Record<string, number> = {};
    for (const column of ENCRYPTED_COLUMNS) {
      for (const { keyId, count } of await this.columns.countByKey(column)) usage[keyId] = (usage[keyId] ?? 0) + count;
    }
    return usage;
  }

  private async rekeyBatch(column: EncryptedColumn, cipher: NoteCipher, batchSize: number): Promise<number> {
    const values = await this.columns.lockNotUnderKey(column, cipher.currentKeyId, batchSize);
    for (const value of values) {
      // The AAD binds each value to its record, as when it was first encrypted.
      const aad = column.aad(value.organizationId, value.id);
      let plaintext: string;
      try {
        plaintext = cipher.decrypt(value.ciphertext, aad);
      } catch (error) {
        throw new Error(`${column.table} ${value.organizationId}/${value.id}: ${(error as Error).message}`);
      }
      await this.columns.replace(column, value.organizationId, value.id, cipher.encrypt(plaintext, aad));
    }
    return values.length;
  }
}
