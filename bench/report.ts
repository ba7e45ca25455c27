import type { LoadSettings, Measurement } from './load';
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
  measurement: Measurement;
  audit: AuditTally;
}

export interface RunDescription {
  date: Date;
  cpus: string;
  loadAverage: string;
  node: string;
  database: string;
  poolSize: number;
  settings: LoadSettings;
}

const integer = (n: number) => Math.round(n).toLocaleString('en-US');
const ms = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(1));
const percent = (fraction: number) => `${(fraction * 100).toFixed(1)} %`;

export function failures(outcome: ScenarioOutcome): string[] {
  const found: string[] = [];
  for (const [phase, result] of Object.entries(outcome.measurement)) {
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
    `- machine: ${run.cpus}; load average before the run ${run.loadAverage}; node ${run.node}`,
    `- database: ${run.database}, pool of ${run.poolSize} connections`,
    `- load: autocannon in a child process, ${settings.connections} connections, ${settings.durationSeconds} s measured after ${settings.warmupSeconds} s of warm-up, once a first unreported pass has run every scenario for ${Math.max(settings.warmupSeconds, 1)} s`,
    '',
    row(['scenario', 'req/s (mean)', 'p50 ms', 'p99 ms', 'errors / non-2xx', 'app CPU ms/req', 'measures']),
    row(['---', '---:', '---:', '---:', '---:', '---:', '---']),
    ...outcomes.map(({ scenario, measurement: { measured } }) =>
      row([
        scenario.name,
        integer(measured.rps),
        ms(measured.p50Ms),
        ms(measured.p99Ms),
        `${measured.errors} / ${measured.non2xx}`,
        measured.serverCpuMsPerRequest.toFixed(2),
        scenario.measures,
      ]),
    ),
    '',
    '"app CPU ms/req" is the CPU time of the bench process (the app, plus the embedded database when there is one; not a PostgreSQL server\'s) per answered request of the measured run.',
    '',
  ];
  for (const comparison of comparisons) lines.push(...comparisonLines(comparison, outcomes));
  lines.push(...sections);
  lines.push(
    'Audit trail: rows written during each scenario (warm-up included), one expected per response the server sent in an audited scenario, none otherwise.',
    '',
    row(['scenario', 'responses received', 'responses sent', 'audit rows expected', 'audit rows written', 'drain after the run']),
    row(['---', '---:', '---:', '---:', '---:', '---:']),
    ...outcomes.map(({ scenario, measurement, audit }) =>
      row([
        scenario.name,
        integer(measurement.warmup.answered + measurement.measured.answered),
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
