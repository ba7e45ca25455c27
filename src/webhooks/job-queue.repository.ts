import { Injectable } from '@nestjs/common';
import type { Pool, PoolClient } from 'pg';
import { DataSource } from 'typeorm';
import { Transactions } from '../database/transactions';

/** How pg-boss runs its SQL (its `db` option): a statement, its values, and the rows it returns. */
export interface SqlExecutor {
  executeSql(text: string, values?: unknown[]): Promise<{ rows: unknown[] }>;
}

/**
 * The connections the job queue (pg-boss, schema `pgboss`) runs its own SQL on: TrustPath's pool,
 * or the open transaction's connection, so that a job is queued if, and only if, that commits.
 */
@Injectable()
export class JobQueueRepository {
  constructor(
    private readonly dataSource: DataSource,
    private readonly db: Transactions,
  ) {}

  /** The pool TypeORM holds (on the embedded database, its one connection): no second pool. */
  pool(): SqlExecutor {
    const pool = (this.dataSource.driver as unknown as { master: Pool }).master;
    return { executeSql: (text, values) => pool.query(text, values) };
  }

  /** The open transaction's connection; throws outside a transaction. */
  inTransaction(): SqlExecutor {
    const client = (this.db.manager.queryRunner as unknown as { databaseConnection?: PoolClient } | undefined)?.databaseConnection;
    if (!client) throw new Error('No transaction connection to queue jobs on');
    return { executeSql: (text, values) => client.query(text, values) };
  }
}
