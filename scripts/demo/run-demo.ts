import type { Logger as Pino } from 'pino';
import { DataSource } from 'typeorm';
import { createApp, RunningApp } from '../../src/app';
import { AppConfig } from '../../src/config/app-config';
import { Credential, DemoApi, SignedIn } from './api';
import { DemoContext, inParallel } from './context';
import { DemoRefused } from './errors';
import { DEMO_ORGANIZATION, DEMO_PASSWORD, emailOf, OWNER, STAFF, StaffMember } from './data/people';
import { countsOf, DemoCounts, demoFinished, FINISHED_REQUEST_ID, InstalledOrganization, organizationsIn } from './demo-database';
import { runCase } from './features';
import { buildPractice, Practice } from './model/practice';
import { Progress, ProgressMode, progressFor } from './progress';
import { createClients, createCouples, createGroups } from './setup/records';
import { addStaff } from './setup/staff';

export interface DemoOptions {
  config: AppConfig;
  /** The database to fill, as createApp takes it; by default the configured one, as `npm start` uses. */
  databaseUrl?: string;
  poolSize?: number;
  /** Run although the database holds organizations that are not the demo's. */
  force?: boolean;
  progress?: ProgressMode | Progress;
  /**
   * Cases sent at once. The embedded database runs one statement at a time in this process, so
   * more than 2 only adds waiting there; a server takes 8 well (measured).
   */
  concurrency?: number;
  /** Stops the run between two requests (Ctrl-C): what is done stays, and a later run finishes it. */
  signal?: AbortSignal;
  pino?: Pino;
}

export interface DemoResult {
  /** `created`: made now; `resumed`: an interrupted run finished now; `present`: already there, nothing changed. */
  outcome: 'created' | 'resumed' | 'present';
  organization: { id: string; name: string };
  logins: (StaffMember & { email: string })[];
  password: string;
  counts: DemoCounts;
  elapsedMs: number;
}

/** Idempotency keys are kept 24 hours; a resumed run must replay within that (with an hour to spare). */
const RESUMABLE_MS = 23 * 60 * 60 * 1000;

/**
 * Fills the database with the demo practice through the API, in-process. A second run finds the
 * finished demo and changes nothing; a run after an interrupted one replays its requests (every
 * creating request carries a fixed Idempotency-Key) and finishes the rest.
 */
export async function runDemo(options: DemoOptions): Promise<DemoResult> {
  const started = Date.now();
  const running = await createApp(options.config, { databaseUrl: options.databaseUrl, poolSize: options.poolSize, pino: options.pino });
  try {
    const dataSource = running.app.get(DataSource);
    const demo = demoAmong(await organizationsIn(dataSource, emailOf(OWNER)), options.force ?? false);
    const finished = demo ? await demoFinished(dataSource, demo.id) : false;
    const organizationId = demo && finished ? demo.id : await makeDemo(running, demo, options);
    return {
      outcome: finished ? 'present' : demo ? 'resumed' : 'created',
      organization: { id: organizationId, name: DEMO_ORGANIZATION },
      logins: STAFF.map((member) => ({ ...member, email: emailOf(member.key) })),
      password: DEMO_PASSWORD,
      counts: await countsOf(dataSource, organizationId),
      elapsedMs: Date.now() - started,
    };
  } finally {
    await running.close();
  }
}

/** Creates the demo practice, or finishes an interrupted one: returns its organization's id. */
async function makeDemo(running: RunningApp, unfinished: InstalledOrganization | undefined, options: DemoOptions): Promise<string> {
  if (unfinished) refuseStaleResume(unfinished);
  // Loopback only, on a port of the system's choosing, for the length of the run.
  await running.app.listen({ port: 0, host: '127.0.0.1' });
  const api = new DemoApi(await running.app.getUrl());
  const owner = unfinished ? await api.login(emailOf(OWNER), DEMO_PASSWORD, unfinished.id) : await signup(api);
  const practice = buildPractice(new Date(owner.organizationCreatedAt));
  const progress = typeof options.progress === 'object' ? options.progress : progressFor(options.progress ?? 'none');
  const embedded = !(options.databaseUrl ?? options.config.DATABASE_URL);
  progress.start(stepsOf(practice));
  try {
    await fill(new DemoContext(api, practice, progress, options.signal), owner, options.concurrency ?? (embedded ? 2 : 8));
  } finally {
    progress.stop();
  }
  return owner.organizationId;
}

/** The demo organization, if an earlier run made it; refuses a database that holds others, unless forced. */
function demoAmong(organizations: InstalledOrganization[], force: boolean): InstalledOrganization | undefined {
  const others = organizations.filter((o) => !o.demo);
  if (others.length > 0 && !force) {
    const which = others.length === 1 ? 'an organization' : `${others.length} organizations`;
    throw new DemoRefused(
      `The database holds ${which} besides the demo practice; it looks like real data, so nothing was changed. Run \`npm run demo -- --force\` to add the demo practice beside it.`,
    );
  }
  return organizations.find((o) => o.demo);
}

/** An unfinished demo is resumed by replaying its requests, which only works while their Idempotency-Keys live. */
function refuseStaleResume(demo: InstalledOrganization): void {
  if (Date.now() - demo.createdAt.getTime() <= RESUMABLE_MS) return;
  // Leave it be rather than risk doubling records whose keys have expired.
  throw new DemoRefused(
    `An interrupted demo run from ${demo.createdAt.toISOString()} can no longer be resumed; start from an empty database (another DATA_DIR or DATABASE_URL).`,
  );
}

async function signup(api: DemoApi): Promise<SignedIn> {
  const owner = STAFF.find((member) => member.key === OWNER)!;
  const { body } = await api.send<{ accessToken: string; user: { id: string }; organization: { id: string; createdAt: string } }>(undefined, 'POST', '/v1/auth/signup', {
    body: { organizationName: DEMO_ORGANIZATION, email: emailOf(OWNER), displayName: owner.displayName, password: DEMO_PASSWORD },
  });
  return {
    userId: body.user.id,
    email: emailOf(OWNER),
    password: DEMO_PASSWORD,
    organizationId: body.organization.id,
    accessToken: body.accessToken,
    organizationCreatedAt: body.organization.createdAt,
  };
}

/** Progress steps: one per staff member, client, couple, group and member, act, and the sign-out. */
function stepsOf(practice: Practice): number {
  const groups = practice.groups.reduce((sum, group) => sum + 1 + group.members.length, 0);
  const acts = practice.cases.reduce((sum, file) => sum + file.acts.length, 0);
  return practice.staff.length + practice.clients.length + practice.couples.length + groups + acts + 1;
}

async function fill(ctx: DemoContext, owner: Credential, concurrency: number): Promise<void> {
  await addStaff(ctx, owner);
  await createClients(ctx, concurrency);
  await createCouples(ctx, concurrency);
  await createGroups(ctx);
  await inParallel(ctx.practice.cases, concurrency, (file) => runCase(ctx, file));
  ctx.stopIfAsked();
  // Everyone signs out; the owner's logout, last, marks the demo finished in the audit trail.
  for (const member of ctx.practice.staff.filter((m) => m.key !== OWNER)) await ctx.api.send(ctx.as(member.key), 'POST', '/v1/auth/logout');
  await ctx.api.send(ctx.as(OWNER), 'POST', '/v1/auth/logout', { requestId: FINISHED_REQUEST_ID });
  ctx.progress.tick('done');
}
