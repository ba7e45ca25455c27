import { DataSource, MigrationExecutor } from 'typeorm';

/** An arbitrary constant naming TrustPath's migration lock among PostgreSQL advisory locks. */
const MIGRATION_LOCK_ID = 74_217_001;

/**
 * Applies pending migrations on one connection that holds a session advisory lock, so processes
 * that start together migrate one after the other instead of racing.
 */
export async function migrate(dataSource: DataSource): Promise<string[]> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    // A migration may rightly take long, and another process's migration holds the lock a while:
    // neither is a stuck request, so this session has no timeouts until it goes back to the pool.
    await runner.query('SET statement_timeout = 0');
    await runner.query('SET lock_timeout = 0');
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_ID]);
    try {
      const executor = new MigrationExecutor(dataSource, runner);
      executor.transaction = 'all';
      const applied = await executor.executePendingMigrations();
      return applied.map((m) => m.name);
    } finally {
      await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_ID]);
    }
  } finally {
    await runner.query('RESET statement_timeout').catch(() => undefined);
    await runner.query('RESET lock_timeout').catch(() => undefined);
    await runner.release();
  }
}

/** SQL that would bring the schema in line with the entities; empty when migrations and entities agree. */
export async function schemaDrift(dataSource: DataSource): Promise<string[]> {
  const log = await dataSource.driver.createSchemaBuilder().log();
  return log.upQueries.map((q) => q.query);
}
