import { Writable } from 'node:stream';
import pino from 'pino';
import { createApp } from '../src/app';
import { loadConfig } from '../src/config/app-config';
import { connectErrorReason, DatabaseUnreachableError } from '../src/database/wait-for-database';
import { freePort } from './support/free-port';

/** A logger that keeps its JSON lines, to read what start-up said. */
function memoryLogger() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  return { logger: pino({ level: 'info' }, stream), lines };
}

const config = (env: Record<string, string> = {}) =>
  loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DATABASE_CONNECT_ATTEMPTS: '3', DATABASE_CONNECT_RETRY_MS: '50', ...env });

describe('start-up against a database it cannot use', () => {
  it('says why on every attempt, retries a database that is not up, and gives up with the reason', async () => {
    const { logger, lines } = memoryLogger();
    const url = `postgres://postgres@127.0.0.1:${await freePort()}/trustpath`;
    const failure = await createApp(config(), { databaseUrl: url, pino: logger }).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(DatabaseUnreachableError);
    expect((failure as DatabaseUnreachableError).permanent).toBe(false);
    expect((failure as Error).message).toMatch(/after 3 attempts \(.*ECONNREFUSED/);
    const retries = lines.filter((line) => line.msg === 'database not reachable yet; retrying');
    expect(retries.map((line) => [line.attempt, String(line.reason).includes('ECONNREFUSED')])).toEqual([
      [1, true],
      [2, true],
    ]);
  });

  const server = process.env.TEST_DATABASE_URL;
  (server ? it : it.skip)('stops at once, saying why, on an unknown database or role', async () => {
    for (const [change, code] of [
      [(u: URL) => (u.pathname = '/trustpath_no_such_database'), '3D000'],
      [(u: URL) => (u.username = 'no_such_role'), '28000'],
    ] as const) {
      const { logger, lines } = memoryLogger();
      const url = new URL(server!);
      change(url);
      const failure = await createApp(config({ DATABASE_CONNECT_ATTEMPTS: '50', DATABASE_CONNECT_RETRY_MS: '10000' }), { databaseUrl: url.toString(), pino: logger }).then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(failure).toBeInstanceOf(DatabaseUnreachableError);
      expect([code, (failure as DatabaseUnreachableError).permanent, (failure as Error).message]).toEqual([code, true, expect.stringContaining(code)]);
      expect(lines.filter((line) => line.msg === 'database not reachable yet; retrying')).toEqual([]);
    }
  });

  it('never describes a failure with an empty line', () => {
    const both = new AggregateError([Object.assign(new Error('connect ECONNREFUSED ::1:5432'), { code: 'ECONNREFUSED' }), Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' })], '');
    expect(connectErrorReason(both)).toBe('connect ECONNREFUSED ::1:5432; connect ECONNREFUSED 127.0.0.1:5432');
    expect(connectErrorReason(Object.assign(new Error(''), { code: 'ETIMEDOUT' }))).toBe('ETIMEDOUT: Error');
    expect(connectErrorReason('down')).toBe('down');
  });
});
