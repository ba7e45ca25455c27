import type { ScenarioOutcome } from './report';
import type { Seed } from './seed';
import type { BenchServer, BenchTarget } from './target';

/** One request that the load generator repeats for the whole scenario. */
export interface RequestSpec {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

/** A server the load can be sent to, and whose process's CPU is read: TrustPath, a ceiling, a variant. */
export type LoadTarget = Pick<BenchServer, 'origin' | 'pid'>;

/** The running TrustPath and what was seeded into it, shared by every scenario of one run. */
export interface BenchContext {
  origin: string;
  target: BenchTarget;
  databaseKind: string;
  seed: Seed;
}

/** Undoes what a setup changed; runs after the scenario, whatever its outcome. */
export type Teardown = () => void | Promise<void>;

export interface Scenario {
  name: string;
  /** One line for the report: what the number means. */
  measures: string;
  /** Whether each answered request must leave exactly one audit row (checked after each round). */
  audited: boolean;
  /** False when another TrustPath process answers: its audit rows are its own writer's, not counted. */
  auditChecked?: boolean;
  /** Where the load goes (TrustPath when absent): a ceiling, a TrustPath with other node flags. */
  server?(context: BenchContext): LoadTarget;
  setup?(context: BenchContext): Promise<Teardown | void>;
  request(context: BenchContext): RequestSpec;
}

/** "label = 1 - rps(subject) / rps(baseline)", e.g. what the audit write costs in throughput. */
export interface Comparison {
  label: string;
  subject: string;
  baseline: string;
}

export interface ScenarioGroup {
  /** Selectable with BENCH_GROUPS. */
  name: string;
  scenarios: Scenario[];
  /**
   * Scenarios (by name) measured interleaved: round 1 of each, then round 2 of each, and so on, so
   * that a change in the machine's load falls on all of them alike. A scenario in no block is a block
   * of its own.
   */
  blocks?: string[][];
  comparisons?: Comparison[];
  /**
   * Runs once, before the first pass, and only when the group is selected: seeds the rows its
   * scenarios read, starts what they share. Its teardown runs at the end of the run. It may leave
   * out scenarios (returning their names in `skip`), e.g. the ceilings on the embedded database.
   */
  prepare?(context: BenchContext): Promise<Teardown | void>;
  /** Whether a scenario takes part in this run (after `prepare`); all do when absent. */
  enabled?(scenario: Scenario): boolean;
  /** Lines the group adds to the report after the main table, from its own scenarios' outcomes. */
  report?(outcomes: ScenarioOutcome[]): string[];
}
