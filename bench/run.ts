import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { combine, LoadGenerator, LoadResult, LoadSettings, NO_RESULT } from './load';
import { idle, loadAverage } from './proc';
import { auditWarning, failures, renderReport, ScenarioOutcome, summaryJson } from './report';
import type { BenchContext, Scenario, ScenarioGroup, Teardown } from './scenario';
import { SCENARIO_GROUPS } from './scenarios';
import { seedThroughApi } from './seed';
import { compileServer, runsCompiled } from './build';
import { BenchTarget, startTarget } from './target';

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
    durationSeconds: wholeNumber('BENCH_DURATION', 3, 1),
    rounds: wholeNumber('BENCH_ROUNDS', 4, 1),
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
  const [{ count }] = await context.target.query<{ count: number }>('SELECT count(*)::int AS count FROM audit_events');
  return count;
}

async function drained(target: BenchTarget): Promise<number> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      target.drain(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`the audit writer did not drain within ${DRAIN_TIMEOUT_MS} ms`)), DRAIN_TIMEOUT_MS);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
  return performance.now() - started;
}

interface Tally {
  responsesSent: number;
  written: number;
  drainMs: number;
}

/** One timed run of a scenario, with its setup and teardown, and the audit rows it left. */
async function runOnce(context: BenchContext, load: LoadGenerator, scenario: Scenario, connections: number, seconds: number): Promise<{ result: LoadResult; tally: Tally }> {
  const teardown = await scenario.setup?.(context);
  try {
    await drained(context.target);
    const rowsBefore = await auditRows(context);
    const responsesBefore = await context.target.responsesSent();
    const server = scenario.server?.(context) ?? context.target;
    // Nothing left over from the previous run, on TrustPath or on the server about to be loaded.
    await idle(context.target.pid);
    if (server.pid !== context.target.pid) await idle(server.pid);
    const result = await load.run(scenario.request(context), server, connections, seconds);
    const drainMs = await drained(context.target);
    return {
      result,
      tally: { responsesSent: (await context.target.responsesSent()) - responsesBefore, written: (await auditRows(context)) - rowsBefore, drainMs },
    };
  } finally {
    await teardown?.();
  }
}

function blocksOf(group: ScenarioGroup, scenarios: Scenario[]): Scenario[][] {
  const blocks: Scenario[][] = [];
  const placed = new Set<Scenario>();
  for (const names of group.blocks ?? []) {
    const block = names.map((name) => scenarios.find((s) => s.name === name)).filter((s): s is Scenario => s !== undefined && !placed.has(s));
    block.forEach((s) => placed.add(s));
    if (block.length > 0) blocks.push(block);
  }
  for (const scenario of scenarios) if (!placed.has(scenario)) blocks.push([scenario]);
  return blocks;
}

