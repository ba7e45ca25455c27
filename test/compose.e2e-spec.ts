import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { validate as lintDockerfile } from 'dockerfile-utils';
import { Client } from 'pg';
import { createApp } from '../src/app';
import { AppConfig, isSensitive, loadConfig } from '../src/config/app-config';
import {
  composeSchemaErrors,
  composeWith,
  generatedDotenv,
  readComposeFile,
  resolveCompose,
  ROOT,
  withSettings,
} from './support/compose';
import { bearer, createClient, signupOrganizationThroughApi } from './support/factories';
import { startTestApp, TestApp } from './support/test-app';

const run = promisify(execFile);
const SETTINGS = Object.keys(new AppConfig());
/** What compose itself decides for the API, whatever .env says. */
const SET_BY_COMPOSE = ['NODE_ENV', 'DATABASE_URL', 'MIGRATIONS_RUN'];
/** The passwords in .env that belong to the database's administration, never to the API. */
const ADMIN_PASSWORDS = ['POSTGRES_PASSWORD', 'TRUSTPATH_OWNER_PASSWORD'];
const REQUIRED = ['POSTGRES_PASSWORD', 'TRUSTPATH_OWNER_PASSWORD', 'TRUSTPATH_APP_PASSWORD', 'JWT_SECRET', 'NOTES_ENCRYPTION_KEYS', 'NOTES_ENCRYPTION_KEY_ID'];
const exampleKeys = () =>
  readFileSync(join(ROOT, '.env.example'), 'utf8')
    .split('\n')
    .map((line) => /^([A-Z][A-Z0-9_]+)=/.exec(line)?.[1])
    .filter((key): key is string => key !== undefined);

