import 'reflect-metadata';
import type { ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { createApp } from '../src/app';
import { AuditWriter } from '../src/audit/audit.writer';
import { AppConfig, loadConfig } from '../src/config/app-config';
import { EMBEDDED_CONNECTIONS } from '../src/database/embedded-postgres';
import { serve } from './ipc';

/**
 * TrustPath in a process of its own, driven by the bench over IPC (target.ts): the load reaches it
 * over HTTP, and the CPU it uses is read from /proc for this process alone. Besides serving, it
 * answers the bench's few needs from inside: SQL on its database (the embedded one serves a single
 * connection), draining the audit writer, counting responses, capturing the SQL of a probe request,
 * switching the audit write off for one scenario, and running a bench function next to the app.
 */
export interface ServerStart {
  env: Record<string, string>;
  databaseUrl?: string;
  embedded: boolean;
}

export interface ServerReady {
  port: number;
  databaseKind: string;
  poolSize: number;
  jwt: { secret: string; issuer: string; audience: string };
  databaseUrl: string;
}

export interface CapturedQuery {
  sql: string;
  parameters: unknown[];
}

/** A function a scenario runs inside the server process: `require(module)[name](app, ...args)`. */
export type InServer = (app: NestFastifyApplication, ...args: never[]) => unknown;

serve<ServerStart>(async ({ env, databaseUrl, embedded }) => {
  const running = await createApp(loadConfig(env), { databaseUrl });
  const { app } = running;
  await app.listen({ port: 0, host: '127.0.0.1' });
  const server = app.getHttpServer();
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
  const dataSource = app.get(DataSource);
  const auditWriter = app.get(AuditWriter);
  const config = app.get(AppConfig);
  const record = auditWriter.record;
  const logger = dataSource.logger;
  const logQuery = logger.logQuery;
  let captured: CapturedQuery[] | undefined;
  const [{ server_version: version }] = await dataSource.query('SHOW server_version');

  const value: ServerReady = {
    port: (server.address() as AddressInfo).port,
    databaseKind: embedded ? `embedded PGlite (PostgreSQL ${version})` : `PostgreSQL ${version} server`,
    // The embedded database always serves one connection, whatever DATABASE_POOL_SIZE says.
    poolSize: embedded ? EMBEDDED_CONNECTIONS : config.DATABASE_POOL_SIZE,
    jwt: { secret: config.JWT_SECRET!, issuer: config.JWT_ISSUER, audience: config.JWT_AUDIENCE },
    databaseUrl: running.databaseUrl,
  };
  return {
    value,
    close: () => running.close(),
    handlers: {
      query: ({ sql, parameters }: { sql: string; parameters?: unknown[] }) => dataSource.query(sql, parameters),
      /** Statements in one transaction, in order; answers the last one's rows. */
      transaction: async (statements: { sql: string; parameters?: unknown[] }[]) => {
        const runner = dataSource.createQueryRunner();
        await runner.connect();
        try {
          await runner.startTransaction();
          let last: unknown;
          for (const { sql, parameters } of statements) last = await runner.query(sql, parameters);
          await runner.commitTransaction();
          return last;
        } catch (error) {
          if (runner.isTransactionActive) await runner.rollbackTransaction();
          throw error;
        } finally {
          await runner.release();
        }
      },
      drain: () => auditWriter.drain(),
      responses: () => responses,
      // Every query goes through `logger.logQuery`, a no-op with logging off. Nothing else may be in flight.
      captureStart: () => {
        captured = [];
        logger.logQuery = (sql: string, parameters?: unknown[]) => {
          captured?.push({ sql, parameters: parameters ?? [] });
        };
      },
      captureStop: () => {
        logger.logQuery = logQuery;
        const queries = captured ?? [];
        captured = undefined;
        return queries;
      },
      // Bench-only: the product has no switch for its audit trail, and must not get one.
      auditOff: () => {
        auditWriter.record = () => undefined;
      },
      auditOn: () => {
        auditWriter.record = record;
      },
      invoke: ({ module, name, args }: { module: string; name: string; args: unknown[] }) => {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const fn = (require(module) as Record<string, InServer>)[name];
        if (typeof fn !== 'function') throw new Error(`${module} exports no function ${name}`);
        return fn(app, ...(args as never[]));
      },
    },
  };
});
