import { loadavg } from 'node:os';
import { BoundariesRepository } from '../../src/boundaries/boundaries.repository';
import { CommitmentsRepository } from '../../src/commitments/commitments.repository';
import { recentWindows, reliabilityPeriods } from '../../src/commitments/rules/reliability';
import { addDays } from '../../src/common/calendar-date';
import { localDate } from '../../src/common/time-zone';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { BenchContext, ScenarioGroup } from '../scenario';

const bearer = (context: BenchContext) => ({ authorization: `Bearer ${context.seed.staffToken}` });

/** Two years of days: the longest a schedule may run. */
const DAYS = 730;
const SAMPLES = 40;

let coupleId = '';
let occurrences = 0;
let lines: string[] = [];

async function send(context: BenchContext, method: string, path: string, body: unknown, expected: number): Promise<{ id?: string }> {
  const response = await fetch(`${context.origin}${path}`, {
    method,
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...bearer(context) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (response.status !== expected) throw new Error(`seeding: ${method} ${path} answered ${response.status}: ${await response.text()}`);
  return (await response.json().catch(() => ({}))) as { id?: string };
}

/**
 * A couple with two years of commitments, every occurrence reported: each partner a daily one for
 * 730 days, partner A also one on Mondays, Wednesdays and Fridays. Commitments, the boundary and its
 * breaches go through the API; the outcomes (about 1,800) are written in one SQL statement, with a
 * mix of kept, missed, excused and a partner's answer on half of them, then ANALYZE.
 */
async function seedCouple(context: BenchContext): Promise<void> {
  const partner = (firstName: string) => send(context, 'POST', '/v1/clients', { firstName, lastName: 'Reliable' }, 201);
  const [a, b] = [await partner('Ana'), await partner('Ben')];
  coupleId = (await send(context, 'POST', '/v1/couples', { partnerIds: [a.id, b.id] }, 201)).id!;
  const today = localDate(new Date(), 'UTC');
  const startsOn = addDays(today, -(DAYS - 1));
  const commit = (committerId: string, schedule: object) =>
    send(context, 'POST', '/v1/commitments', { coupleId, committerId, to: 'partner', description: 'Home by seven, or a call before six.', schedule }, 201);
  await commit(a.id!, { kind: 'daily', startsOn, count: DAYS });
  await commit(b.id!, { kind: 'daily', startsOn, count: DAYS });
  await commit(a.id!, { kind: 'weekly', weekdays: ['mon', 'wed', 'fri'], startsOn, endsOn: today });
  const [{ id: recorderId }] = await context.target.query(`SELECT id FROM staff_users WHERE organization_id = $1 AND role = 'admin'`, [
    context.seed.organizationId,
  ]);
  await context.target.query(
    `INSERT INTO commitment_outcomes (organization_id, commitment_id, occurs_on, committer_outcome, committer_recorded_by_type, committer_recorded_by_id,
                                      committer_recorded_at, partner_answer, partner_recorded_by_type, partner_recorded_by_id, partner_recorded_at)
     SELECT c.organization_id, c.id, d::date,
            (ARRAY['kept', 'kept', 'kept', 'kept', 'kept', 'kept', 'missed', 'missed', 'excused', 'kept'])[1 + (extract(doy FROM d)::int * 7 + length(c.id::text)) % 10],
            'user', $2, now(),
            CASE WHEN extract(doy FROM d)::int % 2 = 0 THEN (ARRAY['confirmed', 'confirmed', 'disputed'])[1 + extract(doy FROM d)::int % 3] END,
            CASE WHEN extract(doy FROM d)::int % 2 = 0 THEN 'user' END,
            CASE WHEN extract(doy FROM d)::int % 2 = 0 THEN $2::uuid END,
            CASE WHEN extract(doy FROM d)::int % 2 = 0 THEN now() END
       FROM commitments c CROSS JOIN generate_series(c.first_on, c.last_on, interval '1 day') AS d
      WHERE c.organization_id = $1 AND c.couple_id = $3
        AND (c.schedule->>'kind' <> 'weekly' OR extract(isodow FROM d) IN (1, 3, 5))`,
    [context.seed.organizationId, recorderId, coupleId],
  );
  const boundary = await send(context, 'POST', '/v1/boundaries', { coupleId, text: 'No checking the other’s phone.', proposedBy: { type: 'partner', id: a.id } }, 201);
  for (const id of [a.id, b.id]) await send(context, 'PUT', `/v1/boundaries/${boundary.id}/agreements/${id}`, undefined, 200);
  for (let i = 0; i < 24; i++) {
    const occurredAt = new Date(Date.now() - (i * 29 + 1) * 86_400_000).toISOString();
    await send(context, 'POST', `/v1/boundaries/${boundary.id}/breaches`, { breachedBy: i % 3 ? b.id : a.id, reportedBy: { type: 'practitioner' }, occurredAt, severity: i % 4 ? 'minor' : 'major' }, 201);
  }
  await context.target.query('ANALYZE commitments, commitment_outcomes, boundary_breaches');
  [{ count: occurrences }] = await context.target.query('SELECT count(*)::int AS count FROM commitment_outcomes WHERE organization_id = $1', [
    context.seed.organizationId,
  ]);
}

const median = (values: number[]) => [...values].sort((x, y) => x - y)[Math.floor(values.length / 2)];
const max = (values: number[]) => Math.max(...values);
const ms = (value: number) => value.toFixed(1);

/**
 * One request at a time, interleaved with its floor: the two counting statements alone, run through
 * the same repositories on the same pool, so that a busy moment of the machine hits both alike.
 */
/** Runs inside TrustPath's process (target.invoke): the floor's two statements, timed there. */
export async function reliabilityFloor(app: NestFastifyApplication, organizationId: string, couple: string): Promise<number> {
  const commitments = app.get(CommitmentsRepository);
  const boundaries = app.get(BoundariesRepository);
  const today = localDate(new Date(), 'UTC');
  const since = addDays(today, -(DAYS - 1));
  const started = performance.now();
  await commitments.reliabilityCounts(organizationId, { coupleId: couple }, { counted: { from: since, to: today }, ...reliabilityPeriods(today, since) });
  await boundaries.breachCounts(organizationId, { coupleId: couple }, recentWindows(today), 'UTC');
  return performance.now() - started;
}

async function measureOneAtATime(context: BenchContext): Promise<void> {
  const request: number[] = [];
  const floor: number[] = [];
  let bytes = 0;
  for (let i = 0; i < SAMPLES + 5; i++) {
    const started = performance.now();
    const response = await fetch(`${context.origin}/v1/couples/${coupleId}/reliability`, { headers: bearer(context) });
    const body = await response.text();
    if (response.status !== 200) throw new Error(`reliability answered ${response.status}: ${body}`);
    const requestMs = performance.now() - started;
    bytes = body.length;
    const floorMs = await context.target.invoke<number>(__filename, 'reliabilityFloor', [context.seed.organizationId, coupleId]);
    if (i >= 5) {
      request.push(requestMs);
      floor.push(floorMs);
    }
  }
  lines = [
    `Reliability of a couple with ${occurrences} reported occurrences over ${DAYS} days (3 commitments, 24 breaches), one request at a time, ${SAMPLES} samples, load ${loadavg()[0].toFixed(2)}:`,
    `- GET /v1/couples/{id}/reliability: median ${ms(median(request))} ms, max ${ms(max(request))} ms, ${bytes} bytes (105 weeks × 2 partners)`,
    `- its two counting statements alone (the floor): median ${ms(median(floor))} ms, max ${ms(max(floor))} ms`,
  ];
}

/** Figures for a couple with two years of daily commitments (issue target: well under 100 ms). */
export const reliability: ScenarioGroup = {
  name: 'reliability',
  prepare: async (context) => {
    await seedCouple(context);
    await measureOneAtATime(context);
  },
  scenarios: [
    {
      name: 'GET /v1/couples/{id}/reliability',
      measures: 'a couple’s reliability: 2 years of daily commitments, 30/90-day and weekly figures per partner, breaches',
      audited: true,
      request: (context) => ({ method: 'GET', path: `/v1/couples/${coupleId}/reliability`, headers: bearer(context) }),
    },
  ],
  report: () => lines,
};
