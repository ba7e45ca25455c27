import { Injectable } from '@nestjs/common';
import { Transactions } from '../database/transactions';

/** The `instance_settings` table's SQL. */
@Injectable()
export class InstanceSettingsRepository {
  constructor(private readonly db: Transactions) {}

  /** Stores `value` under `key` unless the key is already set: the first process to start wins. */
  async insertIfAbsent(key: string, value: string): Promise<void> {
    await this.db.manager.query(`INSERT INTO instance_settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING`, [key, value]);
  }

  async find(key: string): Promise<string | undefined> {
    const [row]: { value: string }[] = await this.db.manager.query(`SELECT value FROM instance_settings WHERE key = $1`, [key]);
    return row?.value;
  }
}
