import { Injectable } from '@nestjs/common';
import { Transactions } from '../database/transactions';
import { SessionAddendaRepository } from '../sessions/session-addenda.repository';
import { ADDENDUM_TABLE, SESSION_NOTE_TABLE } from '../sessions/session-notes.service';
import { SessionsRepository, StoredCiphertext } from '../sessions/sessions.repository';
import { NoteCipher, noteAad } from './note-cipher';

/** One encrypted column: the table name its values are bound to (the AAD), and its owner's reads and writes. */
interface EncryptedColumn {
  table: string;
  lockNotUnderKey(keyId: string, limit: number): Promise<StoredCiphertext[]>;
  replace(organizationId: string, id: string, ciphertext: string): Promise<void>;
  countByKey(): Promise<{ keyId: string; count: number }[]>;
}

export interface RekeyResult {
  /** Values re-encrypted, per table. */
  rekeyed: Record<string, number>;
}

/** Moves every encrypted note onto the current key (`npm run notes:rekey`), and tells which keys are still in use. */
@Injectable()
export class NoteRekeying {
  private readonly columns: EncryptedColumn[];

  constructor(
    private readonly db: Transactions,
    sessions: SessionsRepository,
    addenda: SessionAddendaRepository,
  ) {
    // Session notes, then addenda.
    this.columns = [
      {
        table: SESSION_NOTE_TABLE,
        lockNotUnderKey: (keyId, limit) => sessions.lockNotesNotUnderKey(keyId, limit),
        replace: (organizationId, id, ciphertext) => sessions.replaceNoteCiphertext(organizationId, id, ciphertext),
        countByKey: () => sessions.countNotesByKey(),
      },
      {
        table: ADDENDUM_TABLE,
        lockNotUnderKey: (keyId, limit) => addenda.lockTextsNotUnderKey(keyId, limit),
        replace: (organizationId, id, ciphertext) => addenda.replaceTextCiphertext(organizationId, id, ciphertext),
        countByKey: () => addenda.countTextsByKey(),
      },
    ];
  }

  /**
   * Re-encrypts every session note and addendum that is not under the cipher's current key, in
   * batches of `batchSize`, each batch one transaction that locks its rows. Idempotent and safe to
   * interrupt: run it again and it carries on. Records keep their version and updatedAt: the content
   * did not change. Throws, naming the record, on a value no configured key can read.
   */
  async rekey(cipher: NoteCipher, options: { batchSize?: number } = {}): Promise<RekeyResult> {
    const batchSize = options.batchSize ?? 200;
    const rekeyed: Record<string, number> = {};
    for (const column of this.columns) {
      rekeyed[column.table] = 0;
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
    for (const column of this.columns) {
      for (const { keyId, count } of await column.countByKey()) usage[keyId] = (usage[keyId] ?? 0) + count;
    }
    return usage;
  }

  private async rekeyBatch(column: EncryptedColumn, cipher: NoteCipher, batchSize: number): Promise<number> {
    const values = await column.lockNotUnderKey(cipher.currentKeyId, batchSize);
    for (const value of values) {
      const aad = noteAad(column.table, value.organizationId, value.id);
      let plaintext: string;
      try {
        plaintext = cipher.decrypt(value.ciphertext, aad);
      } catch (error) {
        throw new Error(`${column.table} ${value.organizationId}/${value.id}: ${(error as Error).message}`);
      }
      await column.replace(value.organizationId, value.id, cipher.encrypt(plaintext, aad));
    }
    return values.length;
  }
}
