import { createSecretKey, KeyObject } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import Fastify, { FastifyReply } from 'fastify';
import { verify, VerifyOptions } from 'jsonwebtoken';
import { Pool, PoolClient } from 'pg';
import { serve } from '../ipc';
import { LIVE_BODY } from './floor';
import { coverage, learn, Node, renderBody, Rows } from './template';

/**
 * The raw ceiling, in a process of its own: plain Fastify on a plain `pg.Pool` of TrustPath's size,
 * doing for each request what TrustPath must do and nothing else. The same credential check (HS256
 * JWT with the same secret, issuer and audience, then TrustPath's own session statement, and its
 * once-a-minute touch), the same data statements TrustPath ran for the same request (captured from
 * it, in the same order, with the same parameters), and a body built from their rows by a template
 * (template.ts) checked byte for byte against TrustPath's answer. No Nest, no validation, no helmet,
 * no logging hook, and no audit write.
 */
export interface CeilingStart {
  databaseUrl: string;
  poolSize: number;
  jwt: { secret: string; issuer: string; audience: string };
}

/** Where a bind parameter of the session statement comes from: the token's claims, or a constant. */
export type Parameter = { claim: 'org' | 'sub' | 'sid' } | { constant: unknown };

export interface Statement {
  sql: string;
  parameters: unknown[];
}

export interface Route {
  /** The exact path and query the ceiling answers (the load repeats one request). */
  url: string;
  session: { sql: string; parameters: Parameter[] };
  statements: Statement[];
}

export interface Learned {
  /** Leaves of the body taken from rows, and kept constant. */
  fromRows: number;
  constant: number;
}

// The authenticator's own touch of a session's last_seen_at (src/auth/authenticator.service.ts).
const TOUCH_SQL = `UPDATE auth_sessions SET last_seen_at = now() WHERE organization_id = $1 AND id = $2`;
const BEARER = /^Bearer ([A-Za-z0-9._~+/=-]+)$/i;
const TRANSACTION = /^\s*(START TRANSACTION|BEGIN|COMMIT|ROLLBACK)\b/i;

interface Claims {
  sub?: string;
  org?: string;
  sid?: string;
  role?: string;
}

function problem(reply: FastifyReply, status: number, title: string) {
  return reply.code(status).type('application/problem+json').send({ type: 'about:blank', title, status });
}

serve<CeilingStart>(async ({ databaseUrl, poolSize, jwt }) => {
  const pool = new Pool({ connectionString: databaseUrl, max: poolSize });
  // An idle connection ended by the server (the run's database dropped at the end) is not a failure.
  pool.on('error', () => undefined);
  const key: KeyObject = createSecretKey(Buffer.from(jwt.secret));
  const verifyOptions: VerifyOptions & { complete?: false } = { algorithms: ['HS256'], issuer: jwt.issuer, audience: jwt.audience };
  const routes = new Map<string, { route: Route; template: Node; transactional: boolean }>();

  /** The data statements, in order: on one connection when TrustPath ran them in a transaction. */
  async function run(route: Route, transactional: boolean): Promise<Rows[]> {
    const results: Rows[] = [];
    if (!transactional) {
      for (const s of route.statements) results.push((await pool.query(s.sql, s.parameters)).rows);
      return results;
    }
    const client: PoolClient = await pool.connect();
    try {
      for (const s of route.statements) results.push((await client.query(s.sql, s.parameters)).rows);
    } finally {
      client.release();
    }
    return results;
  }

  const app = Fastify({ logger: false });
  // The floor: what plain Fastify costs for TrustPath's liveness answer (no auth, no database).
  app.get('/health/live', async (_request, reply) => reply.type('application/json; charset=utf-8').send(LIVE_BODY));
  app.get('/*', async (request, reply) => {
    const found = routes.get(request.url);
    if (!found) return problem(reply, 404, 'The ceiling has no captured SQL for this request');
    const match = typeof request.headers.authorization === 'string' ? BEARER.exec(request.headers.authorization.trim()) : null;
    if (!match) return problem(reply, 401, 'Unauthenticated');
    let claims: Claims;
    try {
      claims = verify(match[1], key, verifyOptions) as Claims;
    } catch {
      return problem(reply, 401, 'Unauthenticated');
    }
    if (!claims.sub || !claims.org || !claims.sid || !claims.role) return problem(reply, 401, 'Unauthenticated');
    const { session } = found.route;
    const bound = session.parameters.map((p) => ('constant' in p ? p.constant : claims[p.claim]));
    const { rows: users } = await pool.query<{ stale?: boolean }>(session.sql, bound);
    if (users.length === 0) return problem(reply, 401, 'Unauthenticated');
    if (users[0].stale) await pool.query(TOUCH_SQL, [claims.org, claims.sid]);
    const body = renderBody(found.template, await run(found.route, found.transactional));
    return reply.type('application/json; charset=utf-8').send(body);
  });
  await app.listen({ port: 0, host: '127.0.0.1' });

  return {
    value: { port: (app.server.address() as AddressInfo).port },
    close: async () => {
      await app.close();
      await pool.end();
    },
    handlers: {
      /** Learns the body's template from one run of the statements; refuses unless it renders `expected` exactly. */
      route: async ({ route, expected }: { route: Route; expected: string }): Promise<Learned> => {
        const transactional = route.statements.some((s) => TRANSACTION.test(s.sql));
        const results = await run(route, transactional);
        const template = learn(JSON.parse(expected), results);
        const rendered = renderBody(template, results);
        if (process.env.BENCH_DEBUG_CEILING) process.stderr.write(`${route.url}\n${JSON.stringify(template).slice(0, 4000)}\n${JSON.stringify(results.map((r) => r.slice(0, 2))).slice(0, 3000)}\n`);
        if (rendered !== expected) {
          let at = 0;
          while (at < rendered.length && rendered[at] === expected[at]) at++;
          throw new Error(
            `the ceiling's body for ${route.url} differs from TrustPath's at byte ${at}:\n` +
              `  ceiling:   …${rendered.slice(Math.max(0, at - 80), at + 120)}\n  TrustPath: …${expected.slice(Math.max(0, at - 80), at + 120)}`,
          );
        }
        routes.set(route.url, { route, template, transactional });
        const [fromRows, constant] = coverage(template);
        return { fromRows, constant };
      },
    },
  };
});
