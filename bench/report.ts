import type { LoadResult, LoadSettings, Measurement } from './load';
import { statementCounts } from './statements';
import type { Comparison, Scenario } from './scenario';

/** Audit rows written during a scenario (warm-up included) against what it should have written. */
export interface AuditTally {
  /** Responses the server finished sending; one audit row each in an audited scenario. */
  responsesSent: number;
  written: number;
  expected: number;
  drainMs: number;
}

export interface ScenarioOutcome {
  scenario: Scenario;
  /** The group and the load average when its block started (absent in the warm-up checks). */
  group?: string;
  loadAverage?: string;
  measurement: Measurement;
  audit: AuditTally;
}

export interface RunDescription {
  date: Date;
  cpus: string;
  loadAverage: string;
  node: string;
  nodeFlags: string[];
  database: string;
  poolSize: number;
  settings: LoadSettings;
}

const integer = (n: number) => Math.round(n).toLocaleString('en-US');
const ms = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(1));
const percent = (fraction: number) => `${(fraction * 100).toFixed(1)} %`;
const rounds = (outcome: ScenarioOutcome) => outcome.measurement.rounds.map((r) => integer(r.rps)).join(' · ');

export function failures(outcome: ScenarioOutcome): string[] {
  const found: string[] = [];
  const phases: [string, LoadResult][] = [
    ['warm-up', outcome.measurement.warmup],
    ['the measured rounds', outcome.measurement.measured],
  ];
  for (const [phase, result] of phases) {
    const bad = Object.entries(result.statuses).filter(([code]) => !code.startsWith('2'));
    if (result.errors > 0) found.push(`${outcome.scenario.name}: ${result.errors} errors during ${phase}`);
    if (result.non2xx > 0) {
      found.push(`${outcome.scenario.name}: ${result.non2xx} non-2xx responses during ${phase} (${bad.map(([c, n]) => `${n}×${c}`).join(', ')})`);
    }
  }
  return found;
}

export function auditWarning(outcome: ScenarioOutcome): string | undefined {
  const { written, expected } = outcome.audit;
  if (written === expected) return undefined;
  return `${outcome.scenario.name}: ${written} audit rows written for ${expected} expected`;
}

function comparisonLines(comparison: Comparison, outcomes: ScenarioOutcome[]): string[] {
  const find = (name: string) => outcomes.find((o) => o.scenario.name === name)?.measurement.measured;
  const subject = find(comparison.subject);
  const baseline = find(comparison.baseline);
  if (!subject || !baseline || baseline.rps === 0 || subject.serverCpuMsPerRequest === 0) return [];
  return [
    `**${comparison.label}** = 1 − rps(${comparison.subject}) / rps(${comparison.baseline}) = 1 − ${integer(subject.rps)} / ${integer(baseline.rps)} = **${percent(1 - subject.rps / baseline.rps)}**`,
    '',
    `The same from app CPU per request, steadier on a shared machine (if CPU-bound, rps ∝ 1/CPU): 1 − cpu(${comparison.baseline}) / cpu(${comparison.subject}) = 1 − ${baseline.serverCpuMsPerRequest.toFixed(2)} / ${subject.serverCpuMsPerRequest.toFixed(2)} ms = **${percent(1 - baseline.serverCpuMsPerRequest / subject.serverCpuMsPerRequest)}**`,
    '',
  ];
}

export function renderReport(run: RunDescription, outcomes: ScenarioOutcome[], comparisons: Comparison[], sections: string[] = []): string {
  const { settings } = run;
  const row = (cells: string[]) => `| ${cells.join(' | ')} |`;
  const lines = [
    '# TrustPath benchmark',
    '',
    `- date: ${run.date.toISOString()}`,
    `- machine: ${run.cpus}; load average before the run ${run.loadAverage}; node ${run.node}${run.nodeFlags.length > 0 ? ` with ${run.nodeFlags.join(' ')}` : ''}`,
    `- database: ${run.database}, pool of ${run.poolSize} connections`,
    `- load: autocannon in a child process, ${settings.connections} connections; each comparison interleaved (A, B, A, B, ...) in ${settings.rounds} rounds of ${settings.durationSeconds} s, after a first unreported pass that ran every scenario for ${Math.max(settings.warmupSeconds, 1)} s`,
    '- TrustPath and each ceiling run in processes of their own; "CPU ms/req" is the CPU time of the process that answered (from /proc/<pid>/stat, all its threads), per answered request: not the bench\'s, not the load generator\'s, not a PostgreSQL server\'s (with the embedded database, TrustPath\'s includes it). RSS is the peak resident set of that process under load.',
    '',
    row(['scenario', 'req/s (mean of rounds)', 'req/s per round', 'p50 ms', 'p99 ms', 'errors / non-2xx', 'CPU ms/req', 'peak RSS MiB', 'load average at start', 'measures']),
    row(['---', '---:', '---:', '---:', '---:', '---:', '---:', '---:', '---', '---']),
    ...outcomes.map((outcome) => {
      const { scenario, measurement: { measured } } = outcome;
      return row([
        scenario.name,
        integer(measured.rps),
        rounds(outcome),
        ms(Number(measured.p50Ms.toFixed(1))),
        ms(Number(measured.p99Ms.toFixed(1))),
        `${measured.errors} / ${measured.non2xx}`,
        measured.serverCpuMsPerRequest.toFixed(2),
        Math.round(measured.peakRssMib).toString(),
        outcome.loadAverage ?? '',
        scenario.measures,
      ]);
    }),
    '',
  ];
  for (const comparison of comparisons) lines.push(...comparisonLines(comparison, outcomes));
  lines.push(...sections);
  lines.push(
    'Audit trail: rows written during the measured rounds of each scenario, one expected per response the server sent in an audited scenario, none otherwise (the warm-up pass is checked too).',
    '',
    row(['scenario', 'responses received', 'responses sent', 'audit rows expected', 'audit rows written', 'longest drain after a round']),
    row(['---', '---:', '---:', '---:', '---:', '---:']),
    ...outcomes.map(({ scenario, measurement, audit }) =>
      row([
        scenario.name,
        integer(measurement.measured.answered),
        integer(audit.responsesSent),
        integer(audit.expected),
        integer(audit.written),
        `${Math.round(audit.drainMs)} ms`,
      ]),
    ),
    '',
  );
  for (const warning of outcomes.map(auditWarning)) if (warning) lines.push(`> WARNING: ${warning}`, '');
  return lines.join('\n');
}

/** The run's figures in a form a later run can read (the "before" columns come from such a file). */
export function summaryJson(run: RunDescription, outcomes: ScenarioOutcome[]) {
  return {
    date: run.date.toISOString(),
    database: run.database,
    nodeFlags: run.nodeFlags,
    settings: run.settings,
    scenarios: Object.fromEntries(
      outcomes.map(({ scenario, measurement: { measured, rounds } }) => [
        scenario.name,
        {
          rps: Math.round(measured.rps),
          roundsRps: rounds.map((r) => Math.round(r.rps)),
          p50Ms: Number(measured.p50Ms.toFixed(1)),
          p99Ms: Number(measured.p99Ms.toFixed(1)),
          cpuMsPerRequest: Number(measured.serverCpuMsPerRequest.toFixed(3)),
          peakRssMib: Math.round(measured.peakRssMib),
        },
      ]),
    ),
    statements: statementCounts(),
  };
}
