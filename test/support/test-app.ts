import { NestFastifyApplication } from '@nestjs/platform-fastify';
import supertest from 'supertest';
import TestAgent from 'supertest/lib/agent';
import { DataSource } from 'typeorm';
import { createApp } from '../../src/app';
import { AppConfig, loadConfig } from '../../src/config/app-config';
import { createTestDatabase, TestDatabase } from './database';
import { ObservedResponse, responseContract } from './response-contract';

export interface TestApp {
  app: NestFastifyApplication;
  http: TestAgent;
  dataSource: DataSource;
  database: TestDatabase;
  config: AppConfig;
  close(): Promise<void>;
}

/**
 * The real application on a fresh clone of the migrated template database (through a proxy when
 * `connectVia` says so), or on `database` with exactly `config` when given (closing drops it too).
 * Webhook workers are off unless `env` turns them on (`WEBHOOK_WORKERS: 'true'`).
 */
export async function startTestApp(
  env: Record<string, string> = {},
  options: {
    connectVia?: (databaseUrl: string) => string;
    database?: TestDatabase;
    config?: AppConfig;
    /** Sees every answer the app sends, as the response contract does (route as Fastify names it). */
    observe?: (response: ObservedResponse) => void;
  } = {},
): Promise<TestApp> {
  const database = options.database ?? (await createTestDatabase());
  // Webhook workers poll the queue; only the suites that deliver webhooks turn them on. A request
  // waits longer for a connection than in production: a loaded CI machine (the embedded database
  // answers one statement at a time) is not what these suites test; the fault suites set their own.
  const defaults = { NODE_ENV: 'test', LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent', WEBHOOK_WORKERS: 'false', DATABASE_ACQUIRE_TIMEOUT_MS: '20000' };
  const config = options.config ?? loadConfig({ ...defaults, ...env });
  const databaseUrl = options.connectVia ? options.connectVia(database.url) : database.url;
  const running = await createApp(config, { databaseUrl, poolSize: database.poolSize });
  const fastify = running.app.getHttpAdapter().getInstance();
  // Every answer is checked against the spec; a mismatch fails the test that caused it.
  fastify.addHook('onSend', async (request, reply, payload) => {
    if (typeof payload === 'string' || Buffer.isBuffer(payload) || payload === null || payload === undefined) {
      const observed: ObservedResponse = {
        method: request.method,
        route: request.routeOptions?.url,
        url: request.url,
        status: reply.statusCode,
        headers: reply.getHeaders(),
        body: payload === null || payload === undefined ? '' : payload.toString(),
      };
      responseContract.record(observed);
      options.observe?.(observed);
    }
    return payload;
  });
  await fastify.ready();
  return {
    app: running.app,
    http: supertest(running.app.getHttpServer()),
    dataSource: running.app.get(DataSource),
    database,
    config,
    close: async () => {
      await running.close();
      await database.drop();
    },
  };
}
