import { isDeepStrictEqual } from 'node:util';
import { Pool } from 'pg';
import type { DataSource } from 'typeorm';
import type { PostgresDataSourceOptions } from 'typeorm/driver/postgres/PostgresDataSourceOptions';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import { AppConfig } from '../../src/config/app-config';
import { bindable, Ceiling, ListPlan, planKey, startCeiling, Statement } from '../clients/ceiling';
import { CapturedQuery, captureSql, pick } from '../clients/probe';
import { ClientsSeed, seedClients } from '../clients/seed';
import type { ScenarioOutcome } from '../report';
import type { BenchContext, Scenario, ScenarioGroup } from '../scenario';

const LIMIT = 50;
/** A surname fragment common in the seeded names (Johnson, Anderson, Wilson, Jackson, ... and Jason, Madison). */
const SEARCH = 'son';
/**
 * The issue's sizes, on either database: seeding took ~5 s on the PostgreSQL 15 server and ~10 s on
 * PGlite here, so the embedded run is not scaled down. The report prints the seeding time.
 */
const SIZES = { clients: 50_000, couples: 20_000, caseload: 200 };

type Who = 'admin' | 'practitioner';

/** One list request measured against TrustPath, and the same request against the ceiling. */
interface ListCase {
  key: string;
  label: string;
  measures: string;
  who: Who;
  search?: string;
  deep?: boolean;
}

const CASES: ListCase[] = [
  { key: 'admin', label: 'admin, page 1', measures: 'whole organization, newest first', who: 'admin' },
  { key: 'deep', label: 'admin, deep page', measures: 'the same, at the end of a keyset walk', who: 'admin', deep: true },
  { key: 'practitioner', label: 'practitioner, page 1', measures: 'caseload of 200 spread over the organization', who: 'practitioner' },
  { key: 'search', label: `admin, q=${SEARCH}`, measures: 'trigram name search, newest first', who: 'admin', search: SEARCH },
];

interface Explained {
  executionMs: number;
  planningMs: number;
  plan: string;
}

interface State {
  seed: ClientsSeed;
  embedded: boolean;
  deepPage: number;
  deepCursor: string;
  walkSeconds: number;
  searchMatches: number;
  ceiling: Ceiling;
  explained: Map<string, Explained>;
}

let state: State | undefined;

function prepared(): State {
  if (!state) throw new Error('the clients group was not prepared');
  return state;
}

const tokenOf = (context: BenchContext, who: Who) => (who === 'admin' ? context.seed.staffToken : prepared().seed.practitioner.token);
const claimsOf = (token: string) => JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8')) as { sub: string; org: string; sid: string };

function pathOf(c: ListCase): string {
  const params = new URLSearchParams();
  if (c.search) params.set('q', c.search);
  params.set('limit', String(LIMIT));
  if (c.deep) params.set('cursor', prepared().deepCursor);
  return `/v1/clients?${params}`;
}