describe('docker-compose.yml', () => {
  const dotenv = generatedDotenv();

  it('is a valid Compose file, as written and once interpolated from a generated .env', () => {
    const { variables } = composeWith(dotenv);
    expect(composeSchemaErrors(readComposeFile())).toEqual([]);
    expect(composeSchemaErrors(resolveCompose(readComposeFile(), variables))).toEqual([]);
    // The schema check can fail: a misspelt key and a bad value are both refused.
    const broken = readComposeFile() as unknown as { services: Record<string, Record<string, unknown>> };
    broken.services.api.restart = 5;
    broken.services.api.helthcheck = {};
    expect(composeSchemaErrors(broken)).toEqual([expect.stringContaining('/services/api must NOT have additional properties'), expect.stringContaining('/services/api/restart must be string')]);
  });

  it('gets its secrets from a generated .env: every one new, and compose refuses to start without any of them', () => {
    const other = composeWith(generatedDotenv()).variables;
    const { variables } = composeWith(dotenv);
    for (const key of REQUIRED) {
      // The key id is the month it was made, not a secret; everything else is new every time.
      expect([key, variables[key]?.length > 0, key !== 'NOTES_ENCRYPTION_KEY_ID' && variables[key] === other[key]]).toEqual([key, true, false]);
      expect(() => resolveCompose(readComposeFile(), { ...variables, [key]: '' })).toThrow(new RegExp(`required variable ${key} is missing a value: run sh scripts/docker-env.sh`));
    }
    expect(loadConfig(composeWith(dotenv).environment('api')).JWT_SECRET).toBe(variables.JWT_SECRET);
  });

  it('runs the API and the migration in production, whatever .env says', () => {
    const { environment } = composeWith(withSettings(dotenv, { NODE_ENV: 'development', MIGRATIONS_RUN: 'true' }));
    expect(environment('api').NODE_ENV).toBe('production');
    expect(environment('migrate').NODE_ENV).toBe('production');
    expect(environment('api').MIGRATIONS_RUN).toBe('false');
    expect(loadConfig(environment('api')).NODE_ENV).toBe('production');
    // Production refuses to start without its secrets, so they can't be left out by accident.
    expect(() => loadConfig({ ...environment('api'), JWT_SECRET: '' })).toThrow(/JWT_SECRET/);
  });

  it('hands the API every setting of .env.example, with the value in .env', () => {
    const keys = exampleKeys();
    expect(keys).toEqual(expect.arrayContaining(SETTINGS));
    // A distinct value for every setting, to see each one arrive where it should.
    const marked = Object.fromEntries(keys.filter((key) => !REQUIRED.includes(key)).map((key) => [key, `value-of-${key}`]));
    const { environment, variables } = composeWith(withSettings(dotenv, marked));
    const api = environment('api');
    for (const key of SETTINGS.filter((setting) => !SET_BY_COMPOSE.includes(setting))) {
      expect([key, api[key]]).toEqual([key, variables[key]]);
    }
    expect(api.DATABASE_URL).toBe(`postgres://value-of-TRUSTPATH_APP_ROLE:${variables.TRUSTPATH_APP_PASSWORD}@postgres:5432/value-of-POSTGRES_DB`);
    const postgres = environment('postgres');
    for (const key of ['POSTGRES_DB', 'TRUSTPATH_OWNER_ROLE', 'TRUSTPATH_APP_ROLE']) expect(postgres[key]).toBe(`value-of-${key}`);
    expect(composeWith(withSettings(dotenv, marked)).project.services.api.ports).toEqual(['value-of-TRUSTPATH_PUBLISH:value-of-PORT']);
  });

  it('writes no secret into the file, and gives the API no password but its own role\'s', () => {
    const written = readComposeFile();
    const secretLike = (key: string) => isSensitive(key) || /PASSWORD|SECRET|TOKEN|KEYS$/.test(key);
    for (const [name, service] of Object.entries(written.services)) {
      for (const [key, value] of Object.entries(service.environment ?? {})) {
        if (!secretLike(key)) continue;
        const text = String(value);
        const fromEnv = text === '' || /^\$\{[A-Z_]+(:[-?][^}]*)?\}$/.test(text) || (key === 'DATABASE_URL' && /^postgres:\/\/\$\{[^}]+\}:\$\{[^}]+\}@/.test(text));
        expect([name, key, fromEnv]).toEqual([name, key, true]);
      }
    }
    const { environment, variables } = composeWith(dotenv);
    const api = Object.values(environment('api')).join('\n');
    for (const key of ADMIN_PASSWORDS) expect([key, api.includes(variables[key])]).toEqual([key, false]);
    expect(new URL(environment('api').DATABASE_URL).password).toBe(variables.TRUSTPATH_APP_PASSWORD);
    const migrate = Object.values(environment('migrate')).join('\n');
    for (const key of ['POSTGRES_PASSWORD', 'TRUSTPATH_APP_PASSWORD']) expect([key, migrate.includes(variables[key])]).toEqual([key, false]);
    expect(new URL(environment('migrate').DATABASE_URL).password).toBe(variables.TRUSTPATH_OWNER_PASSWORD);
  });

  it('restarts the database and the API, checks their health, and starts the API after the migration succeeded', () => {
    const { services } = readComposeFile();
    expect([services.postgres.restart, services.api.restart, services.migrate.restart]).toEqual(['unless-stopped', 'unless-stopped', 'no']);
    expect(services.postgres.healthcheck?.test?.join(' ')).toMatch(/pg_isready -h 127\.0\.0\.1/);
    expect(services.api.healthcheck?.test?.join(' ')).toContain('/health/ready');
    expect(services.api.depends_on).toEqual({ postgres: { condition: 'service_healthy' }, migrate: { condition: 'service_completed_successfully' } });
    expect(services.migrate.depends_on).toEqual({ postgres: { condition: 'service_healthy' } });
  });

  it('builds one image, running as a non-root user with a health check, whose migrate command exists', () => {
    const { services } = readComposeFile();
    expect([services.api.build, services.migrate.build, services.api.image]).toEqual(['.', '.', services.migrate.image]);
    const dockerfile = readFileSync(join(ROOT, 'Dockerfile'), 'utf8');
    const final = dockerfile.split(/^FROM\s/m).pop()!;
    expect(final).toMatch(/^USER node$/m);
    expect(final).toMatch(/^HEALTHCHECK .*\n?.*\/health\/ready/m);
    // nest build compiles src/ into dist/ (tsconfig.json: rootDir src, outDir dist).
    const [node, script, command] = services.migrate.command!;
    expect([node, command]).toEqual(['node', 'run']);
    expect(existsSync(join(ROOT, script.replace(/^dist\//, 'src/').replace(/\.js$/, '.ts')))).toBe(true);
    const mount = services.postgres.volumes!.find((volume) => volume.includes('/docker-entrypoint-initdb.d/'))!;
    expect(existsSync(join(ROOT, mount.split(':')[0]))).toBe(true);
  });

  it('builds from a Dockerfile the Dockerfile linter finds nothing wrong with', () => {
    expect(lintDockerfile(readFileSync(join(ROOT, 'Dockerfile'), 'utf8')).map((problem) => problem.message)).toEqual([]);
    // The linter can fail: an unknown instruction and an unknown flag are both reported.
    expect(lintDockerfile('FROM node:24\nUSR node\nHEALTHCHECK --intervall=5s CMD true\n').map((problem) => problem.message)).toEqual([
      'Unknown instruction: USR',
      'Unknown flag: intervall',
    ]);
  });

  it("is started by the README's Docker section with the commands tested here", () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('## Docker\n'), readme.indexOf('\n## ', readme.indexOf('## Docker\n') + 1));
    expect(section).toMatch(/```sh\nsh scripts\/docker-env\.sh .*\ndocker compose up -d\n```/);
  });
});

