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
    await runner.release();
  }
}

/** SQL that would bring the schema in line with the entities; empty when migrations and entities agree. */
export async function schemaDrift(dataSource: DataSource): Promise<string[]> {
  const log = await dataSource.driver.createSchemaBuilder().log();
  return log.upQueries.map((q) => q.query);
}
