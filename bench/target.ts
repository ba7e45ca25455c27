import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { serverModule } from './build';
import { Child } from './ipc';
import type { CapturedQuery, ServerReady, ServerStart } from './server';

export type { CapturedQuery } from './server';

/** A TrustPath process serving on loopback: where to send load, and whose CPU to read. */
export interface BenchServer {
  origin: string;
  pid: number;
  /** Node flags it runs with (e.g. `--max-semi-space-size=32`), empty for the defaults. */
  flags: string[];
  close(): Promise<void>;
}

/** The TrustPath of the run, on a database that exists only for this run. */
export interface BenchTarget extends BenchServer {
  databaseKind: string;
  embedded: boolean;
  poolSize: number;
  jwt: ServerReady['jwt'];
  /** The run's database, for another process to connect to (a PostgreSQL server only). */
  databaseUrl: string;
  query<T = Record<string, unknown>>(sql: string, parameters?: unknown[]): Promise<T[]>;
  /** Statements in one transaction; answers the last one's rows. */
  transaction(statements: { sql: string; parameters?: unknown[] }[]): Promise<unknown>;
  drain(): Promise<void>;
  /** Responses the server has finished sending: what the audit trail hook sees, request for request. */
  responsesSent(): Promise<number>;
  /** One request, and the SQL TrustPath ran for it (read off TypeORM's logger); nothing else may be in flight. */
  probe(
    path: string,
    headers: Record<string, string>,
    write?: { method: 'POST' | 'PATCH' | 'PUT' | 'DELETE'; body?: unknown },
  ): Promise<{ status: number; body: string; headers: Headers; queries: CapturedQuery[] }>;
  auditOff(): Promise<void>;
  auditOn(): Promise<void>;
  /** Runs `require(module)[name](app, ...args)` inside the server process. */
  invoke<T>(module: string, name: string, args?: unknown[]): Promise<T>;
  /** Another TrustPath process on the same database with other node flags (a PostgreSQL server only). */
  startVariant(flags: string[]): Promise<BenchServer>;
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

async function onServer(serverUrl: string, sql: string): Promise<void> {
  const client = new Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** The server, compiled by `compileServer` unless BENCH_TS_LOADER is set. */
const SERVER_MODULE = serverModule(join(__dirname, 'server.ts'));

/**
 * Node flags for every TrustPath process of the run: BENCH_NODE_FLAGS when set (empty for Node's
 * own defaults), otherwise those `npm start` runs the API with, so that the bench measures what ships.
 */
export function defaultFlags(): string[] {
  const flags = process.env.BENCH_NODE_FLAGS ?? startFlags();
  return flags.split(/\s+/).filter(Boolean);
}

/** The node flags of package.json's `start` script (`node [flags] dist/main.js`). */
function startFlags(): string {
  const start = (JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')) as { scripts: { start: string } }).scripts.start;
  const flags = /^node((?:\s+--\S+)*)\s+dist\/main\.js$/.exec(start);
  if (!flags) throw new Error(`package.json's start script is not "node [flags] dist/main.js": ${start}`);
  return flags[1];
}

/**
 * With `serverUrl`, a throwaway database `trustpath_bench_<random>` on that PostgreSQL server;
 * otherwise the embedded database in a fresh temporary directory. The config is built here rather
 * than read from the environment, so a DATABASE_URL in the shell cannot point the bench elsewhere.
 */
export async function startTarget(serverUrl: string | undefined): Promise<BenchTarget> {
  const env: Record<string, string> = {
    NODE_ENV: 'production',
    JWT_SECRET: randomBytes(32).toString('hex'),
    NOTES_ENCRYPTION_KEYS: `bench-1:${randomBytes(32).toString('base64')}`,
    NOTES_ENCRYPTION_KEY_ID: 'bench-1',
    LOG_LEVEL: 'silent',
    // The webhooks group delivers to a receiver on 127.0.0.1.
    WEBHOOKS_ALLOW_PRIVATE_TARGETS: 'true',
    // A full run with BENCH_SCALE lasts longer than the default 15 minutes of an access token.
    ACCESS_TOKEN_TTL_SECONDS: '86400',
  };
  let databaseUrl: string | undefined;
  let discard: () => Promise<void>;
  if (serverUrl) {
    const name = `trustpath_bench_${randomBytes(6).toString('hex')}`;
    await onServer(serverUrl, `CREATE DATABASE ${name}`);
    databaseUrl = withDatabase(serverUrl, name);
    discard = () => onServer(serverUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  } else {
    const dataDir = mkdtempSync(join(tmpdir(), 'trustpath-bench-'));
    env.DATA_DIR = dataDir;
    discard = async () => rmSync(dataDir, { recursive: true, force: true });
  }

  const variants: BenchServer[] = [];
  let child: Child | undefined;
  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      try {
        for (const variant of variants) await variant.close();
        await child?.close();
      } finally {
        await discard();
      }
    })());

  const flags = defaultFlags();
  try {
    const started = await Child.start<ServerReady>(SERVER_MODULE, flags, { env, databaseUrl, embedded: !serverUrl } satisfies ServerStart);
    child = started.child;
    const ready = started.ready;
    const main = child;
    const origin = `http://127.0.0.1:${ready.port}`;
    return {
      origin,
      pid: main.pid,
      flags,
      databaseKind: ready.databaseKind,
      embedded: !serverUrl,
      poolSize: ready.poolSize,
      jwt: ready.jwt,
      databaseUrl: ready.databaseUrl,
      query: (sql, parameters) => main.call('query', { sql, parameters }),
      transaction: (statements) => main.call('transaction', statements),
      drain: () => main.call('drain'),
      responsesSent: () => main.call('responses'),
      async probe(path, headers, write) {
        await main.call('captureStart');
        try {
          const response = await fetch(`${origin}${path}`, {
            method: write?.method ?? 'GET',
            headers: write?.body === undefined ? headers : { ...headers, 'content-type': 'application/json' },
            body: write?.body === undefined ? undefined : JSON.stringify(write.body),
          });
          const body = await response.text();
          // The audit writer's insert for this request, if it flushes at once, is counted with it.
          await main.call('drain');
          return { status: response.status, body, headers: response.headers, queries: await main.call<CapturedQuery[]>('captureStop') };
        } catch (error) {
          await main.call('captureStop');
          throw error;
        }
      },
      auditOff: () => main.call('auditOff'),
      auditOn: () => main.call('auditOn'),
      invoke: (module, name, args = []) => main.call('invoke', { module: serverModule(module), name, args }),
      async startVariant(variantFlags) {
        if (!serverUrl) throw new Error('a second TrustPath process needs a PostgreSQL server (BENCH_DATABASE_URL)');
        const variant = await Child.start<ServerReady>(SERVER_MODULE, variantFlags, { env, databaseUrl, embedded: false } satisfies ServerStart);
        const handle: BenchServer = {
          origin: `http://127.0.0.1:${variant.ready.port}`,
          pid: variant.child.pid,
          flags: variantFlags,
          close: () => variant.child.close(),
        };
        variants.push(handle);
        return handle;
      },
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
