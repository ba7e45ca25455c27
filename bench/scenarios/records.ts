import { REBUILDING_TRUST_PROGRAM, REBUILDING_TRUST_PROGRAM_ID } from '../../src/programs/built-in/rebuilding-trust';
import { Ceiling, startCeiling } from '../ceiling';
import { CeilingCase, ceilingScenarios, ceilingTable, teach } from '../ceiling/compare';
import { beforeFigures, recordStatements, statementCounts } from '../statements';
import type { ScenarioOutcome } from '../report';
import type { BenchContext, ScenarioGroup } from '../scenario';

const bearer = (context: BenchContext) => ({ authorization: `Bearer ${context.seed.staffToken}` });

/** What the scenarios read, made by `prepare`. */
let enrollmentId = '';
let coupleId = '';
let clientId = '';
let partnerIds: string[] = [];
let sessionId = '';
let assignmentId = '';
let events = 0;
let ceiling: Ceiling | undefined;
const SESSIONS = 60;
const ASSIGNMENTS = 60;

async function send(context: BenchContext, method: string, path: string, body: unknown, expected: number): Promise<{ id?: string; data?: { id: string }[] }> {
  const response = await fetch(`${context.origin}${path}`, {
    method,
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...bearer(context) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (response.status !== expected) throw new Error(`seeding: ${method} ${path} answered ${response.status}: ${await response.text()}`);
  return (await response.json().catch(() => ({}))) as { id?: string; data?: { id: string }[] };
}

/**
 * A couple walked through the whole program through the public API — every step started and
 * completed, every practice ticked for both partners, a setback at step 4, practices revisited —
 * so that the enrollment carries a realistic timeline of more than 50 events.
 */
async function seedEnrollment(context: BenchContext): Promise<void> {
  const partner = (firstName: string) => send(context, 'POST', '/v1/clients', { firstName, lastName: 'Bench' }, 201);
  const [a, b] = [await partner('Ana'), await partner('Ben')];
  const couple = await send(context, 'POST', '/v1/couples', { partnerIds: [a.id, b.id] }, 201);
  coupleId = couple.id!;
  clientId = a.id!;
  partnerIds = [a.id!, b.id!];
  const enrollment = await send(context, 'POST', '/v1/enrollments', { programId: REBUILDING_TRUST_PROGRAM_ID, coupleId: couple.id }, 201);
  enrollmentId = enrollment.id!;
  const base = `/v1/enrollments/${enrollmentId}`;
  for (const step of REBUILDING_TRUST_PROGRAM.steps) {
    await send(context, 'PATCH', `${base}/steps/${step.key}`, { status: 'in_progress', note: 'Started in session.' }, 200);
    for (const practice of step.practices) {
      await send(context, 'PUT', `${base}/steps/${step.key}/practices/${practice.key}`, { done: true }, 200);
    }
    await send(context, 'PATCH', `${base}/steps/${step.key}`, { status: 'completed' }, 200);
    if (step.position === 4) {
      await send(context, 'PATCH', `${base}/steps/${step.key}`, { status: 'in_progress', reason: 'A missed commitment.' }, 200);
      await send(context, 'PATCH', `${base}/steps/${step.key}`, { status: 'completed' }, 200);
    }
  }
  // A second look at each step's first practice: untick and tick again, as a couple revisits it.
  for (const step of REBUILDING_TRUST_PROGRAM.steps) {
    const practice = `${base}/steps/${step.key}/practices/${step.practices[0].key}`;
    await send(context, 'PUT', practice, { done: false }, 200);
    await send(context, 'PUT', practice, { done: true }, 200);
  }
  const [{ count }] = await context.target.query<{ count: number }>('SELECT count(*)::int AS count FROM enrollment_events WHERE enrollment_id = $1', [
    enrollmentId,
  ]);
  events = count;
}

/** A year and more of weekly sessions for the couple, and as many exercises assigned to it, through the API. */
async function seedSessionsAndAssignments(context: BenchContext): Promise<void> {
  const week = 7 * 24 * 3600 * 1000;
  const first = Date.now() - SESSIONS * week;
  // Joint sessions need both partners screened for safety first.
  for (const partner of partnerIds) {
    await send(context, 'POST', `/v1/clients/${partner}/safety-screenings`, { result: 'clear', screenedAt: new Date(first - week).toISOString() }, 201);
  }
  for (let i = 0; i < SESSIONS; i++) {
    const startsAt = new Date(first + i * week).toISOString();
    const session = await send(context, 'POST', '/v1/sessions', { kind: 'couple', coupleId, startsAt, durationMinutes: 50, modality: i % 3 === 0 ? 'in_person' : 'video' }, 201);
    sessionId = session.id!;
  }
  const exercises = await send(context, 'GET', '/v1/exercises?limit=20', undefined, 200);
  for (let i = 0; i < ASSIGNMENTS; i++) {
    const exerciseId = exercises.data![i % exercises.data!.length].id;
    const dueOn = new Date(first + i * week).toISOString().slice(0, 10);
    const batch = (await send(context, 'POST', '/v1/assignments', { coupleId, exerciseId, dueOn, instructions: 'Together, before the next session.' }, 201)) as {
      assignments?: { id: string }[];
    };
    assignmentId = batch.assignments![0].id;
  }
}

const token = (context: BenchContext) => context.seed.staffToken;

/** The hot reads besides the clients list, each against its ceiling. */
const CASES: CeilingCase[] = [
  { endpoint: 'GET /v1/clients/{id}', measures: 'one client with its care team', path: () => `/v1/clients/${clientId}`, token },
  { endpoint: 'GET /v1/couples?limit=50', measures: 'a page of the organization’s couples with their care teams', path: () => '/v1/couples?limit=50', token },
  { endpoint: 'GET /v1/couples/{id}', measures: 'one couple with its care team', path: () => `/v1/couples/${coupleId}`, token },
  { endpoint: 'GET /v1/sessions?limit=50', measures: `a page of sessions (the couple's ${SESSIONS})`, path: () => '/v1/sessions?limit=50', token },
  { endpoint: 'GET /v1/sessions/{id}', measures: 'one session', path: () => `/v1/sessions/${sessionId}`, token },
  {
    endpoint: 'GET /v1/enrollments/{id}',
    measures: 'a couple’s enrollment: 7 steps, 21 practices ticked for both partners, progress figures',
    path: () => `/v1/enrollments/${enrollmentId}`,
    token,
  },
  { endpoint: 'GET /v1/assignments?limit=50', measures: `a page of assignments (the couple's ${ASSIGNMENTS})`, path: () => '/v1/assignments?limit=50', token },
  { endpoint: 'GET /v1/assignments/{id}', measures: 'one assignment', path: () => `/v1/assignments/${assignmentId}`, token },
  {
    endpoint: 'GET /v1/enrollments/{id}/events?limit=50',
    measures: 'one 50-event page of the timeline, newest first',
    path: () => `/v1/enrollments/${enrollmentId}/events?limit=50`,
    token,
  },
];

const { scenarios, blocks } = ceilingScenarios(CASES, () => ceiling);

const WRITES = ['POST /v1/clients', 'PATCH /v1/clients/{id} (If-Match)', 'POST /v1/couples', 'PATCH /v1/couples/{id} (If-Match)'];

/**
 * Statements per write, counted the same way as the reads' (a write runs once, so the first request
 * is the one counted; its audit insert included): no statement should re-read what the write returned.
 */
async function countWrites(context: BenchContext): Promise<void> {
  const auth = { authorization: `Bearer ${context.seed.staffToken}` };
  const expect = (what: string, status: number, wanted: number, body: string) => {
    if (status !== wanted) throw new Error(`${what} answered ${status}: ${body.slice(0, 300)}`);
  };
  const ids: string[] = [];
  for (const name of ['Cleo', 'Dev']) {
    const created = await context.target.probe('/v1/clients', auth, { method: 'POST', body: { firstName: name, lastName: 'Writes' } });
    expect('POST /v1/clients', created.status, 201, created.body);
    ids.push((JSON.parse(created.body) as { id: string }).id);
    if (ids.length === 1) recordStatements(WRITES[0], created.queries);
  }
  const client = await context.target.probe(`/v1/clients/${ids[0]}`, auth);
  const patched = await context.target.probe(
    `/v1/clients/${ids[0]}`,
    { ...auth, 'if-match': client.headers.get('etag') ?? '' },
    { method: 'PATCH', body: { preferredName: 'Clee' } },
  );
  expect('PATCH /v1/clients/{id}', patched.status, 200, patched.body);
  recordStatements(WRITES[1], patched.queries);
  const couple = await context.target.probe('/v1/couples', auth, { method: 'POST', body: { partnerIds: ids } });
  expect('POST /v1/couples', couple.status, 201, couple.body);
  recordStatements(WRITES[2], couple.queries);
  const coupleId = (JSON.parse(couple.body) as { id: string }).id;
  const read = await context.target.probe(`/v1/couples/${coupleId}`, auth);
  const relabelled = await context.target.probe(
    `/v1/couples/${coupleId}`,
    { ...auth, 'if-match': read.headers.get('etag') ?? '' },
    { method: 'PATCH', body: { label: 'Writes & Writes' } },
  );
  expect('PATCH /v1/couples/{id}', relabelled.status, 200, relabelled.body);
  recordStatements(WRITES[3], relabelled.queries);
}

function writesTable(): string[] {
  const counts = statementCounts();
  const before = beforeFigures();
  const lines = [
    'Writes, statements per request (counted once, not under load; the audit insert included):',
    '',
    '| write | before → after | statements now |',
    '| --- | ---: | --- |',
  ];
  for (const write of WRITES) {
    const now = counts[write];
    if (!now) continue;
    lines.push(`| ${write} | ${before?.statements[write]?.total ?? '–'} → ${now.total} | ${now.outline.join('; ')} |`);
  }
  lines.push('');
  return lines;
}

/** The hot reads of a case: one client, couples, sessions, an enrollment and its timeline, assignments. */
export const records: ScenarioGroup = {
  name: 'records',
  prepare: async (context) => {
    await seedEnrollment(context);
    await seedSessionsAndAssignments(context);
    await context.target.query('ANALYZE');
    if (!context.target.embedded) ceiling = await startCeiling(context.target);
    const close = async () => {
      await ceiling?.close();
      ceiling = undefined;
    };
    await countWrites(context);
    await teach(context, ceiling, CASES).catch(async (error: unknown) => {
      await close();
      throw error;
    });
    return close;
  },
  scenarios,
  blocks,
  enabled: (scenario) => !scenario.name.endsWith('(ceiling)') || ceiling !== undefined,
  report: (outcomes: ScenarioOutcome[]) => [
    '## records: one case’s reads',
    '',
    `A couple walked through the whole program (its timeline holds ${events} events), ${SESSIONS} weekly sessions and ${ASSIGNMENTS} assignments, all through the API; ` +
      'the lists are the organization’s (with the clients group, its 20,000 couples).',
    '',
    ...ceilingTable(CASES, outcomes),
    ...writesTable(),
  ],
};


