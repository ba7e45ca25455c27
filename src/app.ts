import { randomUUID, timingSafeEqual } from 'node:crypto';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import cors from '@fastify/cors';
import { INestApplication, Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { SwaggerModule } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import helmet from 'helmet';
import { Logger as Pino } from 'pino';
import type { Pool } from 'pg';
import { DataSource } from 'typeorm';
import { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import { AppModule } from './app.module';
import { AppConfig } from './config/app-config';
import { EMBEDDED_CONNECTIONS, EmbeddedPostgres } from './database/embedded-postgres';
import { migrate } from './database/migrator';
import { listenToConnectionErrors } from './database/pool-errors';
import { waitForDatabase } from './database/wait-for-database';
import { DomainError } from './errors/domain-error';
import { ErrorCode } from './errors/error-code';
import { sendProblem } from './errors/problem.filter';
import { methodNotAllowed, RouteMethods } from './http/route-methods';
import { createValidationPipe } from './http/validation';
import { createPino, JsonLogger } from './logging/logger';
import { measurePool, registry, requestDuration } from './metrics/metrics';
import { createOpenApiDocument } from './openapi/openapi';

export const API_PREFIX = 'v1';
const UNPREFIXED = ['health/live', 'health/ready'];
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;
const frameworkLogger = new Logger('Problem');

export interface RunningApp {
  app: NestFastifyApplication;
  databaseUrl: string;
  /** Stops taking requests, lets in-flight ones finish, closes the pool, then the embedded database. */
  close(): Promise<void>;
}

function requestIdOf(request: { headers: Record<string, unknown> }): string {
  const given = request.headers['x-request-id'];
  return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
}

export function createAdapter(config: AppConfig): FastifyAdapter {
  return new FastifyAdapter({
    logger: false,
    bodyLimit: config.BODY_LIMIT_BYTES,
    trustProxy: config.TRUST_PROXY,
    genReqId: (req: { headers: Record<string, unknown> }) => requestIdOf(req),
    requestIdHeader: false,
    forceCloseConnections: 'idle',
    // Requests that arrive while closing are answered by the shutdown hooks below, as problem+json.
    return503OnClosing: false,
    // Errors Fastify raises before routing (a malformed URL, an over-long path parameter) get the
    // same problem+json as everything else.
    frameworkErrors: (error: Error, request: FastifyRequest, reply: FastifyReply) => sendProblem(error, request, reply, frameworkLogger),
  });
}

/** Global prefix and validation: shared by the running app and the spec generator. */
export function configureRouting(app: INestApplication): void {
  app.setGlobalPrefix(API_PREFIX, { exclude: UNPREFIXED });
  app.useGlobalPipes(createValidationPipe());
}

/**
 * What graceful shutdown needs to know: whether the app is closing, and which requests are still
 * being answered.
 */
class Lifecycle {
  closing = false;
  readonly inFlight = new Map<FastifyRequest, FastifyReply>();
}

function shuttingDown(): DomainError {
  return new DomainError(ErrorCode.ServiceUnavailable, 'TrustPath is shutting down; retry shortly.', { headers: { 'retry-after': '5' } });
}

async function configureHttp(app: NestFastifyApplication, config: AppConfig, pino: Pino, lifecycle: Lifecycle): Promise<void> {
  const fastify = app.getHttpAdapter().getInstance();
  const routes = app.get(RouteMethods);
  routes.listenTo(fastify);
  // First, so that every answer has them, those of the shutdown hook below included.
  fastify.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
    // Every API answer may carry a client's private data or a token: no cache keeps any of it.
    if (request.url.startsWith('/v1/')) reply.header('cache-control', 'no-store');
  });
  fastify.addHook('onRequest', async (request, reply) => {
    if (!lifecycle.closing) {
      lifecycle.inFlight.set(request, reply);
      // A response the client cut short never reaches onResponse: let it go when its connection closes.
      reply.raw.once('close', () => lifecycle.inFlight.delete(request));
      return;
    }
    reply.header('connection', 'close');
    sendProblem(shuttingDown(), request, reply, frameworkLogger);
    return reply;
  });
  fastify.addHook('onSend', async (_request, reply) => {
    // Keep-alive clients reconnect elsewhere instead of reusing a socket that is about to close.
    if (lifecycle.closing) reply.header('connection', 'close');
  });
  fastify.addHook('onResponse', async (request) => {
    lifecycle.inFlight.delete(request);
  });
  // Bodies are JSON only: without this, Fastify's built-in text/plain parser hands the text to
  // validation (a 400) where every other non-JSON body is a 415.
  fastify.removeContentTypeParser('text/plain');
  fastify.addHook('onResponse', async (request: FastifyRequest, reply) => {
    requestDuration.observe(
      { method: request.method, route: request.routeOptions?.url ?? 'unmatched', status: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
    pino.info({
      msg: 'request',
      reqId: request.id,
      method: request.method,
      route: request.routeOptions?.url ?? 'unmatched',
      status: reply.statusCode,
      ms: Math.round(reply.elapsedTime),
    });
  });
  if (config.METRICS_TOKEN) {
    const expected = Buffer.from(`Bearer ${config.METRICS_TOKEN}`);
    fastify.get('/metrics', async (request, reply) => {
      const given = Buffer.from(request.headers.authorization ?? '');
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
        sendProblem(new DomainError(ErrorCode.Unauthenticated, 'Metrics need the METRICS_TOKEN as a bearer token.'), request, reply, frameworkLogger);
        return reply;
      }
      reply.header('content-type', registry.contentType).header('cache-control', 'no-store');
      return registry.metrics();
    });
  }
  // Helmet's headers on every answer. None of them depends on the request (no CSP nonce), so helmet
  // computes them once, at start-up, and each answer gets the same set: the Fastify plugin rebuilt
  // helmet's middleware for every request, and the middleware itself builds the CSP text each time.
  const securityHeaders = headersOf(
    helmet({
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'", "'unsafe-inline'"],
          imgSrc: ["'self'", 'data:'],
          upgradeInsecureRequests: null,
        },
      },
    }),
  );
  fastify.addHook('onRequest', (_request, reply, done) => {
    reply.headers(securityHeaders);
    done();
  });
  const origins = config.CORS_ORIGINS.split(',').map((o) => o.trim()).filter(Boolean);
  if (origins.length > 0) {
    await app.register(cors, {
      origin: origins.includes('*') ? true : origins,
      exposedHeaders: ['ETag', 'Location', 'X-Request-Id', 'Retry-After', 'Idempotency-Replayed', 'Allow'],
      allowedHeaders: ['Authorization', 'Content-Type', 'If-Match', 'If-None-Match', 'Idempotency-Key', 'X-API-Key', 'X-Request-Id'],
      methods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
    });
  }
  // Fastify sends a method the path does not have to the not-found handler; a path that exists
  // answers 405. Added after helmet and CORS, so the 405 carries their headers as any answer does.
  fastify.addHook('onRequest', async (request, reply) => {
    const allowed = request.is404 ? routes.allowedAt(request.url.split('?', 1)[0]) : undefined;
    if (!allowed) return;
    sendProblem(methodNotAllowed(request.method, allowed), request, reply, frameworkLogger);
    return reply;
  });
}

