import { REBUILDING_TRUST_PROGRAM, REBUILDING_TRUST_PROGRAM_ID } from '../../src/programs/built-in/rebuilding-trust';
import type { BenchContext, ScenarioGroup } from '../scenario';

const bearer = (context: BenchContext) => ({ authorization: `Bearer ${context.seed.staffToken}` });

/** The enrollment the scenarios read, made by `prepare`. */
let enrollmentId = '';
let events = 0;

async function send(context: BenchContext, method: string, path: string, body: unknown, expected: number): Promise<{ id?: string }> {
  const response = await fetch(`${context.origin}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...bearer(context) },
    body: JSON.stringify(body),
  });
  if (response.status !== expected) throw new Error(`seeding: ${method} ${path} answered ${response.status}: ${await response.text()}`);
  return (await response.json().catch(() => ({}))) as { id?: string };
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
  const [{ count }] = await context.dataSource.query('SELECT count(*)::int AS count FROM enrollment_events WHERE enrollment_id = $1', [
    enrollmentId,
  ]);
  events = count;
}

/** Reading an enrollment with its seven steps and 21 practices, and one full page of its timeline. */
export const progress: ScenarioGroup = {
  name: 'progress',
  prepare: async (context) => {
    await seedEnrollment(context);
  },
  scenarios: [
    {
      name: 'GET /v1/enrollments/{id}',
      measures: 'a couple’s enrollment: 7 steps, 21 practices ticked for both partners, progress figures',
      audited: true,
      request: (context) => ({ method: 'GET', path: `/v1/enrollments/${enrollmentId}`, headers: bearer(context) }),
    },
    {
      name: 'GET /v1/enrollments/{id}/events?limit=50',
      measures: 'one 50-event page of the timeline, newest first',
      audited: true,
      request: (context) => ({ method: 'GET', path: `/v1/enrollments/${enrollmentId}/events?limit=50`, headers: bearer(context) }),
    },
  ],
  report: () => [`The enrollment's timeline held ${events} events.`],
};