async function getJson<T>(url: string, token: string): Promise<T> {
  const response = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  if (!response.ok) throw new Error(`GET ${url} answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as T;
}

/** Walks the whole list once, through the API, to find where the deep page starts. */
async function walk(context: BenchContext, clients: number): Promise<{ deepPage: number; cursor: string; seconds: number }> {
  const started = performance.now();
  const deepPage = Math.floor(clients / LIMIT);
  const seen = new Set<string>();
  let cursor: string | null = null;
  for (let page = 1; page < deepPage; page++) {
    const url: string = `${context.origin}/v1/clients?limit=${LIMIT}${cursor ? `&cursor=${cursor}` : ''}`;
    const body: { data: { id: string }[]; nextCursor: string | null } = await getJson(url, context.seed.staffToken);
    for (const item of body.data) seen.add(item.id);
    if (!body.nextCursor) throw new Error(`the walk ended at page ${page}`);
    cursor = body.nextCursor;
  }
  if (seen.size !== (deepPage - 1) * LIMIT) throw new Error(`the walk saw ${seen.size} distinct clients in ${deepPage - 1} pages`);
  return { deepPage, cursor: cursor!, seconds: (performance.now() - started) / 1000 };
}

async function explain(dataSource: DataSource, statement: CapturedQuery): Promise<Explained> {
  const runs: Explained[] = [];
  for (let i = 0; i < 5; i++) {
    const [{ 'QUERY PLAN': [result] }] = await dataSource.query(`EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${statement.sql}`, statement.parameters);
    runs.push({ executionMs: result['Execution Time'], planningMs: result['Planning Time'], plan: '' });
  }
  const text: { 'QUERY PLAN': string }[] = await dataSource.query(`EXPLAIN (ANALYZE, BUFFERS) ${statement.sql}`, statement.parameters);
  runs.sort((a, b) => a.executionMs - b.executionMs);
  return { ...runs[2], plan: text.map((row) => row['QUERY PLAN']).join('\n') };
}

async function prepare(context: BenchContext) {
  const embedded = context.databaseKind.startsWith('embedded');
  const seed = await seedClients(context.dataSource, context.origin, context.seed.staffToken, context.seed.organizationId, SIZES);
  process.stderr.write(`  seeded ${seed.clients} clients, ${seed.couples} couples in ${seed.seconds.toFixed(1)} s\n`);
  const { deepPage, cursor, seconds } = await walk(context, seed.clients);
  process.stderr.write(`  walked to page ${deepPage} in ${seconds.toFixed(1)} s\n`);
  const [{ matches }] = await context.dataSource.query(
    `SELECT count(*)::int AS matches FROM clients
      WHERE organization_id = $1 AND lower(first_name || ' ' || last_name || ' ' || coalesce(preferred_name, '')) LIKE $2`,
    [context.seed.organizationId, `%${SEARCH}%`],
  );

  let pool: Pool;
  let ownPool = false;
  if (embedded) {
    // The embedded database serves one connection (src/database/embedded-postgres.ts): the
    // ceiling borrows TrustPath's pg pool, which is idle while the ceiling is measured.
    pool = (context.dataSource.driver as PostgresDriver).master as Pool;
  } else {
    const config = context.app.get(AppConfig);
    pool = new Pool({ connectionString: (context.dataSource.options as PostgresDataSourceOptions).url, max: config.DATABASE_POOL_SIZE });
    ownPool = true;
  }

  state = { seed, embedded, deepPage, deepCursor: cursor, walkSeconds: seconds, searchMatches: matches, ceiling: undefined as never, explained: new Map() };

  // What TrustPath runs for each case, captured from a real request, then bound from the ceiling's requests.
  const plans = new Map<string, ListPlan>();
  const bodies = new Map<string, unknown>();
  let session: Statement | undefined;
  for (const c of CASES) {
    const token = tokenOf(context, c.who);
    const claims = claimsOf(token);
    const { queries, body } = await captureSql(context.dataSource, `${context.origin}${pathOf(c)}`, { authorization: `Bearer ${token}` });
    const probe = {
      org: claims.org,
      user: claims.sub,
      session: claims.sid,
      pattern: c.search ? `%${c.search}%` : undefined,
      cursorAt: c.deep ? JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')).t : undefined,
      cursorId: c.deep ? JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')).i : undefined,
    };
    session ??= bindable(pick(queries, 'session', /FROM auth_sessions/), probe);
    const list = pick(queries, 'list', /FROM "clients"/);
    const careTeam = pick(queries, 'care team', /FROM client_care_team t/);
    plans.set(planKey(c.who === 'admin', Boolean(c.search), Boolean(c.deep)), {
      limit: LIMIT,
      list: bindable(list, probe),
      careTeam: bindable(careTeam, probe),
    });
    bodies.set(c.key, body);
    state.explained.set(c.key, await explain(context.dataSource, list));
  }

  const config = context.app.get(AppConfig);
  const secret: string =
    config.JWT_SECRET ?? (await context.dataSource.query(`SELECT value FROM instance_settings WHERE key = 'jwt_secret'`))[0].value;
  state.ceiling = await startCeiling({ pool, secret, issuer: config.JWT_ISSUER, audience: config.JWT_AUDIENCE, session: session!, plans });

  // The ceiling must answer exactly what TrustPath answers, or it is not a ceiling for it.
  for (const c of CASES) {
    const theirs = await getJson<unknown>(`${state.ceiling.origin}${pathOf(c)}`, tokenOf(context, c.who));
    if (!isDeepStrictEqual(theirs, bodies.get(c.key))) {
      throw new Error(`the ceiling's answer to ${c.label} differs from TrustPath's:\n${JSON.stringify(theirs).slice(0, 600)}\n${JSON.stringify(bodies.get(c.key)).slice(0, 600)}`);
    }
  }

  return async () => {
    await state?.ceiling.close();
    if (ownPool) await pool.end();
    state = undefined;
  };
}

const nameOf = (c: ListCase, ceiling: boolean) => `clients: ${c.label}${ceiling ? ' (ceiling)' : ''}`;

function scenarios(): Scenario[] {
  return CASES.flatMap((c): Scenario[] => [
    {
      name: nameOf(c, false),
      measures: `GET /v1/clients: ${c.measures}`,
      audited: true,
      request: (context) => ({ method: 'GET', path: pathOf(c), headers: { authorization: `Bearer ${tokenOf(context, c.who)}` } }),
    },
    {
      name: nameOf(c, true),
      measures: 'raw Fastify + pg: same JWT + session check, same SQL, same body; no audit write',
      audited: false,
      request: (context) => ({
        method: 'GET',
        path: pathOf(c),
        headers: { authorization: `Bearer ${tokenOf(context, c.who)}` },
        origin: prepared().ceiling.origin,
      }),
    },
  ]);
}

const integer = (n: number) => Math.round(n).toLocaleString('en-US');
const ms = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(1));
const ratio = (n: number) => (Number.isFinite(n) ? n.toFixed(2) : '–');
const verdict = (met: boolean) => (met ? 'met' : '**not met**');

function report(outcomes: ScenarioOutcome[]): string[] {
  if (!state) return [];
  const s = state;
  const measured = (name: string) => outcomes.find((o) => o.scenario.name === name)?.measurement.measured;
  const row = (cells: string[]) => `| ${cells.join(' | ')} |`;
  const lines = [
    `## clients: ${integer(s.seed.clients)} clients, ${integer(s.seed.couples)} couples`,
    '',
    `Seeded with SQL in ${s.seed.seconds.toFixed(1)} s on ${s.embedded ? 'the embedded database' : 'the server'} (ANALYZE included); ` +
      `the practitioner's caseload is ${s.seed.caseload} clients spread evenly over the organization; every client has a care team. ` +
      `q=${SEARCH} matches ${integer(s.searchMatches)} clients. The deep page is page ${integer(s.deepPage)} at limit=${LIMIT}, ` +
      `its cursor found by walking the list through the API once (${s.walkSeconds.toFixed(1)} s).`,
    '',
    'The ceiling is a plain Fastify route on a plain `pg.Pool` ' +
      (s.embedded ? "(here TrustPath's own pool: the embedded database serves one connection)" : 'of the same size, to the same database') +
      ': the same HS256 check and session query, the list and care-team SQL captured from TrustPath, and a body checked equal to ' +
      "TrustPath's before the run. It writes no audit row; TrustPath does, once per request (its cost is the auth-audit group's).",
    '',
    row(['request', 'TrustPath req/s', 'p50 / p99 ms', 'ceiling req/s', 'ceiling p50 / p99 ms', 'req/s ÷ ceiling (≥ 0.5)', 'app CPU ms/req: TrustPath / ceiling', 'list SQL on the database (EXPLAIN ANALYZE)']),
    row(['---', '---:', '---:', '---:', '---:', '---:', '---:', '---:']),
  ];
  for (const c of CASES) {
    const app = measured(nameOf(c, false));
    const raw = measured(nameOf(c, true));
    if (!app || !raw) continue;
    const r = app.rps / raw.rps;
    const explained = s.explained.get(c.key)!;
    lines.push(
      row([
        c.key === 'deep' ? `admin, page ${integer(s.deepPage)}` : c.label,
        integer(app.rps),
        `${ms(app.p50Ms)} / ${ms(app.p99Ms)}`,
        integer(raw.rps),
        `${ms(raw.p50Ms)} / ${ms(raw.p99Ms)}`,
        `${ratio(r)} ${verdict(r >= 0.5)}`,
        `${app.serverCpuMsPerRequest.toFixed(2)} / ${raw.serverCpuMsPerRequest.toFixed(2)}`,
        `${explained.executionMs.toFixed(2)} ms`,
      ]),
    );
  }
  const first = measured(nameOf(CASES[0], false));
  const deep = measured(nameOf(CASES[1], false));
  if (first && deep) {
    const p50 = deep.p50Ms / first.p50Ms;
    lines.push(
      '',
      `**Deep walk**: page ${integer(s.deepPage)} ÷ page 1, p50 latency = ${ms(deep.p50Ms)} / ${ms(first.p50Ms)} ms = **${ratio(p50)}** (target ≤ 1.5: ${verdict(p50 <= 1.5)}); ` +
        `p99 ${ratio(deep.p99Ms / first.p99Ms)}; req/s ${ratio(first.rps / deep.rps)} (page 1 ÷ deep); ` +
        `app CPU per request ${ratio(deep.serverCpuMsPerRequest / first.serverCpuMsPerRequest)}; ` +
        `list SQL execution ${ratio(s.explained.get('deep')!.executionMs / s.explained.get('admin')!.executionMs)}.`,
    );
  }
  lines.push('', 'Errors and non-2xx of every scenario are in the main table. List SQL time: median of 5 EXPLAIN ANALYZE runs of the captured statement, warm cache.', '');
  lines.push('<details><summary>Plans of the list SQL</summary>', '');
  for (const c of CASES) lines.push(`${c.label}:`, '', '```', s.explained.get(c.key)!.plan, '```', '');
  lines.push('</details>', '');
  return lines;
}

export const clients: ScenarioGroup = {
  name: 'clients',
  prepare,
  scenarios: scenarios(),
  report,
};
