import 'reflect-metadata';
import { join, resolve } from 'node:path';
import { config as loadDotenv } from 'dotenv';
import { ConfigError, loadConfig } from './config/app-config';
import { DataDirLockedError } from './database/data-dir-lock';
import { initializeDataDir } from './database/embedded-initdb';
import { connectErrorReason, DatabaseUnreachableError } from './database/wait-for-database';
import { createPino } from './logging/logger';

async function main(): Promise<void> {
  loadDotenv({ quiet: true });
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`TrustPath cannot start. ${error.message}\n`);
      process.exit(78);
    }
    throw error;
  }
  const pino = createPino(config.LOG_LEVEL);
  const started = Date.now();
  // A new embedded database is created in a child process while this one loads the application's
  // modules; the embedded database awaits it (and reports its failure) when it opens.
  if (!config.DATABASE_URL) initializeDataDir(join(resolve(config.DATA_DIR), 'pg')).catch(() => undefined);
  const { createApp } = await import('./app');
  let running;
  try {
    running = await createApp(config, { pino });
  } catch (error) {
    if (error instanceof DataDirLockedError) {
      pino.fatal({ msg: error.message, dataDir: error.dataDir, holderPid: error.holderPid, holderHost: error.holderHost });
      process.exit(75); // EX_TEMPFAIL: starts once the other process has stopped
    }
    if (error instanceof DatabaseUnreachableError) {
      pino.fatal({ msg: error.message, reason: error.reason, attempts: error.attempts, permanent: error.permanent });
      process.exit(1);
    }
    throw error;
  }
  await running.app.listen({ port: config.PORT, host: config.HOST });
  pino.info({
    msg: 'TrustPath is listening',
    url: `http://${config.HOST === '0.0.0.0' ? 'localhost' : config.HOST}:${config.PORT}`,
    database: config.DATABASE_URL ? 'postgresql' : 'embedded',
    startupMs: Date.now() - started,
  });

  const shutdown = (signal: string) => {
    pino.info({ msg: 'shutting down', signal });
    const force = setTimeout(() => {
      pino.warn({ msg: 'shutdown timed out; exiting' });
      process.exit(1);
    }, config.SHUTDOWN_TIMEOUT_MS);
    force.unref();
    running.close().then(
      () => process.exit(0),
      (error: unknown) => {
        pino.error({ msg: 'shutdown failed', kind: error instanceof Error ? error.name : typeof error });
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}

main().catch((error: unknown) => {
  // One line that always says why (an AggregateError's own message is empty).
  process.stderr.write(`TrustPath failed to start: ${connectErrorReason(error)}\n`);
  process.exit(1);
});
