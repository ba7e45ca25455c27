import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { createApp } from '../src/app';
import { loadConfig } from '../src/config/app-config';

/** TrustPath listening on loopback, on a database that exists only for this run. */
export interface BenchTarget {
  origin: string;
  app: NestFastifyApplication;
  dataSource: DataSource;
  databaseKind: string;
  /** Responses the server has finished sending: what the audit trail hook sees, request for request. */
  responsesSent(): number;
  /** Closes the app, then drops the database or deletes the data directory. Safe to call twice. */
  close(): Promise<void>;
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

  let running: Awaited<ReturnType<typeof createApp>> | undefined;
  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      try {
        await running?.close();
      } finally {
        await discard();
      }
    })());

  try {
    running = await createApp(loadConfig(env), { databaseUrl });
    await running.app.listen({ port: 0, host: '127.0.0.1' });
    const server = running.app.getHttpServer();
    const { port } = server.address() as AddressInfo;
    // The same events Fastify runs its onResponse hooks on, so the audit trail hook fires once per count.
    let responses = 0;
    server.on('request', (_request: unknown, response: ServerResponse) => {
      let counted = false;
      const count = () => {
        if (!counted) responses++;
        counted = true;
      };
      response.once('finish', count);
      response.once('error', count);
    });
    const dataSource = running.app.get(DataSource);
    const [{ server_version: version }] = await dataSource.query('SHOW server_version');
    return {
      origin: `http://127.0.0.1:${port}`,
      app: running.app,
      dataSource,
      databaseKind: serverUrl ? `PostgreSQL ${version} server` : `embedded PGlite (PostgreSQL ${version})`,
      responsesSent: () => responses,
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
