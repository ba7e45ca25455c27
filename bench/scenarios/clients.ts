import { Ceiling, probe, startCeiling } from '../ceiling';
import { appName, CeilingCase, ceilingScenarios, ceilingTable, teach } from '../ceiling/compare';
import { ClientsSeed, seedClients } from '../clients/seed';
import type { ScenarioOutcome } from '../report';
import type { BenchContext, Scenario, ScenarioGroup } from '../scenario';
import { Seed, seedThroughApi } from '../seed';
import { statementCounts } from '../statements';
import type { BenchTarget, CapturedQuery } from '../target';

const LIMIT = 50;
/** A surname fragment common in the seeded names (Johnson, Anderson, Wilson, Jackson, ... and Jason, Madison). */
const COMMON = 'son';
/** One surname of the ~300 (about 1 client in 300). */
const RARE = 'okafor';
/**
 * The issue's sizes, on either database: seeding took ~5 s on the PostgreSQL 15 server and ~10 s on
 * PGlite here. BENCH_SCALE=500000 adds a second organization of that many clients, measured
 * interleaved with the first.
 */
const SIZES = { clients: 50_000, couples: 20_000, caseload: 200 };

function scale(): number | undefined {
  const raw = process.env.BENCH_SCALE;
  if (!raw) return undefined;
  if (!/^\d+$/.test(raw) || Number(raw) < 1000) throw new Error(`BENCH_SCALE must be a whole number ≥ 1000, not "${raw}"`);
  return Number(raw) === SIZES.clients ? undefined : Number(raw);
}

type Who = 'admin' | 'practitioner';

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
  { key: 'deep', label: 'admin, deep page', measures: 'the same, at page 1,000 of a keyset walk', who: 'admin', deep: true },
  { key: 'practitioner', label: 'practitioner, page 1', measures: 'caseload of 200 spread over the organization', who: 'practitioner' },
  { key: 'common', label: `admin, q=${COMMON}`, measures: 'name search, a common fragment, newest first', who: 'admin', search: COMMON },
  { key: 'rare', label: `admin, q=${RARE}`, measures: 'name search, a rare surname, newest first', who: 'admin', search: RARE },
];

/** One organization of the run: its size, credentials, and the deep page's cursor. */
interface Organization {
  seed: Seed;
  clients: ClientsSeed;
  deepPage: number;
  deepCursor: string;
  walkSeconds: number;
  matches: Record<string, number>;
  explained: Map<string, number>;
}

interface State {
  base: Organization;
  large?: Organization;
  ceiling?: Ceiling;
}

let state: State | undefined;
const prepared = (): State => {
  if (!state) throw new Error('the clients group was not prepared');
  return state;
};

const tokenOf = (org: Organization, who: Who) => (who === 'admin' ? org.seed.staffToken : org.clients.practitioner.token);

function pathOf(org: Organization, c: ListCase): string {
  const params = new URLSearchParams();
  if (c.search) params.set('q', c.search);
  params.set('limit', String(LIMIT));
  if (c.deep) params.set('cursor', org.deepCursor);
  return `/v1/clients?${params}`;
}

