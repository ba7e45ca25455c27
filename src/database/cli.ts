import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { config as loadDotenv } from 'dotenv';
import { DataSource } from 'typeorm';
import { loadConfig } from '../config/app-config';
import { dataSourceOptions } from './data-source-options';
import { EMBEDDED_CONNECTIONS, EmbeddedPostgres } from './embedded-postgres';
import { migrate, schemaDrift } from './migrator';

/**
 * `npm run migration:generate -- Name` diffs the entities against a freshly migrated in-memory
 * database and writes `src/database/migrations/<timestamp>-Name.ts`.
 * `migration:run` and `migration:revert` work on DATABASE_URL, or on the embedded database in
 * DATA_DIR (stop the app first: one data directory must have one process).
 */
async function main(): Promise<void> {
  loadDotenv({ quiet: true });
  const [command, name] = process.argv.slice(2);
  const config = loadConfig();
  const inMemory = command === 'generate';
  const embedded =
    inMemory || !config.DATABASE_URL
      ? await EmbeddedPostgres.start({ dataDir: inMemory ? undefined : config.DATA_DIR })
      : undefined;
  const dataSource = new DataSource(dataSourceOptions(embedded?.url ?? config.DATABASE_URL!, embedded ? EMBEDDED_CONNECTIONS : 2, config.DATABASE_SSL));
  await dataSource.initialize();
  try {
    if (command === 'run') {
      const applied = await migrate(dataSource);
      process.stdout.write(applied.length ? `applied: ${applied.join(', ')}\n` : 'nothing to apply\n');
    } else if (command === 'revert') {
      await dataSource.undoLastMigration({ transaction: 'all' });
      process.stdout.write('reverted the last migration\n');
    } else if (command === 'generate') {
      if (!name || !/^[A-Z][A-Za-z0-9]+$/.test(name)) throw new Error('Give the migration a PascalCase name.');
      await migrate(dataSource);
      const up = await schemaDrift(dataSource);
      const down = (await dataSource.driver.createSchemaBuilder().log()).downQueries.map((q) => q.query).reverse();
      if (up.length === 0) {
        process.stdout.write('The entities match the migrations: nothing to generate.\n');
        return;
      }
      const timestamp = Date.now();
      const file = join(__dirname, 'migrations', `${timestamp}-${name}.ts`);
      const lines = (queries: string[]) => queries.map((q) => `    await queryRunner.query(${JSON.stringify(q)});`).join('\n');
      writeFileSync(
        file,
        `import { MigrationInterface, QueryRunner } from 'typeorm';\n\n` +
          `export class ${name}${timestamp} implements MigrationInterface {\n` +
          `  name = '${name}${timestamp}';\n\n` +
          `  public async up(queryRunner: QueryRunner): Promise<void> {\n${lines(up)}\n  }\n\n` +
          `  public async down(queryRunner: QueryRunner): Promise<void> {\n${lines(down)}\n  }\n}\n`,
      );
      process.stdout.write(`wrote ${file}; add it to src/database/migrations/index.ts\n`);
    } else {
      throw new Error('Usage: cli.ts generate <Name> | run | revert');
    }
  } finally {
    await dataSource.destroy();
    await embedded?.stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
