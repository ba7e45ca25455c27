import 'reflect-metadata';
import { config as loadDotenv } from 'dotenv';
import { ConfigError, loadConfig } from '../../src/config/app-config';
import { DataDirLockedError } from '../../src/database/data-dir-lock';
import { connectErrorReason, DatabaseUnreachableError } from '../../src/database/wait-for-database';
import { createPino } from '../../src/logging/logger';
import { report } from './report';
import { DemoApiError } from './api';
import { DemoInterrupted, DemoRefused } from './errors';
import { runDemo } from './run-demo';

const USAGE = 'Usage: npm run demo [-- --force]';

/**
 * `npm run demo`: fills the configured database (DATABASE_URL, or the embedded one in DATA_DIR,
 * exactly as `npm start` would use) with a demo practice, and prints its logins. `--force` runs it
 * beside organizations that are not the demo's. Exit codes: 0 done (or already there), 1 refused
 * or failed, 64 bad arguments, 75 the data directory is in use, 78 bad settings, 130 interrupted.
 */
async function main(): Promise<number> {
  loadDotenv({ quiet: true });
  const args = process.argv.slice(2);
  if (args.some((arg) => arg !== '--force')) return fail(`${USAGE} (unknown: ${args.filter((a) => a !== '--force').join(' ')})`, 64);
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) return fail(error.message.replace(/\n\s*/g, ' '), 78);
    throw error;
  }
  // The API's request lines would bury the progress: only warnings, unless LOG_LEVEL says otherwise.
  const pino = createPino(process.env.LOG_LEVEL ? config.LOG_LEVEL : 'warn');
  // Ctrl-C stops between two requests and closes the database cleanly; a second one quits at once.
  const stop = new AbortController();
  process.once('SIGINT', () => {
    stop.abort();
    process.once('SIGINT', () => process.exit(130));
  });
  try {
    const result = await runDemo({ config, force: args.includes('--force'), progress: process.stderr.isTTY ? 'bar' : 'lines', signal: stop.signal, pino });
    process.stdout.write(report(result));
    return 0;
  } catch (error) {
    if (error instanceof DemoInterrupted) return fail(error.message, 130);
    if (error instanceof DemoRefused) return fail(error.message, 1);
    if (error instanceof DataDirLockedError) return fail(`${error.message} (stop the API before running the demo)`, 75);
    if (error instanceof DatabaseUnreachableError) return fail(`The database cannot be reached: ${error.reason}`, 1);
    if (error instanceof DemoApiError && error.code === 'SIGNUP_DISABLED') {
      return fail('The demo signs up its organization, and SIGNUP_ENABLED is false here; allow signup for the run.', 1);
    }
    const reason = error instanceof DemoApiError ? error.message : connectErrorReason(error);
    return fail(`The demo stopped: ${reason}. Nothing done is lost: run it again to finish.`, 1);
  }
}

function fail(message: string, code: number): number {
  process.stderr.write(`demo: ${message}\n`);
  return code;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`demo: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
