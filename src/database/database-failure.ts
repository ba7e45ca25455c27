/**
 * Whether an error means the database could not do the work right now, rather than that the work
 * was wrong: the connection is refused, lost or not to be had, the server is shutting down or
 * starting up, or a statement or lock wait ran out of time. Such a request is worth retrying, so it
 * answers 503 with Retry-After instead of 500.
 */
export interface DatabaseFailure {
  kind: 'unavailable' | 'timeout';
  /** The SQLSTATE, or the client's error code, for the log. */
  reason: string;
}

// SQLSTATE classes and codes: 08 connection exception, 53300 too many connections, 57P01–57P03
// shutdown and start-up, 57014 canceled (statement_timeout), 55P03 lock not available (lock_timeout).
const UNAVAILABLE_STATES = new Set(['53300', '57P01', '57P02', '57P03']);
const TIMEOUT_STATES = new Set(['57014', '55P03']);
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);
// node-postgres says these in words only.
const CLIENT_MESSAGES: [RegExp, string][] = [
  [/^Connection terminated/, 'connection-terminated'],
  [/timeout exceeded when trying to connect/, 'pool-acquire-timeout'],
  [/Client has encountered a connection error and is not queryable/, 'connection-broken'],
  [/Cannot use a pool after calling end/, 'pool-ended'],
];

export function databaseFailureOf(error: unknown, depth = 0): DatabaseFailure | undefined {
  if (!error || typeof error !== 'object' || depth > 3) return undefined;
  const { code, message, name, driverError, cause } = error as {
    code?: unknown;
    message?: unknown;
    name?: unknown;
    driverError?: unknown;
    cause?: unknown;
  };
  if (typeof code === 'string') {
    if (TIMEOUT_STATES.has(code)) return { kind: 'timeout', reason: code };
    if (code.startsWith('08') && code.length === 5) return { kind: 'unavailable', reason: code };
    if (UNAVAILABLE_STATES.has(code) || NETWORK_CODES.has(code)) return { kind: 'unavailable', reason: code };
  }
  if (typeof message === 'string') {
    for (const [pattern, reason] of CLIENT_MESSAGES) if (pattern.test(message)) return { kind: 'unavailable', reason };
  }
  // TypeORM's wrappers: the query failed (driverError), or its runner was already released after the connection broke.
  const inner = databaseFailureOf(driverError, depth + 1) ?? databaseFailureOf(cause, depth + 1);
  if (inner) return inner;
  if (name === 'QueryRunnerAlreadyReleasedError') return { kind: 'unavailable', reason: 'query-runner-released' };
  return undefined;
}
