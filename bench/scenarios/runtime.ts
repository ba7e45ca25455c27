import type { ScenarioOutcome } from '../report';
import type { BenchContext, Scenario, ScenarioGroup } from '../scenario';
import type { BenchServer } from '../target';

/**
 * Node's runtime settings, measured rather than guessed: TrustPath processes that differ only in
 * their node flags, on the same database, loaded in turn (A, B, C, D, A, B, ...) with the same
 * request. BENCH_RUNTIME_VARIANTS lists the flag sets, `;` between sets (default below); the first
 * row is always Node's own defaults, which the others are compared with.
 */
const RSS_TARGET_MIB = 250;
const DEFAULT_VARIANTS = '--max-semi-space-size=32; --heap-growing-percent=40; --heap-growing-percent=20; --max-semi-space-size=32 --heap-growing-percent=40';

function flagSets(): string[][] {
  const raw = process.env.BENCH_RUNTIME_VARIANTS ?? DEFAULT_VARIANTS;
  return raw
    .split(';')
    .map((set) => set.trim().split(/\s+/).filter(Boolean))
    .filter((flags) => flags.length > 0)
    .map((flags) => {
      const bad = flags.find((flag) => !/^--[a-z][a-z0-9-]*(=[\w.-]+)?$/.test(flag));
      if (bad) throw new Error(`BENCH_RUNTIME_VARIANTS lists node flags, \`;\` between sets; "${bad}" is not one`);
      return flags;
    });
}

interface Variant {
  label: string;
  flags: string[];
  server?: BenchServer;
}

const variants: Variant[] = [{ label: 'default', flags: [] }, ...flagSets().map((flags) => ({ label: flags.join(' '), flags }))];
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
    '## runtime settings: node flags',
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
