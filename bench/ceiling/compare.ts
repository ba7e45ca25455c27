import type { ScenarioOutcome } from '../report';
import type { BenchContext, Scenario } from '../scenario';
import { beforeFigures, recordStatements, statementCounts } from '../statements';
import { Ceiling, probe, Probed } from './index';

/** The ratio each read must reach against its ceiling (issue 12). */
export const CEILING_TARGET = 0.9;

/** One read measured on TrustPath and on its ceiling, interleaved. */
export interface CeilingCase {
  /** Names the endpoint in the tables and in results.json, e.g. `GET /v1/clients (admin, page 1)`. */
  endpoint: string;
  measures: string;
  path(context: BenchContext): string;
  token(context: BenchContext): string;
  /** More scenarios interleaved with the pair (e.g. the same request at 500k clients). */
  alongside?: Scenario[];
}

export const appName = (c: CeilingCase) => c.endpoint;
export const ceilingName = (c: CeilingCase) => `${c.endpoint} (ceiling)`;

/** TrustPath's and the ceiling's scenario for each case, and a block interleaving them. */
export function ceilingScenarios(cases: CeilingCase[], ceiling: () => Ceiling | undefined): { scenarios: Scenario[]; blocks: string[][] } {
  const scenarios: Scenario[] = [];
  const blocks: string[][] = [];
  for (const c of cases) {
    const request = (context: BenchContext) => ({ method: 'GET' as const, path: c.path(context), headers: { authorization: `Bearer ${c.token(context)}` } });
    scenarios.push(
      { name: appName(c), measures: c.measures, audited: true, request },
      {
        name: ceilingName(c),
        measures: 'raw Fastify + pg: same JWT + session check, same SQL, same body; no audit write',
        audited: false,
        server: () => {
          const running = ceiling();
          if (!running) throw new Error('the ceiling is not running');
          return running;
        },
        request,
      },
      ...(c.alongside ?? []),
    );
    blocks.push([appName(c), ceilingName(c), ...(c.alongside ?? []).map((s) => s.name)]);
  }
  return { scenarios, blocks };
}

/** Teaches the ceiling each case (its body checked byte for byte) and records its statements per request. */
export async function teach(context: BenchContext, ceiling: Ceiling | undefined, cases: CeilingCase[]): Promise<Map<string, Probed['learned']>> {
  const learned = new Map<string, Probed['learned']>();
  for (const c of cases) {
    if (ceiling) {
      const probed = await ceiling.add(c.path(context), c.token(context));
      recordStatements(c.endpoint, probed.queries);
      learned.set(c.endpoint, probed.learned);
      coverage.set(c.endpoint, probed.learned);
    } else {
      const { queries } = await probe(context.target, c.path(context), { authorization: `Bearer ${c.token(context)}` });
      recordStatements(c.endpoint, queries);
    }
  }
  return learned;
}

/** Per endpoint: how many leaves of the ceiling's body it takes from rows, and how many it keeps constant. */
const coverage = new Map<string, Probed['learned']>();

const integer = (n: number) => Math.round(n).toLocaleString('en-US');
const ratio = (n: number) => (Number.isFinite(n) && n > 0 ? n.toFixed(2) : '–');

/** The table of TrustPath against its ceilings, with the "before" figures when bench/results-before.json exists. */
export function ceilingTable(cases: CeilingCase[], outcomes: ScenarioOutcome[]): string[] {
  const find = (name: string) => outcomes.find((o) => o.scenario.name === name);
  const before = beforeFigures();
  const counts = statementCounts();
  const row = (cells: string[]) => `| ${cells.join(' | ')} |`;
  const lines = [
    row([
      'endpoint',
      'TrustPath req/s',
      'ceiling req/s',
      `÷ ceiling (≥ ${CEILING_TARGET})`,
      'per round',
      'before ÷ ceiling',
      'CPU ms/req TrustPath / ceiling',
      'CPU ms/req before',
      'statements/request before → after',
      'p50 ms TrustPath / ceiling',
      'ceiling body: values from rows / constant',
    ]),
    row(['---', '---:', '---:', '---:', '---', '---:', '---:', '---:', '---:', '---:', '---:']),
  ];
  for (const c of cases) {
    const app = find(appName(c));
    const raw = find(ceilingName(c));
    const statements = counts[c.endpoint];
    const was = before?.statements[c.endpoint];
    const wasApp = before?.scenarios[appName(c)];
    const wasRaw = before?.scenarios[ceilingName(c)];
    if (!app) continue;
    const a = app.measurement;
    const r = raw?.measurement;
    const mean = r ? a.measured.rps / r.measured.rps : NaN;
    const perRound = r ? a.rounds.map((round, i) => ratio(round.rps / (r.rounds[i]?.rps ?? NaN))).join(' · ') : '–';
    lines.push(
      row([
        c.endpoint,
        integer(a.measured.rps),
        r ? integer(r.measured.rps) : '–',
        r ? `${ratio(mean)} ${mean >= CEILING_TARGET ? 'met' : '**not met**'}` : '–',
        perRound,
        wasApp && wasRaw ? ratio(wasApp.rps / wasRaw.rps) : '–',
        `${a.measured.serverCpuMsPerRequest.toFixed(2)} / ${r ? r.measured.serverCpuMsPerRequest.toFixed(2) : '–'}`,
        wasApp ? wasApp.cpuMsPerRequest.toFixed(2) : '–',
        `${was ? was.total : '–'} → ${statements ? statements.total : '–'}`,
        `${a.measured.p50Ms.toFixed(1)} / ${r ? r.measured.p50Ms.toFixed(1) : '–'}`,
        coverage.has(c.endpoint) ? `${coverage.get(c.endpoint)!.fromRows} / ${coverage.get(c.endpoint)!.constant}` : '–',
      ]),
    );
  }
  lines.push(
    '',
    'Statements per request are counted on TrustPath\'s side of its connection (every statement passes TypeORM\'s logger), for the second of two identical requests, alone on the server: the session check, transaction control and the audit insert included (under load the audit writer batches its inserts), the once-a-minute session touch not. The ceiling runs the same statements but the audit insert. "before" is bench/results-before.json, measured on the code before issue 12 with this harness.',
    '',
    '<details><summary>Statements of each request</summary>',
    '',
  );
  for (const c of cases) {
    const now = counts[c.endpoint];
    const was = before?.statements[c.endpoint];
    if (!now) continue;
    lines.push(`- ${c.endpoint}: ${now.outline.join('; ')}${was ? ` (before: ${was.outline.join('; ')})` : ''}`);
  }
  lines.push('', '</details>', '');
  return lines;
}