/**
 * The roles docker-compose.yml creates, on a real PostgreSQL server: the role script it mounts,
 * then the migration its migrate service runs (as the owner), then the API as its api service
 * starts it (as the app role), each with exactly the environment compose would give it.
 */
const server = process.env.TEST_DATABASE_URL;
(server ? describe : describe.skip)('the database roles of docker-compose.yml (PostgreSQL server)', () => {
  const suffix = `${process.pid}_${Date.now().toString(36)}`;
  const database = `trustpath_compose_${suffix}`;
  const roles = { owner: `trustpath_owner_${suffix}`, app: `trustpath_app_${suffix}` };
  let compose: ReturnType<typeof composeWith>;
  let apiEnv: Record<string, string>;
  /** A compose URL (host `postgres`) pointed at the test server. */
  const onServer = (url: string) => {
    const target = new URL(url);
    const { hostname, port } = new URL(server!);
    target.hostname = hostname;
    target.port = port || '5432';
    return target.toString();
  };
  const superuser = () => {
    const url = new URL(server!);
    url.pathname = `/${database}`;
    return url.toString();
  };
  const connect = async (url: string) => {
    const client = new Client({ connectionString: url });
    await client.connect();
    return client;
  };
  const admin = async (sql: string[]) => {
    const client = await connect(server!);
    try {
      for (const statement of sql) await client.query(statement);
    } finally {
      await client.end();
    }
  };
  const cleanUp = () => admin([`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`, `DROP ROLE IF EXISTS ${roles.app}`, `DROP ROLE IF EXISTS ${roles.owner}`]);

  let t: TestApp | undefined;
  let app: Client;
  let migrated: string;

  beforeAll(async () => {
    // The generated .env, with names of this run's own (roles are shared by the whole server).
    compose = composeWith(
      withSettings(generatedDotenv(), { POSTGRES_DB: database, TRUSTPATH_OWNER_ROLE: roles.owner, TRUSTPATH_APP_ROLE: roles.app, LOG_LEVEL: 'silent' }),
    );
    apiEnv = { ...compose.environment('api'), DATABASE_URL: onServer(compose.environment('api').DATABASE_URL) };
    await cleanUp();
    await admin([`CREATE DATABASE ${database}`]);
    // The postgres image runs the script as its superuser, in POSTGRES_DB, with the service's environment.
    const mount = readComposeFile().services.postgres.volumes!.find((volume) => volume.includes('/docker-entrypoint-initdb.d/'))!;
    const postgresEnv = compose.environment('postgres');
    expect(postgresEnv.POSTGRES_DB).toBe(database);
    await run('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-d', superuser(), '-f', join(ROOT, mount.split(':')[0])], {
      env: { PATH: process.env.PATH, ...postgresEnv },
    });
    // The migrate service's command, as the owner.
    const migrateEnv = { ...compose.environment('migrate'), DATABASE_URL: onServer(compose.environment('migrate').DATABASE_URL) };
    expect(new URL(migrateEnv.DATABASE_URL).username).toBe(roles.owner);
    migrated = (
      await run(process.execPath, ['-r', '@swc-node/register', join(ROOT, 'src', 'database', 'cli.ts'), 'run'], {
        cwd: ROOT,
        env: { PATH: process.env.PATH, ...migrateEnv },
      })
    ).stdout;
    // The api service, as the app role, with exactly its environment.
    expect(new URL(apiEnv.DATABASE_URL).username).toBe(roles.app);
    const config = loadConfig(apiEnv);
    t = await startTestApp({}, {
      config,
      database: { url: apiEnv.DATABASE_URL, mode: 'server', poolSize: config.DATABASE_POOL_SIZE, drop: cleanUp },
    });
    app = await connect(apiEnv.DATABASE_URL);
  });

  afterAll(async () => {
    await app?.end();
    await (t ? t.close() : cleanUp());
  });

  it('migrates as the owner, which owns every table, while the app role owns nothing', async () => {
    expect(migrated).toMatch(/^applied: Identity\d+, .*AuditEventsAppendOnlyByPrivilege\d+/);
    const owners = await app.query(
      `SELECT count(*)::int AS tables, count(*) FILTER (WHERE tableowner = $1)::int AS owned FROM pg_tables WHERE schemaname = 'public'`,
      [roles.owner],
    );
    expect(owners.rows[0].tables).toBeGreaterThan(20);
    expect(owners.rows[0].owned).toBe(owners.rows[0].tables);
    const appOwns = await app.query(`SELECT count(*)::int AS n FROM pg_class WHERE relowner = current_user::regrole`);
    expect(appOwns.rows[0].n).toBe(0);
    const flags = await app.query(`SELECT rolsuper, rolcreaterole, rolcreatedb, rolbypassrls FROM pg_roles WHERE rolname = current_user`);
    expect(flags.rows[0]).toEqual({ rolsuper: false, rolcreaterole: false, rolcreatedb: false, rolbypassrls: false });
  });

  it('serves requests as the app role in production: a signup, a client, and their audit events', async () => {
    expect(t!.config.NODE_ENV).toBe('production');
    const org = await signupOrganizationThroughApi(t!);
    const client = await createClient(t!, bearer(org.owner.token));
    const audited = await app.query(`SELECT action FROM audit_events WHERE organization_id = $1`, [org.organizationId]);
    expect(audited.rows.length).toBeGreaterThan(0);
    expect((await app.query(`SELECT current_user AS who, count(*)::int AS n FROM clients WHERE id = $1`, [client.id])).rows[0]).toEqual({ who: roles.app, n: 1 });
  });

  it('keeps SELECT and INSERT on audit_events for the app role, and refuses it UPDATE, DELETE and TRUNCATE by privilege, even with the triggers disabled', async () => {
    const privileges = async (table: string) =>
      (
        await app.query(
          `SELECT ${['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'TRUNCATE'].map((p) => `has_table_privilege(current_user, $1, '${p}') AS "${p}"`).join(', ')}`,
          [table],
        )
      ).rows[0];
    expect(await privileges('audit_events')).toEqual({ SELECT: true, INSERT: true, UPDATE: false, DELETE: false, TRUNCATE: false });
    // Another table, for contrast: the app role may change its rows, still not TRUNCATE it.
    expect(await privileges('clients')).toEqual({ SELECT: true, INSERT: true, UPDATE: true, DELETE: true, TRUNCATE: false });

    // The append-only trigger answers 42501 as well: with it disabled, what still refuses is privilege.
    const superClient = await connect(superuser());
    try {
      await superClient.query('ALTER TABLE audit_events DISABLE TRIGGER USER');
      for (const statement of [`UPDATE audit_events SET action = 'changed'`, 'DELETE FROM audit_events', 'TRUNCATE audit_events']) {
        const refusal = await app.query(statement).then(
          () => undefined,
          (error: { code?: string; message: string }) => error,
        );
        expect([statement, refusal?.code, refusal?.message]).toEqual([statement, '42501', 'permission denied for table audit_events']);
      }
      // The owner, for contrast, could now change the trail: the app role's refusal is not the trigger's.
      const owner = await connect(onServer(compose.environment('migrate').DATABASE_URL));
      try {
        await owner.query('BEGIN');
        expect((await owner.query(`UPDATE audit_events SET action = action`)).rowCount).toBeGreaterThan(0);
        await owner.query('ROLLBACK');
      } finally {
        await owner.end();
      }
      expect((await app.query(`INSERT INTO audit_events (actor_type, action, status) VALUES ('system', 'compose.test', 200)`)).rowCount).toBe(1);
    } finally {
      await superClient.query('ALTER TABLE audit_events ENABLE TRIGGER USER');
      await superClient.end();
    }
  });

  it('refuses the app role any change to the schema', async () => {
    for (const statement of ['CREATE TABLE intruder (id int)', 'ALTER TABLE audit_events DISABLE TRIGGER USER', 'DROP TABLE clients', 'CREATE EXTENSION IF NOT EXISTS hstore']) {
      const refusal = await app.query(statement).then(
        () => undefined,
        (error: { code?: string }) => error,
      );
      expect([statement, refusal?.code]).toEqual([statement, '42501']);
    }
  });

  it('starts in development mode as the app role too, keeping the secrets it generates in instance_settings', async () => {
    const config = loadConfig({ ...apiEnv, NODE_ENV: 'development', JWT_SECRET: '', NOTES_ENCRYPTION_KEYS: '', NOTES_ENCRYPTION_KEY_ID: '' });
    const running = await createApp(config);
    await running.close();
    const kept = await app.query(`SELECT key FROM instance_settings ORDER BY key`);
    expect(kept.rows.length).toBeGreaterThanOrEqual(2);
  });
});
