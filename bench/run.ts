import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { AuditWriter } from '../src/audit/audit.writer';
import { AppConfig } from '../src/config/app-config';
import { EMBEDDED_CONNECTIONS } from '../src/database/embedded-postgres';
import { LoadGenerator, LoadSettings } from './load';
import { auditWarning, failures, renderReport, ScenarioOutcome } from './report';
import type { BenchContext, Scenario, ScenarioGroup, Teardown } from './scenario';
import { SCENARIO_GROUPS } from './scenarios';
import { seedThroughApi } from './seed';
import { BenchTarget, startTarget } from './target';

/** Time for requests the load generator abandoned at the end of a run to finish on the server. */
const SETTLE_MS = 300;
const DRAIN_TIMEOUT_MS = 30_000;

let interrupted = false;

function log(message: string): void {
  process.stderr.write(`${message}\n`);
}

function wholeNumber(name: string, fallback: number, min: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw.trim()) || Number(raw) < min) throw new Error(`${name} must be a whole number ≥ ${min}, not "${raw}"`);
  return Number(raw);
}

function loadSettings(): LoadSettings {
  return {
    connections: wholeNumber('BENCH_CONNECTIONS', 50, 1),
    durationSeconds: wholeNumber('BENCH_DURATION', 10, 1),
    warmupSeconds: wholeNumber('BENCH_WARMUP', 2, 0),
  };
}

/** BENCH_GROUPS=auth-audit,... runs only those groups; unset runs them all. */
function selectGroups(): ScenarioGroup[] {
  const wanted = (process.env.BENCH_GROUPS ?? '').split(',').map((g) => g.trim()).filter(Boolean);
  if (wanted.length === 0) return SCENARIO_GROUPS;
  const unknown = wanted.filter((name) => !SCENARIO_GROUPS.some((g) => g.name === name));
  if (unknown.length > 0) {
    throw new Error(`Unknown BENCH_GROUPS ${unknown.join(', ')}; known: ${SCENARIO_GROUPS.map((g) => g.name).join(', ')}`);
  }
  return SCENARIO_GROUPS.filter((g) => wanted.includes(g.name));
}

async function auditRows(context: BenchContext): Promise<number> {
  const [{ count }] = await context.dataSource.query('SELECT count(*)::int AS count FROM audit_events');
  return count;
}

async function drained(writer: AuditWriter): Promise<number> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      writer.drain(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`the audit writer did not drain within ${DRAIN_TIMEOUT_MS} ms`)), DRAIN_TIMEOUT_MS);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
  return performance.now() - started;
}

async function runScenario(
  context: BenchContext,
  target: BenchTarget,
  load: LoadGenerator,
  scenario: Scenario,
  settings: LoadSettings,
): Promise<ScenarioOutcome> {
  const teardown = await scenario.setup?.(context);
  try {
    await drained(context.auditWriter);
    const rowsBefore = await auditRows(context);
    const responsesBefore = target.responsesSent();
    const measurement = await load.measure(context.origin, scenario.request(context), settings);
    await sleep(SETTLE_MS);
    const drainMs = await drained(context.auditWriter);
    const responsesSent = target.responsesSent() - responsesBefore;
    return {
      scenario,
      measurement,
      audit: {
        responsesSent,
        written: (await auditRows(context)) - rowsBefore,
        expected: scenario.audited ? responsesSent : 0,
        drainMs,
      },
    };
  } finally {
    await teardown?.();
  }
}

async function main(): Promise<number> {
  const settings = loadSettings();
  const groups = selectGroups();
  const serverUrl = process.env.BENCH_DATABASE_URL || undefined;
  const loadBefore = loadavg().map((l) => l.toFixed(2)).join(' ');
  const load = LoadGenerator.start();
  // Ctrl-C ends the run early but still closes the app and removes the database.
  const stop = () => {
    interrupted = true;
    load.stop();
    log('interrupted: stopping and cleaning up');
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  log(`starting TrustPath on ${serverUrl ? 'a throwaway database on BENCH_DATABASE_URL' : 'the embedded database'}`);
  let target: BenchTarget | undefined;
  const teardowns: Teardown[] = [];
  try {
    target = await startTarget(serverUrl);
    const context: BenchContext = {
      origin: target.origin,
      app: target.app,
      dataSource: target.dataSource,
      auditWriter: target.app.get(AuditWriter),
      databaseKind: target.databaseKind,
      seed: await seedThroughApi(target.origin),
    };
    // A first pass runs every scenario briefly and is not reported: without it the first scenario
    // that exercises a code path pays for JIT compilation and heap growth (measured: 30-50 % more
    // CPU per request), which made "audit on", the first /v1/me scenario, look far costlier than it is.
    for (const group of groups) {
      if (interrupted || !group.prepare) continue;
      log(`preparing ${group.name}`);
      const teardown = await group.prepare(context);
      if (teardown) teardowns.push(teardown);
    }
    const scenarios = groups.flatMap((group) => group.scenarios.map((scenario) => ({ group, scenario })));
    const warmupPass = { ...settings, durationSeconds: Math.max(settings.warmupSeconds, 1), warmupSeconds: 0 };
    const problems: string[] = [];
    for (const { group, scenario } of scenarios) {
      if (interrupted) break;
      log(`warming up ${group.name}: ${scenario.name}`);
      const outcome = await runScenario(context, target, load, scenario, warmupPass);
      problems.push(...failures(outcome).map((f) => `(warm-up pass) ${f}`));
      const warning = auditWarning(outcome);
      if (warning) log(`WARNING: (warm-up pass) ${warning}`);
    }
    const outcomes: ScenarioOutcome[] = [];
    for (const { group, scenario } of scenarios) {
      if (interrupted) break;
      log(`${group.name}: ${scenario.name}`);
      const outcome = await runScenario(context, target, load, scenario, settings);
      log(`  ${Math.round(outcome.measurement.measured.rps)} req/s`);
      outcomes.push(outcome);
      problems.push(...failures(outcome));
    }
    if (interrupted) return 130;

    const cpuList = cpus();
    const report = renderReport(
      {
        date: new Date(),
        cpus: `${cpuList.length} × ${cpuList[0]?.model.trim() ?? 'unknown CPU'}`,
        loadAverage: loadBefore,
        node: process.version,
        database: target.databaseKind,
        // The embedded database always serves one connection, whatever DATABASE_POOL_SIZE says.
        poolSize: serverUrl ? target.app.get(AppConfig).DATABASE_POOL_SIZE : EMBEDDED_CONNECTIONS,
        settings,
      },
      outcomes,
      groups.flatMap((g) => g.comparisons ?? []),
      groups.flatMap((g) => g.report?.(outcomes.filter((o) => g.scenarios.includes(o.scenario))) ?? []),
    );
    process.stdout.write(report);
    writeFileSync(join(__dirname, 'results.md'), report);

    for (const warning of outcomes.map(auditWarning)) if (warning) log(`WARNING: ${warning}`);
    for (const problem of problems) log(`FAILED: ${problem}`);
    return problems.length > 0 ? 1 : 0;
  } finally {
    await load.close();
    for (const teardown of teardowns.reverse()) await teardown();
    await target?.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    log(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exit(1);
  },
);
