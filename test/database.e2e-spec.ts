import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../src/database/data-source-options';
import { migrate, schemaDrift } from '../src/database/migrator';
import { MIGRATIONS } from '../src/database/migrations';
import { createEmptyDatabase, createTestDatabase, TestDatabase } from './support/database';

describe('database schema', () => {
  let db: TestDatabase;
  let dataSource: DataSource;

  beforeAll(async () => {
    db = await createTestDatabase();
    dataSource = new DataSource(dataSourceOptions(db.url, db.poolSize));
    await dataSource.initialize();
  });
  afterAll(async () => {
    await dataSource.destroy();
    await db.drop();
  });

  it('has every migration applied', async () => {
    const rows: { name: string }[] = await dataSource.query('SELECT name FROM migrations ORDER BY id');
    expect(rows.map((r) => r.name)).toEqual(MIGRATIONS.map((m) => m.name));
  });

  it('matches the entities exactly: generating a migration would find nothing', async () => {
    expect(await schemaDrift(dataSource)).toEqual([]);
  });

  it('migrating again is a no-op', async () => {
    expect(await migrate(dataSource)).toEqual([]);
  });

  const onServer = process.env.TEST_DATABASE_URL ? it : it.skip;

  // One embedded database never has a second process, so this runs on a PostgreSQL server only.
  onServer('lets two processes start together: the advisory lock makes one migrate and the other wait', async () => {
    const empty = await createEmptyDatabase();
    const first = new DataSource(dataSourceOptions(empty.url, 2));
    const second = new DataSource(dataSourceOptions(empty.url, 2));
    await Promise.all([first.initialize(), second.initialize()]);
    try {
      const results = await Promise.all([migrate(first), migrate(second)]);
      const counts = results.map((applied) => applied.length).sort();
      expect(counts).toEqual([0, MIGRATIONS.length]);
      const rows: { name: string }[] = await first.query('SELECT name FROM migrations');
      expect(rows).toHaveLength(MIGRATIONS.length);
    } finally {
      await Promise.all([first.destroy(), second.destroy()]);
      await empty.drop();
    }
  });
});
