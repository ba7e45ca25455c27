import { setTimeout as sleep } from 'node:timers/promises';
import { Client } from 'pg';
import { Logger as Pino } from 'pino';

/**
 * Errors no retry can cure: the database or role does not exist, the password is wrong, the role
 * may not connect. Start-up stops at once on these, saying why.
 */
const PERMANENT = new Set(['3D000', '28000', '28P01', '42501']);

export function isPermanentConnectError(error: unknown): boolean {
  return PERMANENT.has((error as { code?: string })?.code ?? '');
}

/**
 * Why a connection attempt failed, in one line that is never empty: the PostgreSQL or system error
 * code and message, or each attempt of a connection tried on several addresses (an AggregateError,
 * whose own message is empty).
 */
export function connectErrorReason(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0) {
    return [...new Set(error.errors.map((inner: unknown) => connectErrorReason(inner)))].join('; ');
  }
  if (error instanceof Error) {
    const code = (error as { code?: string }).code;
    const text = error.message || error.name;
    return code && !text.includes(code) ? `${code}: ${text}` : text;
  }
  return String(error);
}

export class DatabaseUnreachableError extends Error {
  constructor(
    readonly reason: string,
    readonly attempts: number,
    readonly permanent: boolean,
  ) {
    super(
      permanent
        ? `The database refused the connection (${reason}); retrying cannot help: check DATABASE_URL.`
        : `The database could not be reached after ${attempts} attempt${attempts === 1 ? '' : 's'} (${reason}).`,
    );
    this.name = 'DatabaseUnreachableError';
  }
}

/**
 * Connects once before the application is built, so start-up says why it waits: every failed
 * attempt is logged with its reason, permanent errors stop at once, transient ones (the server
 * still starting, a network blip) are retried up to `attempts` times, `delayMs` apart.
 */
export async function waitForDatabase(url: string, options: { attempts: number; delayMs: number; ssl?: boolean }, pino: Pino): Promise<void> {
  for (let attempt = 1; ; attempt += 1) {
    const client = new Client({ connectionString: url, ssl: options.ssl ? { rejectUnauthorized: false } : undefined, connectionTimeoutMillis: 10_000 });
    client.on('error', () => undefined);
    try {
      await client.connect();
      await client.end();
      return;
    } catch (error) {
      await client.end().catch(() => undefined);
      const reason = connectErrorReason(error);
      if (isPermanentConnectError(error)) throw new DatabaseUnreachableError(reason, attempt, true);
      if (attempt >= options.attempts) throw new DatabaseUnreachableError(reason, attempt, false);
      pino.warn({ msg: 'database not reachable yet; retrying', reason, attempt, of: options.attempts, retryInMs: options.delayMs });
      await sleep(options.delayMs);
    }
  }
}
