import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { DataSource } from 'typeorm';
import type { AuditWriter } from '../src/audit/audit.writer';
import type { ScenarioOutcome } from './report';
import type { Seed } from './seed';

/** One request that the load generator repeats for the whole scenario. */
export interface RequestSpec {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  headers?: Record<string, string>;
  body?: string;
  /** Another server to load instead of TrustPath (a baseline that a scenario's setup started). */
  origin?: string;
}

/** The running TrustPath and what was seeded into it, shared by every scenario of one run. */
export interface BenchContext {
  origin: string;
  app: NestFastifyApplication;
  dataSource: DataSource;
  auditWriter: AuditWriter;
  databaseKind: string;
  seed: Seed;
}

/** Undoes what a setup changed; runs after the scenario, whatever its outcome. */
export type Teardown = () => void | Promise<void>;

export interface Scenario {
  name: string;
  /** One line for the report: what the number means. */
  measures: string;
  /** Whether each answered request must leave exactly one audit row (checked after the run). */
  audited: boolean;
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
  comparisons?: Comparison[];
  /**
   * Runs once, before the first pass, and only when the group is selected: seeds the rows its
   * scenarios read, starts what they share. Its teardown runs at the end of the run.
   */
  prepare?(context: BenchContext): Promise<Teardown | void>;
  /** Lines the group adds to the report after the main table, from its own scenarios' outcomes. */
  report?(outcomes: ScenarioOutcome[]): string[];
}
