import { Injectable } from '@nestjs/common';
import { Transactions } from '../database/transactions';

/**
 * The one reader that crosses feature lines: the access rules ask of many tables at once which ids
 * an actor reaches, and answer nothing else.
 */
@Injectable()
export class AccessRepository {
  constructor(private readonly db: Transactions) {}

  async reachableIds(sql: string, params: unknown[]): Promise<string[]> {
    const rows: { id: string }[] = await this.db.manager.query(sql, params);
    return rows.map((row) => row.id);
  }
}
