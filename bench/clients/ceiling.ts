import { createSecretKey, KeyObject } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import Fastify, { FastifyInstance, FastifyReply } from 'fastify';
import { verify, VerifyOptions } from 'jsonwebtoken';
import type { Pool } from 'pg';
import type { CapturedQuery } from './probe';

/**
 * The ceiling for `GET /v1/clients`: a plain Fastify route on a plain `pg.Pool`, doing what TrustPath
 * must do for the request and nothing else. The same credential check (HS256 JWT with the same secret,
 * issuer and audience, then the same session + user query, and the same once-a-minute touch), the
 * same list SQL and care-team SQL (captured from TrustPath, not rewritten), and a body of the same
 * shape. No Nest, no validation pipe, no helmet, no logging hook, and no audit write.
 */

/** Where each bind parameter of a captured statement comes from in a request. */
type Source = 'org' | 'user' | 'session' | 'pattern' | 'cursorAt' | 'cursorId' | 'ids';
type Parameter = { source: Source } | { constant: unknown };
type Values = Partial<Record<Source, unknown>>;

export interface Statement {
  sql: string;
  parameters: Parameter[];
}

export interface ListPlan {
  limit: number;
  list: Statement;
  careTeam: Statement;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const EXACT_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;
const BEARER = /^Bearer ([A-Za-z0-9._~+/=-]+)$/i;
// The authenticator's own touch of a session's last_seen_at (src/auth/authenticator.service.ts).
const TOUCH_SQL = `UPDATE auth_sessions SET last_seen_at = now() WHERE organization_id = $1 AND id = $2`;

/**
 * Turns a captured statement into one that binds the same parameters from another request: each
 * parameter is matched to the probe request's value it equals (an array is the page's ids). A
 * uuid that matches nothing is a new input the ceiling does not know, so it refuses.
 */
export function bindable(captured: CapturedQuery, probe: Values): Statement {
  const parameters = captured.parameters.map((value): Parameter => {
    if (Array.isArray(value)) return { source: 'ids' };
    const source = (Object.keys(probe) as Source[]).find((key) => key !== 'ids' && probe[key] === value);
    if (source) return { source };
    if (typeof value === 'string' && UUID.test(value)) throw new Error(`ceiling: no request value for parameter ${value} of\n${captured.sql}`);
    return { constant: value };
  });
  return { sql: captured.sql, parameters };
}

function bind(statement: Statement, values: Values): unknown[] {
  return statement.parameters.map((p) => ('constant' in p ? p.constant : values[p.source]));
}

/** Which list SQL TrustPath builds for a request: the same branches as ClientsService.list. */
export function planKey(wholeOrganization: boolean, search: boolean, cursor: boolean): string {
  return [wholeOrganization ? 'organization' : 'caseload', search ? 'search' : '', cursor ? 'cursor' : ''].filter(Boolean).join('+');
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');
/** What TypeORM makes of a `date` column (pg parses it to a local Date; TypeORM prints it back). */
const dateOnly = (value: unknown) =>
  value instanceof Date ? `${pad(value.getFullYear(), 4)}-${pad(value.getMonth() + 1)}-${pad(value.getDate())}` : value;

interface CareTeamRow {
  record_id: string;
  user_id: string;
  display_name: string;
  role: string;
  added_at: Date;
}

function problem(reply: FastifyReply, status: number, title: string) {
  return reply.code(status).type('application/problem+json').send({ type: 'about:blank', title, status });
}

export interface CeilingOptions {
  pool: Pool;
  secret: string;
  issuer: string;
  audience: string;
  session: Statement;
  plans: Map<string, ListPlan>;
}

export interface Ceiling {
  origin: string;
  close(): Promise<void>;
}

export async function startCeiling(options: CeilingOptions): Promise<Ceiling> {
  const { pool, session, plans } = options;
  const key: KeyObject = createSecretKey(Buffer.from(options.secret));
  const verifyOptions: VerifyOptions & { complete?: false } = { algorithms: ['HS256'], issuer: options.issuer, audience: options.audience };
  const app: FastifyInstance = Fastify({ logger: false });

  app.get('/v1/clients', async (request, reply) => {
    const match = typeof request.headers.authorization === 'string' ? BEARER.exec(request.headers.authorization.trim()) : null;
    if (!match) return problem(reply, 401, 'Unauthenticated');
    let claims: { sub?: string; org?: string; sid?: string; role?: string };
    try {
      claims = verify(match[1], key, verifyOptions) as typeof claims;
    } catch {
      return problem(reply, 401, 'Unauthenticated');
    }
    if (!claims.sub || !claims.org || !claims.sid || !claims.role) return problem(reply, 401, 'Unauthenticated');
    const values: Values = { org: claims.org, user: claims.sub, session: claims.sid };
    const { rows: users } = await pool.query<{ role: string; stale: boolean }>(session.sql, bind(session, values));
    if (users.length === 0) return problem(reply, 401, 'Unauthenticated');
    if (users[0].stale) await pool.query(TOUCH_SQL, [claims.org, claims.sid]);

    const query = request.query as Record<string, string | undefined>;
    const limit = query.limit === undefined ? 25 : /^\d+$/.test(query.limit) ? Number(query.limit) : NaN;
    if (!(limit >= 1 && limit <= 100)) return problem(reply, 400, 'Invalid limit');
    const q = query.q?.trim();
    if (q !== undefined && (q.length < 2 || q.length > 100)) return problem(reply, 400, 'Invalid q');
    if (q) values.pattern = `%${q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    if (query.cursor) {
      let position: { o?: unknown; t?: unknown; i?: unknown } = {};
      try {
        position = JSON.parse(Buffer.from(query.cursor, 'base64url').toString('utf8'));
      } catch {
        // refused below
      }
      if (position.o !== 'created' || typeof position.t !== 'string' || !EXACT_UTC.test(position.t) || typeof position.i !== 'string' || !UUID.test(position.i)) {
        return problem(reply, 400, 'Invalid cursor');
      }
      values.cursorAt = position.t;
      values.cursorId = position.i;
    }
    const wholeOrganization = users[0].role === 'owner' || users[0].role === 'admin';
    const plan = plans.get(planKey(wholeOrganization, Boolean(q), Boolean(query.cursor)));
    if (!plan || plan.limit !== limit) return problem(reply, 500, 'The ceiling has no captured SQL for this request');

    const { rows } = await pool.query<Record<string, unknown>>(plan.list.sql, bind(plan.list, values));
    const page = rows.slice(0, limit);
    const teams = new Map<string, { userId: string; displayName: string; role: string; addedAt: Date }[]>();
    for (const row of page) teams.set(row.client_id as string, []);
    if (page.length > 0) {
      values.ids = page.map((row) => row.client_id);
      const { rows: members } = await pool.query<CareTeamRow>(plan.careTeam.sql, bind(plan.careTeam, values));
      for (const m of members) teams.get(m.record_id)?.push({ userId: m.user_id, displayName: m.display_name, role: m.role, addedAt: m.added_at });
    }
    const last = rows.length > limit ? page[limit - 1] : undefined;
    return {
      data: page.map((row) => ({
        id: row.client_id,
        organizationId: row.client_organization_id,
        firstName: row.client_first_name,
        lastName: row.client_last_name,
        preferredName: row.client_preferred_name,
        pronouns: row.client_pronouns,
        dateOfBirth: dateOnly(row.client_date_of_birth),
        email: row.client_email,
        phone: row.client_phone,
        externalId: row.client_external_id,
        status: row.client_status,
        tags: row.client_tags,
        careTeam: teams.get(row.client_id as string),
        archivedAt: row.client_archived_at,
        createdAt: row.client_created_at,
        updatedAt: row.client_updated_at,
        version: row.client_version,
      })),
      nextCursor: last ? Buffer.from(JSON.stringify({ o: 'created', t: last.page_at, i: last.page_id })).toString('base64url') : null,
    };
  });

  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  return { origin: `http://127.0.0.1:${port}`, close: () => app.close() };
}
