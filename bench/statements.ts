import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CapturedQuery } from './target';

/**
 * Statements per request, counted at the client side of TrustPath's connection (every statement goes
 * through TypeORM's logger) on a steady-state probe: the second of two identical requests, so no
 * first-use cache fill and no once-a-minute session touch. The audit insert of that lone request is
 * counted; under load the audit writer batches its inserts.
 */
export interface StatementCount {
  total: number;
  /** START TRANSACTION / COMMIT / ROLLBACK and SAVEPOINTs among them. */
  transactionControl: number;
  /** The first words of each, for the report. */
  outline: string[];
}

const TRANSACTION = /^\s*(START TRANSACTION|BEGIN|COMMIT|ROLLBACK|SAVEPOINT|RELEASE SAVEPOINT)\b/i;
const counts = new Map<string, StatementCount>();

function outlineOf(sql: string): string {
  const flat = sql.replace(/\s+/g, ' ').trim();
  const from = /\b(FROM|INTO|UPDATE)\s+("?[\w.]+"?)/i.exec(flat);
  const verb = flat.split(' ')[0].toUpperCase();
  if (TRANSACTION.test(flat)) return flat.split(' ').slice(0, 2).join(' ').toUpperCase();
  return from ? `${verb} ${from[2].replace(/"/g, '')}` : flat.slice(0, 30);
}

export function recordStatements(endpoint: string, queries: CapturedQuery[]): StatementCount {
  const count: StatementCount = {
    total: queries.length,
    transactionControl: queries.filter((q) => TRANSACTION.test(q.sql)).length,
    outline: queries.map((q) => outlineOf(q.sql)),
  };
  counts.set(endpoint, count);
  return count;
}

export function statementCounts(): Record<string, StatementCount> {
  return Object.fromEntries(counts);
}

/** The "before" run's figures (bench/results-before.json), if that file exists. */
export interface Before {
  scenarios: Record<string, { rps: number; cpuMsPerRequest: number; p50Ms: number }>;
  statements: Record<string, StatementCount>;
  ratios?: Record<string, number>;
}

let before: Before | null | undefined;

export function beforeFigures(): Before | null {
  if (before !== undefined) return before;
  const file = process.env.BENCH_BEFORE || join(__dirname, 'results-before.json');
  before = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Before) : null;
  return before;
}
