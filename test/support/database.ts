import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../src/database/data-source-options';
import { EMBEDDED_CONNECTIONS, EmbeddedPostgres } from '../../src/database/embedded-postgres';
import { migrate } from '../../src/database/migrator';
import { EmbeddedBroker } from './embedded-broker';

/**
 * Test databases: migrated once into a template, then cloned for each test file.
 * With TEST_DATABASE_URL the template is a PostgreSQL database cloned by CREATE DATABASE ... TEMPLATE;
 * without it, an embedded PGlite is migrated and its data directory dumped, and every test file
 * gets its own PGlite started from that dump (by the broker in Jest's parent process).
 */
// Unique per run, so that two suites on one server (two checkouts, say) never share a template.
const TEMPLATE_DB = `trustpath_test_template_${process.pid}`;
let broker: EmbeddedBroker | undefined;

export interface TestDatabase {
  url: string;
  mode: 'server' | 'embedded';
  /** Connections a pool on this database may open. */
  poolSize: number;
  drop(): Promise<void>;
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

async function admin<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

async function migrateUrl(url: string): Promise<void> {
  const dataSource = new DataSource(dataSourceOptions(url, 1));
  await dataSource.initialize();
  try {
    await migrate(dataSource);
  } finally {
    await dataSource.destroy();
  }
}

export async function prepareTemplate(): Promise<void> {
  const server = process.env.TEST_DATABASE_URL;
  if (server) {
    await admin(server, async (client) => {
      await client.query(`DROP DATABASE IF EXISTS ${TEMPLATE_DB} WITH (FORCE)`);
      await client.query(`CREATE DATABASE ${TEMPLATE_DB}`);
    });
    await migrateUrl(withDatabase(server, TEMPLATE_DB));
    process.env.TRUSTPATH_TEST_TEMPLATE = TEMPLATE_DB;
    return;
  }
  const embedded = await EmbeddedPostgres.start();
  try {
    await migrateUrl(embedded.url);
    const started = await EmbeddedBroker.start(await embedded.dump());
    broker = started.broker;
    process.env.TRUSTPATH_TEST_TEMPLATE = started.url;
  } finally {
    await embedded.stop();
  }
}

export async function dropTemplate(): Promise<void> {
  const server = process.env.TEST_DATABASE_URL;
  if (server) {
    await admin(server, (client) => client.query(`DROP DATABASE IF EXISTS ${TEMPLATE_DB} WITH (FORCE)`));
  }
  await broker?.stop();
}

/** A fresh, migrated database for one test file. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const template = process.env.TRUSTPATH_TEST_TEMPLATE;
  if (!template) throw new Error('The test template database was not prepared (globalSetup did not run).');
  const server = process.env.TEST_DATABASE_URL;
  if (server) {
    const name = `trustpath_test_${randomBytes(6).toString('hex')}`;
    await admin(server, (client) => client.query(`CREATE DATABASE ${name} TEMPLATE ${template}`));
    return {
      url: withDatabase(server, name),
      mode: 'server',
      poolSize: 10,
      drop: () => admin(server, (client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
    };
  }
  const created = await fetch(`${template}/databases`, { method: 'POST' });
  if (created.status !== 201) throw new Error(`The embedded test database broker refused: ${await created.text()}`);
  const { id, url } = (await created.json()) as { id: string; url: string };
  return {
    url,
    mode: 'embedded',
    poolSize: EMBEDDED_CONNECTIONS,
    drop: async () => {
      await fetch(`${template}/databases/${id}`, { method: 'DELETE' });
    },
  };
}

/** An empty database on the PostgreSQL server (server mode only), for testing migrations themselves. */
export async function createEmptyDatabase(): Promise<TestDatabase> {
  const server = process.env.TEST_DATABASE_URL;
  if (!server) throw new Error('createEmptyDatabase needs TEST_DATABASE_URL');
  const name = `trustpath_test_${randomBytes(6).toString('hex')}`;
  await admin(server, (client) => client.query(`CREATE DATABASE ${name}`));
  return {
    url: withDatabase(server, name),
    mode: 'server',
    poolSize: 10,
    drop: () => admin(server, (client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  };
}
