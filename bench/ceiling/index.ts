import { join } from 'node:path';
import { Child } from '../ipc';
import type { CapturedQuery, BenchTarget } from '../target';
import type { CeilingStart, Learned, Parameter, Route } from './server';

export interface Ceiling {
  origin: string;
  pid: number;
  /**
   * Teaches the ceiling one request (path and query, with this bearer token): TrustPath answers it
   * twice while its SQL is captured (the second, steady-state capture is the one used: no first-use
   * cache fill, no session touch), and the ceiling learns to answer it the same, byte for byte.
   */
  add(path: string, token: string): Promise<Probed>;
  close(): Promise<void>;
}

export interface Probed {
  queries: CapturedQuery[];
  body: string;
  learned: Learned;
}

const SESSION = /^\s*SELECT[\s\S]*\bFROM\s+"?auth_sessions\b/i;
const TOUCH = /^\s*UPDATE\s+"?auth_sessions\b/i;
const AUDIT = /\baudit_events\b/i;

export const claimsOf = (token: string) =>
  JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8')) as { sub: string; org: string; sid: string };

/** Probes `path` on TrustPath twice and returns the second answer and its SQL. */
export async function probe(target: BenchTarget, path: string, headers: Record<string, string>): Promise<{ body: string; queries: CapturedQuery[] }> {
  let last: Awaited<ReturnType<BenchTarget['probe']>> | undefined;
  for (let i = 0; i < 2; i++) {
    last = await target.probe(path, headers);
    if (last.status < 200 || last.status > 299) throw new Error(`probe: GET ${path} answered ${last.status}: ${last.body.slice(0, 300)}`);
  }
  await target.drain();
  return { body: last!.body, queries: last!.queries };
}

export async function startCeiling(target: BenchTarget): Promise<Ceiling> {
  if (target.embedded) throw new Error('the ceilings need a PostgreSQL server (BENCH_DATABASE_URL)');
  const start: CeilingStart = { databaseUrl: target.databaseUrl, poolSize: target.poolSize, jwt: target.jwt };
  const { child, ready } = await Child.start<{ port: number }>(join(__dirname, 'server.ts'), [], start);
  return {
    origin: `http://127.0.0.1:${ready.port}`,
    pid: child.pid,
    async add(path, token) {
      const { body, queries } = await probe(target, path, { authorization: `Bearer ${token}` });
      const claims = claimsOf(token);
      const sessions = queries.filter((q) => SESSION.test(q.sql));
      if (sessions.length !== 1) throw new Error(`probe: expected one session statement for ${path}, found ${sessions.length}`);
      const parameters = sessions[0].parameters.map((value): Parameter => {
        if (value === claims.org) return { claim: 'org' };
        if (value === claims.sid) return { claim: 'sid' };
        if (value === claims.sub) return { claim: 'sub' };
        return { constant: value };
      });
      const route: Route = {
        url: path,
        session: { sql: sessions[0].sql, parameters },
        statements: queries.filter((q) => !SESSION.test(q.sql) && !TOUCH.test(q.sql) && !AUDIT.test(q.sql)),
      };
      const learned = await child.call<Learned>('route', { route, expected: body });
      return { queries, body, learned };
    },
    close: () => child.close(),
  };
}