/**
 * The headers a Node middleware sets on every response, read once from a stand-in response: for
 * middleware whose headers do not depend on the request.
 */
function headersOf(middleware: (request: IncomingMessage, response: ServerResponse, next: (error?: unknown) => void) => void): Record<string, string> {
  const headers: Record<string, string> = {};
  const response = {
    setHeader: (name: string, value: unknown) => void (headers[name.toLowerCase()] = String(value)),
    removeHeader: (name: string) => void delete headers[name.toLowerCase()],
  };
  let done = false;
  middleware({ headers: {} } as IncomingMessage, response as unknown as ServerResponse, (error) => {
    if (error) throw error instanceof Error ? error : new Error(String(error));
    done = true;
  });
  if (!done) throw new Error('the middleware did not finish synchronously');
  return headers;
}

/** /metrics on a port of its own, for a scraper on a private network: no token. */
async function serveMetrics(host: string, port: number): Promise<Server> {
  const server = createServer((request, response) => {
    if (request.method !== 'GET' || request.url !== '/metrics') {
      response.writeHead(404).end();
      return;
    }
    registry.metrics().then(
      (text) => response.writeHead(200, { 'content-type': registry.contentType }).end(text),
      () => response.writeHead(500).end(),
    );
  });
  await new Promise<void>((resolve) => server.listen(port, host, resolve));
  return server;
}