async function main(): Promise<number> {
  const settings = loadSettings();
  const groups = selectGroups();
  const serverUrl = process.env.BENCH_DATABASE_URL || undefined;
  const loadBefore = loadAverage();
  const load = LoadGenerator.start();
  // Ctrl-C ends the run early but still closes the app and removes the database.
  const stop = () => {
    interrupted = true;
    load.stop();
    log('interrupted: stopping and cleaning up');
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  if (runsCompiled()) {
    log('compiling TrustPath and the bench server with tsc (BENCH_TS_LOADER=1 loads the TypeScript instead)');
    compileServer();
  }
  log(`starting TrustPath on ${serverUrl ? 'a throwaway database on BENCH_DATABASE_URL' : 'the embedded database'}`);
  let target: BenchTarget | undefined;
  const teardowns: Teardown[] = [];
  try {
    target = await startTarget(serverUrl);
    const context: BenchContext = { origin: target.origin, target, databaseKind: target.databaseKind, seed: await seedThroughApi(target.origin) };
    for (const group of groups) {
      if (interrupted || !group.prepare) continue;
      log(`preparing ${group.name}`);
      const teardown = await group.prepare(context);
      if (teardown) teardowns.push(teardown);
    }
    const plan = groups.map((group) => ({ group, blocks: blocksOf(group, group.scenarios.filter((s) => group.enabled?.(s) ?? true)) }));
    const problems: string[] = [];
    const check = (scenario: Scenario, phase: string, result: LoadResult, tally: Tally) => {
      const outcome: ScenarioOutcome = {
        scenario,
        measurement: { warmup: NO_RESULT, measured: result, rounds: [] },
        audit: { ...tally, expected: scenario.auditChecked === false ? tally.written : scenario.audited ? tally.responsesSent : 0 },
      };
      problems.push(...failures(outcome).map((f) => `(${phase}) ${f}`));
      const warning = auditWarning(outcome);
      if (warning) log(`WARNING: (${phase}) ${warning}`);
      return outcome.audit;
    };

    // A first pass runs every scenario briefly and is not reported: without it the first scenario
    // that exercises a code path pays for JIT compilation and heap growth (measured: 30-50 % more
    // CPU per request), which made "audit on", the first /v1/me scenario, look far costlier than it is.
    const warmups = new Map<Scenario, LoadResult>();
    for (const { group, blocks } of plan) {
      for (const scenario of blocks.flat()) {
        if (interrupted) break;
        log(`warming up ${group.name}: ${scenario.name}`);
        const { result, tally } = await runOnce(context, load, scenario, settings.connections, Math.max(settings.warmupSeconds, 1));
        check(scenario, 'warm-up pass', result, tally);
        warmups.set(scenario, result);
      }
    }

    // Then each block in rounds: A, B, A, B, ... with the load average printed before each block.
    const outcomes: ScenarioOutcome[] = [];
    for (const { group, blocks } of plan) {
      for (const block of blocks) {
        if (interrupted) break;
        const loadAtStart = loadAverage();
        log(`${group.name}: ${block.map((s) => s.name).join(' ↔ ')} (load average ${loadAtStart})`);
        const rounds = new Map<Scenario, LoadResult[]>(block.map((s) => [s, []]));
        const tallies = new Map<Scenario, Tally>(block.map((s) => [s, { responsesSent: 0, written: 0, drainMs: 0 }]));
        for (let round = 1; round <= settings.rounds && !interrupted; round++) {
          for (const scenario of block) {
            const { result, tally } = await runOnce(context, load, scenario, settings.connections, settings.durationSeconds);
            check(scenario, `round ${round}`, result, tally);
            rounds.get(scenario)!.push(result);
            const sum = tallies.get(scenario)!;
            sum.responsesSent += tally.responsesSent;
            sum.written += tally.written;
            sum.drainMs = Math.max(sum.drainMs, tally.drainMs);
          }
        }
        for (const scenario of block) {
          const measured = combine(rounds.get(scenario)!);
          log(`  ${scenario.name}: ${Math.round(measured.rps)} req/s, ${measured.serverCpuMsPerRequest.toFixed(2)} ms CPU/req (rounds ${rounds.get(scenario)!.map((r) => Math.round(r.rps)).join(', ')})`);
          const tally = tallies.get(scenario)!;
          outcomes.push({
            scenario,
            group: group.name,
            loadAverage: loadAtStart,
            measurement: { warmup: warmups.get(scenario) ?? NO_RESULT, measured, rounds: rounds.get(scenario)! },
            audit: { ...tally, expected: scenario.auditChecked === false ? tally.written : scenario.audited ? tally.responsesSent : 0 },
          });
        }
      }
    }
    if (interrupted) return 130;

    const cpuList = cpus();
    const run = {
      date: new Date(),
      cpus: `${cpuList.length} × ${cpuList[0]?.model.trim() ?? 'unknown CPU'}`,
      loadAverage: loadBefore,
      node: process.version,
      nodeFlags: target.flags,
      database: target.databaseKind,
      poolSize: target.poolSize,
      settings,
    };
    const report = renderReport(
      run,
      outcomes,
      groups.flatMap((g) => g.comparisons ?? []),
      groups.flatMap((g) => g.report?.(outcomes.filter((o) => g.scenarios.includes(o.scenario))) ?? []),
    );
    process.stdout.write(report);
    const out = process.env.BENCH_RESULTS || join(__dirname, 'results.md');
    writeFileSync(out, report);
    writeFileSync(out.replace(/\.md$/, '.json'), `${JSON.stringify(summaryJson(run, outcomes), null, 2)}\n`);

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
