import type { DataSource } from 'typeorm';

export interface CapturedQuery {
  sql: string;
  parameters: unknown[];
}

/**
 * Bench-only: the SQL TrustPath runs for one request, read off TypeORM's logger (every query goes
 * through `logger.logQuery`, which is a no-op with logging off). Nothing else may be in flight.
 */
export async function captureSql(dataSource: DataSource, url: string, headers: Record<string, string>): Promise<{ queries: CapturedQuery[]; body: unknown }> {
  const logger = dataSource.logger;
  const original = logger.logQuery;
  const queries: CapturedQuery[] = [];
  logger.logQuery = (sql: string, parameters?: unknown[]) => {
    queries.push({ sql, parameters: parameters ?? [] });
  };
  try {
    const response = await fetch(url, { headers });
    if (!response.ok) throw new Error(`probe: GET ${url} answered ${response.status}: ${await response.text()}`);
    return { queries, body: await response.json() };
  } finally {
    logger.logQuery = original;
  }
}

/** The one captured query whose text matches, or an error naming what was seen. */
export function pick(queries: CapturedQuery[], what: string, test: RegExp): CapturedQuery {
  const found = queries.filter((q) => test.test(q.sql));
  if (found.length !== 1) {
    throw new Error(`probe: expected one ${what} query, found ${found.length} among:\n${queries.map((q) => q.sql).join('\n---\n')}`);
  }
  return found[0];
}
