import { DataSourceOptions } from 'typeorm';
import { ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';
import { SnakeNamingStrategy } from './naming-strategy';

/** How long a connection's statements may run and wait for locks, and a request for a connection (ms). */
export interface DatabaseTimeouts {
  statementMs: number;
  lockMs: number;
  acquireMs: number;
}

export const DEFAULT_TIMEOUTS: DatabaseTimeouts = { statementMs: 30_000, lockMs: 5_000, acquireMs: 5_000 };

/** The one description of how TrustPath talks to PostgreSQL, shared by the app, the CLI and tests. */
export function dataSourceOptions(url: string, poolSize: number, ssl = false, timeouts: DatabaseTimeouts = DEFAULT_TIMEOUTS): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: ENTITIES,
    namingStrategy: new SnakeNamingStrategy(),
    migrations: MIGRATIONS,
    migrationsTableName: 'migrations',
    synchronize: false,
    migrationsRun: false,
    logging: false,
    uuidExtension: 'pgcrypto',
    installExtensions: false,
    ssl: ssl ? { rejectUnauthorized: false } : undefined,
    // Set on every connection at start-up; a timed-out statement fails with 57014 or 55P03 (503).
    extra: {
      max: poolSize,
      connectionTimeoutMillis: timeouts.acquireMs,
      statement_timeout: timeouts.statementMs,
      lock_timeout: timeouts.lockMs,
    },
  };
}
