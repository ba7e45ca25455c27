import { Injectable } from '@nestjs/common';
import { Transactions } from '../database/transactions';

/** The database as readiness sees it: whether it answers at all. */
@Injectable()
export class HealthRepository {
  constructor(private readonly db: Transactions) {}

  async ping(): Promise<void> {
    await this.db.manager.query('SELECT 1');
  }
}
