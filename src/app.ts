import { randomUUID } from 'node:crypto';
import helmet from '@fastify/helmet';
import cors from '@fastify/cors';
import { INestApplication, Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { SwaggerModule } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Logger as Pino } from 'pino';
import { DataSource } from 'typeorm';
import { AppModule } from './app.module';
import { AppConfig } from './config/app-config';
import { EMBEDDED_CONNECTIONS, EmbeddedPostgres } from './database/embedded-postgres';
import { migrate } from './database/migrator';
import { sendProblem } from './errors/problem.filter';
import { createValidationPipe } from './http/validation';
import { createPino, JsonLogger } from './logging/logger';
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
    return503OnClosing: true,
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

async function configureHttp(app: NestFastifyApplication, config: AppConfig, pino: Pino): Promise<void> {
  const fastify = app.getHttpAdapter().getInstance();
  // Bodies are JSON only: without this, Fastify's built-in text/plain parser hands the text to
  // validation (a 400) where every other non-JSON body is a 415.
  fastify.removeContentTypeParser('text/plain');
  fastify.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  fastify.addHook('onResponse', async (request: FastifyRequest, reply) => {
    pino.info({
      msg: 'request',
      reqId: request.id,
      method: request.method,
      route: request.routeOptions?.url ?? 'unmatched',
      status: reply.statusCode,
      ms: Math.round(reply.elapsedTime),
    });
  });
  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        upgradeInsecureRequests: null,
      },
    },
  });
  const origins = config.CORS_ORIGINS.split(',').map((o) => o.trim()).filter(Boolean);
  if (origins.length > 0) {
    await app.register(cors, {
      origin: origins.includes('*') ? true : origins,
      exposedHeaders: ['ETag', 'X-Request-Id', 'Retry-After', 'Idempotency-Replayed'],
      allowedHeaders: ['Authorization', 'Content-Type', 'If-Match', 'Idempotency-Key', 'X-API-Key', 'X-Request-Id'],
      methods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
    });
  }
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
    const app = await NestFactory.create<NestFastifyApplication>(
      AppModule.forRoot(config, databaseUrl, poolSize),
      createAdapter(config),
      { logger: new JsonLogger(pino), abortOnError: false },
    );
    configureRouting(app);
    await configureHttp(app, config, pino);
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
    let closing: Promise<void> | undefined;
    return {
      app,
      databaseUrl,
      close: () =>
        (closing ??= (async () => {
          await app.close();
          await embedded?.stop();
        })()),
    };
  } catch (error) {
    await embedded?.stop();
    throw error;
  }
}
