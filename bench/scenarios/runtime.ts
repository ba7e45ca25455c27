import type { ScenarioOutcome } from '../report';
import type { BenchContext, Scenario, ScenarioGroup } from '../scenario';
import type { BenchServer } from '../target';

/**
 * V8's young generation, measured rather than guessed: TrustPath processes that differ only in
 * `--max-semi-space-size` (MiB), on the same database, loaded in turn (A, B, C, D, A, B, ...) with
 * the same request. BENCH_SEMI_SPACE lists the sizes (default 16,32,64); "default" is Node's own.
 */
const RSS_TARGET_MIB = 250;

function sizes(): number[] {
  const raw = process.env.BENCH_SEMI_SPACE ?? '16,32,64';
  return raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((s) => {
      if (!/^\d+$/.test(s)) throw new Error(`BENCH_SEMI_SPACE must list whole numbers of MiB, not "${raw}"`);
      return Number(s);
    });
}

interface Variant {
  label: string;
  flags: string[];
  server?: BenchServer;
}

const variants: Variant[] = [{ label: 'default', flags: [] }, ...sizes().map((mib) => ({ label: `semi-space ${mib} MiB`, flags: [`--max-semi-space-size=${mib}`] }))];
let skipped = '';

const PATH = '/v1/clients?limit=50';
const nameOf = (v: Variant) => `runtime: ${PATH}, ${v.label}`;

const scenarios: Scenario[] = variants.map((variant) => ({
  name: nameOf(variant),
  measures: `GET ${PATH} (admin, page 1) on a TrustPath process started with ${variant.flags.join(' ') || 'no flags'}`,
  audited: true,
  auditChecked: false,
  server: () => {
    if (!variant.server) throw new Error(`${variant.label} is not running`);
    return variant.server;
  },
  request: (context: BenchContext) => ({ method: 'GET', path: PATH, headers: { authorization: `Bearer ${context.seed.staffToken}` } }),
}));

const integer = (n: number) => Math.round(n).toLocaleString('en-US');

function report(outcomes: ScenarioOutcome[]): string[] {
  if (skipped) return ['## runtime settings', '', skipped, ''];
  const find = (v: Variant) => outcomes.find((o) => o.scenario.name === nameOf(v))?.measurement;
  const base = find(variants[0]);
  if (!base) return [];
  const row = (cells: string[]) => `| ${cells.join(' | ')} |`;
  const lines = [
    '## runtime settings: V8 young generation',
    '',
    `Separate TrustPath processes on the same database, differing only in node flags, loaded interleaved with GET ${PATH} as the admin. ` +
      `RSS is each process's peak under load (target < ${RSS_TARGET_MIB} MiB).`,
    '',
    row(['process', 'req/s', 'req/s ÷ default', 'per round ÷ default', 'CPU ms/req', 'CPU ÷ default', 'p99 ms', 'peak RSS MiB']),
    row(['---', '---:', '---:', '---', '---:', '---:', '---:', '---:']),
  ];
  for (const v of variants) {
    const m = find(v);
    if (!m) continue;
    lines.push(
      row([
        v.flags.join(' ') || 'default',
        integer(m.measured.rps),
        (m.measured.rps / base.measured.rps).toFixed(2),
        m.rounds.map((r, i) => (r.rps / (base.rounds[i]?.rps ?? NaN)).toFixed(2)).join(' · '),
        m.measured.serverCpuMsPerRequest.toFixed(2),
        (m.measured.serverCpuMsPerRequest / base.measured.serverCpuMsPerRequest).toFixed(2),
        m.measured.p99Ms.toFixed(1),
        `${Math.round(m.measured.peakRssMib)}${m.measured.peakRssMib < RSS_TARGET_MIB ? '' : ' **over target**'}`,
      ]),
    );
  }
  lines.push('');
  return lines;
}

export const runtime: ScenarioGroup = {
  name: 'runtime',
  prepare: async (context) => {
    if (context.target.embedded) {
      skipped = 'Not measured: a second TrustPath process needs a PostgreSQL server (BENCH_DATABASE_URL).';
      return;
    }
    for (const variant of variants) variant.server = await context.target.startVariant(variant.flags);
    return async () => {
      for (const variant of variants) {
        await variant.server?.close();
        variant.server = undefined;
      }
    };
  },
  scenarios,
  blocks: [scenarios.map((s) => s.name)],
  enabled: () => !skipped,
  report,
};