/**
 * Stops taking requests (new ones are answered 503 with Retry-After) and gives those in flight
 * `graceMs` to finish; any still unanswered then (stuck behind a lock, say) is answered 503 too,
 * rather than have its connection reset when the process exits.
 */
async function finishInFlight(lifecycle: Lifecycle, graceMs: number): Promise<void> {
  lifecycle.closing = true;
  const deadline = Date.now() + graceMs;
  while (lifecycle.inFlight.size > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 25));
  for (const [request, reply] of lifecycle.inFlight) {
    // A streamed answer under way has sent its headers: it cannot become a problem any more.
    if (reply.sent || reply.raw.headersSent) continue;
    reply.header('connection', 'close');
    sendProblem(shuttingDown(), request, reply, frameworkLogger);
  }
  lifecycle.inFlight.clear();
}

/**
 * Builds the whole API: database (embedded unless DATABASE_URL), migrations under a lock, HTTP
 * hardening, OpenAPI. Tests and `main.ts` both start TrustPath through here.
 */
export async function createApp(
  config: AppConfig,
  options: { databaseUrl?: string; poolSize?: number; pino?: Pino } = {},
): Promise<RunningApp> {
  const pino = options.pino ?? createPino(config.LOG_LEVEL);
  let embedded: EmbeddedPostgres | undefined;
  let databaseUrl = options.databaseUrl ?? config.DATABASE_URL;
  let poolSize = options.poolSize ?? config.DATABASE_POOL_SIZE;
  if (!databaseUrl) {
    embedded = await EmbeddedPostgres.start({ dataDir: config.DATA_DIR });
    databaseUrl = embedded.url;
    poolSize = EMBEDDED_CONNECTIONS;
  }
  try {
    await waitForDatabase(databaseUrl, { attempts: config.DATABASE_CONNECT_ATTEMPTS, delayMs: config.DATABASE_CONNECT_RETRY_MS, ssl: config.DATABASE_SSL }, pino);
    const app = await NestFactory.create<NestFastifyApplication>(
      AppModule.forRoot(config, databaseUrl, poolSize),
      createAdapter(config),
      { logger: new JsonLogger(pino), abortOnError: false },
    );
    const pool = (app.get(DataSource).driver as PostgresDriver).master as Pool;
    listenToConnectionErrors(pool, (error) => pino.warn({ msg: 'database connection lost', reason: (error as { code?: string }).code ?? error.message }));
    configureRouting(app);
    const lifecycle = new Lifecycle();
    await configureHttp(app, config, pino, lifecycle);
    const document = await createOpenApiDocument(app);
    SwaggerModule.setup('docs', app, document, {
      jsonDocumentUrl: 'openapi.json',
      yamlDocumentUrl: 'openapi.yaml',
      customSiteTitle: 'TrustPath API',
    });
    if (config.MIGRATIONS_RUN) {
      const applied = await migrate(app.get(DataSource));
      if (applied.length > 0) pino.info({ msg: 'migrations applied', migrations: applied });
    }
    await app.init();
    measurePool(() => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }));
    const metricsServer = config.METRICS_PORT ? await serveMetrics(config.METRICS_HOST, config.METRICS_PORT) : undefined;
    let closing: Promise<void> | undefined;
    return {
      app,
      databaseUrl,
      close: () =>
        (closing ??= (async () => {
          await finishInFlight(lifecycle, config.SHUTDOWN_TIMEOUT_MS / 2);
          await new Promise((resolve) => (metricsServer ? metricsServer.close(resolve) : resolve(undefined)));
          await app.close();
          await embedded?.stop();
        })()),
    };
  } catch (error) {
    await embedded?.stop();
    throw error;
  }
}