async function getJson<T>(url: string, token: string): Promise<T> {
  const response = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  if (!response.ok) throw new Error(`GET ${url} answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as T;
}

/** Walks the list once, through the API, to find where page 1,000 starts. */
async function walk(context: BenchContext, token: string): Promise<{ deepPage: number; cursor: string; seconds: number }> {
  const started = performance.now();
  const deepPage = Math.floor(SIZES.clients / LIMIT);
  const seen = new Set<string>();
  let cursor: string | null = null;
  for (let page = 1; page < deepPage; page++) {
    const url: string = `${context.origin}/v1/clients?limit=${LIMIT}${cursor ? `&cursor=${cursor}` : ''}`;
    const body: { data: { id: string }[]; nextCursor: string | null } = await getJson(url, token);
    for (const item of body.data) seen.add(item.id);
    if (!body.nextCursor) throw new Error(`the walk ended at page ${page}`);
    cursor = body.nextCursor;
  }
  if (seen.size !== (deepPage - 1) * LIMIT) throw new Error(`the walk saw ${seen.size} distinct clients in ${deepPage - 1} pages`);
  return { deepPage, cursor: cursor!, seconds: (performance.now() - started) / 1000 };
}

/** The page's own statement among what TrustPath ran: the one reading clients with a LIMIT. */
function listStatement(queries: CapturedQuery[]): CapturedQuery | undefined {
  return queries.find((q) => /\bclients\b/i.test(q.sql) && /\bLIMIT\b/i.test(q.sql) && !/auth_sessions/i.test(q.sql));
}

/** Median execution time of 5 EXPLAIN ANALYZE runs of the statement, warm cache. */
async function explain(target: BenchTarget, statement: CapturedQuery): Promise<number> {
  const runs: number[] = [];
  for (let i = 0; i < 5; i++) {
    const [{ 'QUERY PLAN': [result] }] = await target.query<{ 'QUERY PLAN': { 'Execution Time': number }[] }>(
      `EXPLAIN (ANALYZE, FORMAT JSON) ${statement.sql}`,
      statement.parameters,
    );
    runs.push(result['Execution Time']);
  }
  return runs.sort((a, b) => a - b)[2];
}

async function organization(context: BenchContext, seed: Seed, sizes: typeof SIZES): Promise<Organization> {
  const clients = await seedClients(context.target, context.origin, seed.staffToken, seed.organizationId, sizes);
  process.stderr.write(`  seeded ${clients.clients} clients, ${clients.couples} couples in ${clients.seconds.toFixed(1)} s\n`);
  const { deepPage, cursor, seconds } = await walk(context, seed.staffToken);
  process.stderr.write(`  walked to page ${deepPage} in ${seconds.toFixed(1)} s\n`);
  const matches: Record<string, number> = {};
  for (const term of [COMMON, RARE]) {
    const [{ count }] = await context.target.query<{ count: number }>(
      `SELECT count(*)::int AS count FROM clients
        WHERE organization_id = $1 AND lower(first_name || ' ' || last_name || ' ' || coalesce(preferred_name, '')) LIKE $2`,
      [seed.organizationId, `%${term}%`],
    );
    matches[term] = count;
  }
  return { seed, clients, deepPage, deepCursor: cursor, walkSeconds: seconds, matches, explained: new Map() };
}

const caseOf = (c: ListCase, large: boolean): CeilingCase => ({
  endpoint: `GET /v1/clients (${c.label}${large ? `, ${scaleLabel()}` : ''})`,
  measures: `GET /v1/clients: ${c.measures}`,
  path: () => pathOf(large ? prepared().large! : prepared().base, c),
  token: () => tokenOf(large ? prepared().large! : prepared().base, c.who),
});

const scaleLabel = () => `${(scale() ?? 0).toLocaleString('en-US')} clients`;

/** The same request at the larger scale: TrustPath only, interleaved with the 50k pair. */
const largeScenario = (c: ListCase): Scenario => {
  const large = caseOf(c, true);
  return {
    name: large.endpoint,
    measures: `${large.measures} (${scaleLabel()})`,
    audited: true,
    request: (context) => ({ method: 'GET', path: large.path(context), headers: { authorization: `Bearer ${large.token(context)}` } }),
  };
};

const baseCases = CASES.map((c) => ({ ...caseOf(c, false), alongside: scale() ? [largeScenario(c)] : [] }));
const { scenarios, blocks } = ceilingScenarios(baseCases, () => state?.ceiling);

async function prepare(context: BenchContext) {
  const base = await organization(context, context.seed, SIZES);
  state = { base };
  const larger = scale();
  if (larger) {
    process.stderr.write(`  a second organization of ${larger} clients (BENCH_SCALE)\n`);
    const seed = await seedThroughApi(context.origin);
    state.large = await organization(context, seed, { clients: larger, couples: Math.floor((SIZES.couples * larger) / SIZES.clients), caseload: SIZES.caseload });
  }
  if (!context.target.embedded) state.ceiling = await startCeiling(context.target);
  await teach(context, state.ceiling, baseCases);
  for (const org of state.large ? [state.base, state.large] : [state.base]) {
    for (const c of CASES) {
      const { queries } = await probe(context.target, pathOf(org, c), { authorization: `Bearer ${tokenOf(org, c.who)}` });
      const list = listStatement(queries);
      if (list) org.explained.set(c.key, await explain(context.target, list));
    }
  }
  return async () => {
    await state?.ceiling?.close();
    state = undefined;
  };
}

const integer = (n: number) => Math.round(n).toLocaleString('en-US');
const ratio = (n: number) => (Number.isFinite(n) ? n.toFixed(2) : '–');
const verdict = (met: boolean) => (met ? 'met' : '**not met**');

function report(outcomes: ScenarioOutcome[]): string[] {
  if (!state) return [];
  const { base, large, ceiling } = state;
  const measured = (name: string) => outcomes.find((o) => o.scenario.name === name)?.measurement.measured;
  const row = (cells: string[]) => `| ${cells.join(' | ')} |`;
  const lines = [
    `## clients: ${integer(base.clients.clients)} clients, ${integer(base.clients.couples)} couples`,
    '',
    `Seeded with SQL in ${base.clients.seconds.toFixed(1)} s (ANALYZE included); the practitioner's caseload is ${base.clients.caseload} clients spread evenly over the organization; every client has a care team. ` +
      `q=${COMMON} matches ${integer(base.matches[COMMON])} clients, q=${RARE} ${integer(base.matches[RARE])}. The deep page is page ${integer(base.deepPage)} at limit=${LIMIT}, ` +
      `its cursor found by walking the list through the API once (${base.walkSeconds.toFixed(1)} s).`,
    '',
    ceiling
      ? 'Each request is measured interleaved with its ceiling (and, with BENCH_SCALE, the same request on the larger organization).'
      : 'No ceilings on the embedded database (they need a PostgreSQL server their own process can connect to).',
    '',
    ...ceilingTable(baseCases, outcomes),
  ];
  const first = measured(appName(baseCases[0]));
  const deep = measured(appName(baseCases[1]));
  if (first && deep) {
    lines.push(
      `**Deep walk**: page ${integer(base.deepPage)} ÷ page 1, p50 latency = ${deep.p50Ms.toFixed(1)} / ${first.p50Ms.toFixed(1)} ms = **${ratio(deep.p50Ms / first.p50Ms)}**; ` +
        `CPU per request ${ratio(deep.serverCpuMsPerRequest / first.serverCpuMsPerRequest)}.`,
      '',
    );
  }
  lines.push(
    row(['request', `list SQL at ${integer(base.clients.clients)} (EXPLAIN ANALYZE, median of 5)`, ...(large ? [`at ${integer(large.clients.clients)}`] : [])]),
    row(['---', '---:', ...(large ? ['---:'] : [])]),
    ...CASES.map((c) =>
      row([
        c.label,
        base.explained.has(c.key) ? `${base.explained.get(c.key)!.toFixed(2)} ms` : '–',
        ...(large ? [large.explained.has(c.key) ? `${large.explained.get(c.key)!.toFixed(2)} ms` : '–'] : []),
      ]),
    ),
    '',
  );
  if (large) {
    lines.push(
      `### ${integer(large.clients.clients)} clients against ${integer(base.clients.clients)} (BENCH_SCALE)`,
      '',
      `A second organization of ${integer(large.clients.clients)} clients and ${integer(large.clients.couples)} couples, seeded the same way in ${large.clients.seconds.toFixed(1)} s; ` +
        `its practitioner's caseload is again ${large.clients.caseload} clients, spread over all of it; q=${COMMON} matches ${integer(large.matches[COMMON])}, q=${RARE} ${integer(large.matches[RARE])}. ` +
        `Each request at ${integer(large.clients.clients)} ran interleaved with the same request at ${integer(base.clients.clients)} (and its ceiling).`,
      '',
      row(['request', `p50 ms at ${integer(base.clients.clients)}`, `p50 ms at ${integer(large.clients.clients)}`, 'latency ratio (≤ 1.2)', 'req/s ratio', 'CPU ms/req', 'statements/request']),
      row(['---', '---:', '---:', '---:', '---:', '---:', '---:']),
    );
    const counts = statementCounts();
    for (const c of CASES) {
      const small = measured(caseOf(c, false).endpoint);
      const big = measured(caseOf(c, true).endpoint);
      if (!small || !big) continue;
      // With a closed loop of N connections, mean latency = N / req/s; the ratio of req/s is the steadier latency ratio.
      const latency = small.rps / big.rps;
      lines.push(
        row([
          c.label,
          small.p50Ms.toFixed(1),
          big.p50Ms.toFixed(1),
          `${ratio(big.p50Ms / small.p50Ms)} ${verdict(big.p50Ms / small.p50Ms <= 1.2)}`,
          `${ratio(latency)}`,
          `${small.serverCpuMsPerRequest.toFixed(2)} → ${big.serverCpuMsPerRequest.toFixed(2)}`,
          `${counts[caseOf(c, false).endpoint]?.total ?? '–'}`,
        ]),
      );
    }
    lines.push('', '"req/s ratio" is req/s at the smaller scale ÷ req/s at the larger: with a fixed number of connections, the mean latency ratio.', '');
  }
  return lines;
}

export const clients: ScenarioGroup = {
  name: 'clients',
  prepare,
  scenarios,
  blocks,
  enabled: (scenario) => !scenario.name.endsWith('(ceiling)') || state?.ceiling !== undefined,
  report,
};
