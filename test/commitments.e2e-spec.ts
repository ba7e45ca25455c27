import { AuditWriter } from '../src/audit/audit.writer';
import { addDays } from '../src/common/calendar-date';
import { localDate } from '../src/common/time-zone';
import { REBUILDING_TRUST_PROGRAM_ID } from '../src/programs/built-in/rebuilding-trust';
import { addApiKey, addStaff, bearer, createClient, createCouple, Org, signupOrganization, Staff } from './support/factories';
import { expectProblem } from './support/problem';
import { startTestApp, TestApp } from './support/test-app';

type Headers = Record<string, string>;
interface Commitment {
  id: string;
  coupleId: string | null;
  clientId: string | null;
  committerId: string;
  to: string;
  description: string;
  stepKey: string | null;
  practiceKey: string | null;
  schedule: Record<string, unknown>;
  timeZone: string;
  firstOn: string;
  lastOn: string;
  previousId: string | null;
  supersededById: string | null;
  archivedAt: string | null;
  version: number;
}

const DESCRIPTION = 'I will be home for dinner by 7 on the nights I said I would, and text if I am late.';
/** Mondays from 2026-10-19: the fall-back change in America/New_York (2026-11-01) lies between the 2nd and 3rd. */
const WEEKLY_ACROSS_DST = { kind: 'weekly', weekdays: ['mon'], startsOn: '2026-10-19', count: 4 };

describe('commitments', () => {
  let t: TestApp;
  let org: Org;
  let owner: Headers;
  let practitioner: Headers;
  let outsider: Staff;
  let facilitator: Staff;
  let readonlyKey: Headers;
  let integrationKey: Headers;
  let otherOwner: Headers;
  let couple: { id: string; a: string; b: string };
  let enrollmentId: string;

  const create = async (as: Headers, body: Record<string, unknown>): Promise<Commitment> => {
    const res = await t.http.post('/v1/commitments').set(as).send(body);
    if (res.status !== 201) throw new Error(`commitment: ${res.status} ${res.text}`);
    return res.body;
  };
  const coupleCommitment = (body: Record<string, unknown> = {}) =>
    create(practitioner, { coupleId: couple.id, committerId: couple.a, to: 'partner', description: DESCRIPTION, schedule: WEEKLY_ACROSS_DST, ...body });
  const put = (as: Headers, id: string, date: string, body: Record<string, unknown>) => t.http.put(`/v1/commitments/${id}/occurrences/${date}`).set(as).send(body);
  const count = async (table: string) => (await t.dataSource.query(`SELECT count(*)::int AS n FROM ${table}`))[0].n as number;
  const events = async (type?: string) => {
    const res = await t.http.get(`/v1/enrollments/${enrollmentId}/events`).query({ limit: 100, ...(type ? { type } : {}) }).set(owner);
    expect(res.status).toBe(200);
    return res.body.data as { type: string; data: Record<string, unknown>; source: unknown; stepKey: string | null }[];
  };

  beforeAll(async () => {
    t = await startTestApp();
    org = await signupOrganization(t);
    owner = bearer(org.owner.token);
    practitioner = bearer((await addStaff(t, org, 'practitioner')).token);
    outsider = await addStaff(t, org, 'practitioner');
    facilitator = await addStaff(t, org, 'facilitator');
    readonlyKey = { 'X-API-Key': (await addApiKey(t, org, 'readonly')).key };
    integrationKey = { 'X-API-Key': (await addApiKey(t, org, 'integration')).key };
    otherOwner = bearer((await signupOrganization(t, 'Elsewhere Clinic')).owner.token);
    const zone = await t.http.patch('/v1/organization').set(owner).send({ timeZone: 'America/New_York' });
    expect(zone.status).toBe(200);
    couple = await createCouple(t, practitioner);
    const enrollment = await t.http.post('/v1/enrollments').set(practitioner).send({ programId: REBUILDING_TRUST_PROGRAM_ID, coupleId: couple.id });
    expect(enrollment.status).toBe(201);
    enrollmentId = enrollment.body.id;
  });
  afterAll(() => t.close());

  it('makes a couple’s commitment in the organization’s time zone, and puts commitment_created on the timeline without the description', async () => {
    const made = await coupleCommitment({ stepKey: 'consistency-and-reliability', practiceKey: 'follow-through-on-commitments' });
    expect(made).toMatchObject({
      coupleId: couple.id,
      clientId: null,
      committerId: couple.a,
      to: 'partner',
      description: DESCRIPTION,
      schedule: { kind: 'weekly', weekdays: ['mon'], startsOn: '2026-10-19', endsOn: null, count: 4 },
      timeZone: 'America/New_York',
      firstOn: '2026-10-19',
      lastOn: '2026-11-09',
      previousId: null,
      supersededById: null,
      archivedAt: null,
      version: 1,
    });
    const got = await t.http.get(`/v1/commitments/${made.id}`).set(readonlyKey);
    expect(got.body).toEqual(made);
    expect(got.headers.etag).toBe('"1"');

    const created = (await events('commitment_created')).find((e) => e.data.commitmentId === made.id);
    expect(created).toMatchObject({ stepKey: 'consistency-and-reliability', source: { type: 'commitment', id: made.id }, data: { committerId: couple.a, previousId: null } });
    expect(JSON.stringify(await events())).not.toContain('home for dinner');
    await t.app.get(AuditWriter).drain();
    const audit = JSON.stringify(await t.dataSource.query('SELECT * FROM audit_events'));
    expect(audit).toContain(made.id);
    expect(audit).not.toContain('home for dinner');
  });

  it('refuses invalid commitments with field errors and creates nothing', async () => {
    const before = await count('commitments');
    const base = { coupleId: couple.id, committerId: couple.a, to: 'partner', description: DESCRIPTION, schedule: WEEKLY_ACROSS_DST };
    const stranger = await createClient(t, practitioner);
    const cases: [Record<string, unknown>, string][] = [
      [{ schedule: { kind: 'daily', startsOn: '2026-10-19', endsOn: '2026-10-01' } }, 'schedule.endsOn'],
      [{ schedule: { kind: 'daily', startsOn: '2026-10-19' } }, 'schedule'],
      [{ schedule: { kind: 'weekly', weekdays: ['mon', 'mon'], startsOn: '2026-10-19', count: 2 } }, 'schedule.weekdays[1]'],
      [{ schedule: { kind: 'once', dueOn: '2026-02-30' } }, 'schedule.dueOn'],
      [{ schedule: { kind: 'monthly', startsOn: '2026-10-19' } }, 'schedule.kind'],
      [{ schedule: { kind: 'daily', startsOn: '2026-10-19', count: 800 } }, 'schedule.count'],
      [{ committerId: stranger.id }, 'committerId'],
      [{ to: 'self' }, 'to'],
      [{ description: '' }, 'description'],
      [{ description: 'x'.repeat(2001) }, 'description'],
      [{ practiceKey: 'be-dependable' }, 'practiceKey'],
      [{ stepKey: 'Not A Key' }, 'stepKey'],
      [{ clientId: couple.a }, 'coupleId'],
    ];
    for (const [change, field] of cases) {
      const res = await t.http.post('/v1/commitments').set(practitioner).send({ ...base, ...change });
      const problem = expectProblem(res, 400, 'VALIDATION_FAILED');
      expect([change, (problem.errors as { field: string }[]).map((e) => e.field)]).toEqual([change, expect.arrayContaining([field])]);
    }
    expect(await count('commitments')).toBe(before);
  });

  it('derives weekly occurrences across a daylight saving change and records outcomes on them', async () => {
    const made = await coupleCommitment();
    const window = await t.http.get(`/v1/commitments/${made.id}/occurrences`).query({ from: '2026-10-01', to: '2026-11-30' }).set(practitioner);
    expect(window.status).toBe(200);
    expect(window.body).toMatchObject({ commitmentId: made.id, timeZone: 'America/New_York', from: '2026-10-01', to: '2026-11-30' });
    expect(window.body.occurrences.map((o: { date: string }) => o.date)).toEqual(['2026-10-19', '2026-10-26', '2026-11-02', '2026-11-09']);
    expect(window.body.occurrences[0]).toEqual({ commitmentId: made.id, date: '2026-10-19', upcoming: false, committer: null, partner: null });

    const kept = await put(practitioner, made.id, '2026-10-26', { viewpoint: 'committer', outcome: 'kept' });
    expect(kept.status).toBe(200);
    expect(kept.body).toMatchObject({ date: '2026-10-26', committer: { outcome: 'kept', reason: null, renegotiatedAs: null, recordedBy: { type: 'user' } }, partner: null });
    const missed = await put(integrationKey, made.id, '2026-11-02', { viewpoint: 'committer', outcome: 'missed' });
    expect(missed.body.committer).toMatchObject({ outcome: 'missed', recordedBy: { type: 'apiKey' } });
    const excused = await put(practitioner, made.id, '2026-11-09', { viewpoint: 'committer', outcome: 'excused', reason: 'Stuck at the hospital with his mother.' });
    expect(excused.body.committer).toMatchObject({ outcome: 'excused', reason: 'Stuck at the hospital with his mother.' });

    const again = await t.http.get(`/v1/commitments/${made.id}/occurrences`).query({ from: '2026-10-26', to: '2026-11-09' }).set(readonlyKey);
    expect(again.body.occurrences.map((o: { date: string; committer: { outcome: string } | null }) => [o.date, o.committer?.outcome ?? null])).toEqual([
      ['2026-10-26', 'kept'],
      ['2026-11-02', 'missed'],
      ['2026-11-09', 'excused'],
    ]);
    const after = await t.http.get(`/v1/commitments/${made.id}`).set(owner);
    expect(after.body.version).toBe(4);
    const reported = (await events('commitment_outcome_reported')).filter((e) => e.data.commitmentId === made.id);
    expect(reported.map((e) => e.data.outcome).sort()).toEqual(['excused', 'kept', 'missed']);
    expect(JSON.stringify(reported)).not.toContain('hospital');
  });

  it('refuses a future date (409, judged in the commitment’s time zone), a day that is no occurrence (404) and a malformed date (400)', async () => {
    const made = await coupleCommitment();
    const before = await count('commitment_outcomes');
    expectProblem(await put(practitioner, made.id, '2026-10-20', { viewpoint: 'committer', outcome: 'kept' }), 404, 'NOT_FOUND');
    expectProblem(await put(practitioner, made.id, '2026-13-01', { viewpoint: 'committer', outcome: 'kept' }), 400, 'VALIDATION_FAILED');
    expectProblem(await put(practitioner, made.id, '2026-10-26', { viewpoint: 'committer', outcome: 'excused' }), 400, 'VALIDATION_FAILED');
    expectProblem(await put(practitioner, made.id, '2026-10-26', { viewpoint: 'committer', outcome: 'kept', reason: 'x' }), 400, 'VALIDATION_FAILED');
    expectProblem(await put(practitioner, made.id, '2026-10-26', { viewpoint: 'observer', outcome: 'kept' }), 400, 'VALIDATION_FAILED');

    const tomorrow = addDays(localDate(new Date(), 'America/New_York'), 1);
    const upcoming = await coupleCommitment({ schedule: { kind: 'once', dueOn: tomorrow } });
    const refused = expectProblem(await put(practitioner, upcoming.id, tomorrow, { viewpoint: 'committer', outcome: 'kept' }), 409, 'OCCURRENCE_IN_THE_FUTURE');
    expect(refused.detail).toContain('America/New_York');
    expect(await count('commitment_outcomes')).toBe(before);

    // The same calendar date is today where the day starts first and tomorrow where it starts last.
    const kiritimatiToday = localDate(new Date(), 'Pacific/Kiritimati');
    await t.http.patch('/v1/organization').set(owner).send({ timeZone: 'Pacific/Kiritimati' });
    const early = await coupleCommitment({ schedule: { kind: 'once', dueOn: kiritimatiToday } });
    await t.http.patch('/v1/organization').set(owner).send({ timeZone: 'Pacific/Pago_Pago' });
    const late = await coupleCommitment({ schedule: { kind: 'once', dueOn: kiritimatiToday } });
    await t.http.patch('/v1/organization').set(owner).send({ timeZone: 'America/New_York' });
    expect([early.timeZone, late.timeZone]).toEqual(['Pacific/Kiritimati', 'Pacific/Pago_Pago']);
    expect((await put(practitioner, early.id, kiritimatiToday, { viewpoint: 'committer', outcome: 'kept' })).status).toBe(200);
    expectProblem(await put(practitioner, late.id, kiritimatiToday, { viewpoint: 'committer', outcome: 'kept' }), 409, 'OCCURRENCE_IN_THE_FUTURE');
    expect((await t.http.get(`/v1/commitments/${early.id}`).set(owner)).body.timeZone).toBe('Pacific/Kiritimati');
  });

  it('takes the other partner’s confirmation or dispute only after a report, and a changed report clears it', async () => {
    const made = await coupleCommitment();
    const date = '2026-10-19';
    expectProblem(await put(practitioner, made.id, date, { viewpoint: 'partner', answer: 'confirmed' }), 409, 'OUTCOME_NOT_REPORTED');
    await put(practitioner, made.id, date, { viewpoint: 'committer', outcome: 'kept' });
    const disputed = await put(practitioner, made.id, date, { viewpoint: 'partner', answer: 'disputed', note: 'He came home at ten.' });
    expect(disputed.status).toBe(200);
    expect(disputed.body).toMatchObject({ committer: { outcome: 'kept' }, partner: { partnerId: couple.b, answer: 'disputed', note: 'He came home at ten.' } });

    const version = (await t.http.get(`/v1/commitments/${made.id}`).set(owner)).body.version;
    const repeat = await put(practitioner, made.id, date, { viewpoint: 'committer', outcome: 'kept' });
    expect(repeat.body.partner).toMatchObject({ answer: 'disputed' });
    expect((await t.http.get(`/v1/commitments/${made.id}`).set(owner)).body.version).toBe(version);

    const changed = await put(practitioner, made.id, date, { viewpoint: 'committer', outcome: 'missed' });
    expect(changed.body).toMatchObject({ committer: { outcome: 'missed' }, partner: null });
    const confirmed = await put(practitioner, made.id, date, { viewpoint: 'partner', answer: 'confirmed' });
    expect(confirmed.body.partner).toMatchObject({ answer: 'confirmed', note: null });

    const mine = (await events()).filter((e) => e.data.commitmentId === made.id && e.type !== 'commitment_created').reverse();
    expect(mine.map((e) => [e.type, e.data.outcome ?? e.data.answer, e.data.previousOutcome ?? e.data.previousAnswer ?? null])).toEqual([
      ['commitment_outcome_reported', 'kept', null],
      ['commitment_outcome_answered', 'disputed', null],
      ['commitment_outcome_reported', 'missed', 'kept'],
      ['commitment_outcome_answered', 'confirmed', null],
    ]);
    expect(mine[2].data).toMatchObject({ answerCleared: true, date });
    expect(JSON.stringify(mine)).not.toContain('ten');
  });

  it('renegotiates an occurrence into a new version whose schedule follows, ending the old one on that date', async () => {
    const made = await coupleCommitment({ schedule: { kind: 'daily', startsOn: '2026-11-01', count: 5 } });
    await put(practitioner, made.id, '2026-11-01', { viewpoint: 'committer', outcome: 'kept' });
    const terms = { description: 'Home by 8 on weekdays.', schedule: { kind: 'weekly', weekdays: ['fri', 'mon'], startsOn: '2026-11-10', endsOn: '2026-11-30' } };
    expectProblem(
      await put(practitioner, made.id, '2026-11-03', { viewpoint: 'committer', outcome: 'renegotiated', renegotiated: { schedule: { kind: 'once', dueOn: '2026-11-03' } } }),
      400,
      'VALIDATION_FAILED',
    );
    await put(practitioner, made.id, '2026-11-04', { viewpoint: 'committer', outcome: 'kept' });
    expectProblem(await put(practitioner, made.id, '2026-11-03', { viewpoint: 'committer', outcome: 'renegotiated', renegotiated: terms }), 409, 'REPORTS_AFTER_RENEGOTIATION');
    const res = await put(practitioner, made.id, '2026-11-04', { viewpoint: 'committer', outcome: 'renegotiated', renegotiated: terms });
    expect(res.status).toBe(200);
    const newId = res.body.committer.renegotiatedAs as string;
    expect(newId).toEqual(expect.any(String));

    const old = (await t.http.get(`/v1/commitments/${made.id}`).set(owner)).body as Commitment;
    expect(old).toMatchObject({ supersededById: newId, lastOn: '2026-11-04', schedule: { kind: 'daily', startsOn: '2026-11-01', endsOn: '2026-11-04', count: null } });
    const next = (await t.http.get(`/v1/commitments/${newId}`).set(owner)).body as Commitment;
    expect(next).toMatchObject({
      previousId: made.id,
      description: 'Home by 8 on weekdays.',
      committerId: couple.a,
      to: 'partner',
      timeZone: 'America/New_York',
      schedule: { kind: 'weekly', weekdays: ['mon', 'fri'], startsOn: '2026-11-10', endsOn: '2026-11-30', count: null },
      firstOn: '2026-11-13',
      lastOn: '2026-11-30',
    });
    const before = await count('commitments');
    const retried = await put(practitioner, made.id, '2026-11-04', { viewpoint: 'committer', outcome: 'renegotiated', renegotiated: terms });
    expect(retried.body).toEqual(res.body);
    expect(await count('commitments')).toBe(before);
    expectProblem(
      await put(practitioner, made.id, '2026-11-04', { viewpoint: 'committer', outcome: 'renegotiated', renegotiated: { ...terms, description: 'Other terms.' } }),
      409,
      'COMMITMENT_SUPERSEDED',
    );
    expectProblem(await put(practitioner, made.id, '2026-11-05', { viewpoint: 'committer', outcome: 'kept' }), 404, 'NOT_FOUND');
    const again = expectProblem(await put(practitioner, made.id, '2026-11-04', { viewpoint: 'committer', outcome: 'kept' }), 409, 'COMMITMENT_SUPERSEDED');
    expect(again.supersededById).toBe(newId);
    expectProblem(await put(practitioner, made.id, '2026-11-02', { viewpoint: 'committer', outcome: 'renegotiated', renegotiated: terms }), 409, 'COMMITMENT_SUPERSEDED');
    expect((await put(practitioner, made.id, '2026-11-04', { viewpoint: 'partner', answer: 'confirmed' })).status).toBe(200);
    expect((await put(practitioner, made.id, '2026-11-02', { viewpoint: 'committer', outcome: 'missed' })).status).toBe(200);

    const reported = (await events('commitment_outcome_reported')).find((e) => e.data.commitmentId === made.id && e.data.outcome === 'renegotiated');
    expect(reported?.data).toMatchObject({ newCommitmentId: newId, previousOutcome: 'kept' });
    expect((await events('commitment_created')).find((e) => e.data.commitmentId === newId)?.data).toMatchObject({ previousId: made.id });
  });

  it('makes a client’s own commitment to themselves, which has no partner viewpoint', async () => {
    const client = await createClient(t, practitioner);
    const made = await create(practitioner, { clientId: client.id, committerId: client.id, description: 'Walk every morning.', schedule: { kind: 'daily', startsOn: '2026-10-01', endsOn: '2026-10-10' } });
    expect(made).toMatchObject({ clientId: client.id, coupleId: null, to: 'self' });
    expectProblem(
      await t.http.post('/v1/commitments').set(practitioner).send({ clientId: client.id, committerId: couple.a, description: 'x', schedule: { kind: 'once', dueOn: '2026-10-01' } }),
      400,
      'VALIDATION_FAILED',
    );
    expectProblem(await t.http.patch(`/v1/commitments/${made.id}`).set(practitioner).send({ to: 'partner' }), 400, 'VALIDATION_FAILED');
    await put(practitioner, made.id, '2026-10-02', { viewpoint: 'committer', outcome: 'kept' });
    expectProblem(await put(practitioner, made.id, '2026-10-02', { viewpoint: 'partner', answer: 'confirmed' }), 409, 'NO_PARTNER_VIEWPOINT');
    const listed = await t.http.get('/v1/commitments').query({ clientId: client.id }).set(practitioner);
    expect(listed.body.data.map((c: Commitment) => c.id)).toEqual([made.id]);
  });

  it('answers 404 to another organization and to a practitioner off the caseload, 403 to facilitators, and lets readonly keys only read', async () => {
    const made = await coupleCommitment();
    const paths = (id: string) => [
      ['get', `/v1/commitments/${id}`],
      ['patch', `/v1/commitments/${id}`],
      ['delete', `/v1/commitments/${id}`],
      ['post', `/v1/commitments/${id}/restore`],
      ['get', `/v1/commitments/${id}/occurrences?from=2026-10-01&to=2026-10-31`],
      ['put', `/v1/commitments/${id}/occurrences/2026-10-19`],
    ] as const;
    const bodies: Record<string, object> = { patch: { description: 'changed' }, put: { viewpoint: 'committer', outcome: 'kept' } };
    for (const as of [otherOwner, bearer(outsider.token)]) {
      for (const [method, path] of paths(made.id)) expectProblem(await t.http[method](path).set(as).send(bodies[method]), 404, 'NOT_FOUND');
      expectProblem(await t.http.post('/v1/commitments').set(as).send({ coupleId: couple.id, committerId: couple.a, to: 'partner', description: 'x', schedule: WEEKLY_ACROSS_DST }), 404, 'NOT_FOUND');
      const listed = await t.http.get('/v1/commitments').query({ limit: 100 }).set(as);
      expect(listed.body.data).toEqual([]);
    }
    for (const [method, path] of paths(made.id)) expectProblem(await t.http[method](path).set(bearer(facilitator.token)).send(bodies[method]), 403, 'FORBIDDEN');
    expectProblem(await t.http.get('/v1/commitments').set(bearer(facilitator.token)), 403, 'FORBIDDEN');

    expect((await t.http.get(`/v1/commitments/${made.id}`).set(readonlyKey)).status).toBe(200);
    expect((await t.http.get('/v1/commitments').query({ coupleId: couple.id }).set(readonlyKey)).status).toBe(200);
    for (const [method, path] of paths(made.id).filter(([method]) => method !== 'get')) {
      expectProblem(await t.http[method](path).set(readonlyKey).send(bodies[method]), 403, 'FORBIDDEN');
    }
    expect((await t.http.get(`/v1/commitments/${made.id}`).set(owner)).body.version).toBe(1);
  });

  it('changes terms under If-Match, replays an Idempotency-Key, archives and restores', async () => {
    const made = await coupleCommitment();
    expectProblem(await t.http.patch(`/v1/commitments/${made.id}`).set(practitioner).set('If-Match', '"7"').send({ to: 'relationship' }), 412, 'PRECONDITION_FAILED');
    const changed = await t.http.patch(`/v1/commitments/${made.id}`).set(practitioner).set('If-Match', '"1"').send({ to: 'relationship', stepKey: 'consistency-and-reliability' });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ to: 'relationship', stepKey: 'consistency-and-reliability', version: 2 });
    expect(changed.headers.etag).toBe('"2"');
    expectProblem(await t.http.patch(`/v1/commitments/${made.id}`).set(practitioner).send({ schedule: { kind: 'once', dueOn: '2026-10-01' } }), 400, 'VALIDATION_FAILED');
    const practice = await t.http.patch(`/v1/commitments/${made.id}`).set(practitioner).send({ practiceKey: 'be-dependable' });
    // Status and body together: a refusal shows its problem.
    expect({ status: practice.status, body: practice.body }).toMatchObject({ status: 200, body: { practiceKey: 'be-dependable' } });
    const cleared = await t.http.patch(`/v1/commitments/${made.id}`).set(practitioner).send({ stepKey: null });
    expect(cleared.body).toMatchObject({ stepKey: null, practiceKey: null });

    const body = { coupleId: couple.id, committerId: couple.b, to: 'relationship', description: 'Phone off at dinner.', schedule: { kind: 'once', dueOn: '2026-10-05' } };
    const first = await t.http.post('/v1/commitments').set(integrationKey).set('Idempotency-Key', 'commitment-replay-1').send(body);
    const second = await t.http.post('/v1/commitments').set(integrationKey).set('Idempotency-Key', 'commitment-replay-1').send(body);
    expect([first.status, second.status]).toEqual([201, 201]);
    expect(second.body.id).toBe(first.body.id);
    expect((await t.dataSource.query('SELECT count(*)::int AS n FROM commitments WHERE id = $1', [first.body.id]))[0].n).toBe(1);
    expect((await t.http.post('/v1/commitments').set(integrationKey).set('Idempotency-Key', 'commitment-replay-1').send({ ...body, description: 'Other.' })).status).toBe(422);

    const archived = await t.http.delete(`/v1/commitments/${first.body.id}`).set(practitioner).set('If-Match', '"1"');
    expect(archived.status).toBe(200);
    expect(archived.body.archivedAt).toEqual(expect.any(String));
    const listed = await t.http.get('/v1/commitments').query({ coupleId: couple.id, limit: 100 }).set(practitioner);
    expect(listed.body.data.map((c: Commitment) => c.id)).not.toContain(first.body.id);
    const withArchived = await t.http.get('/v1/commitments').query({ coupleId: couple.id, limit: 100, includeArchived: true }).set(practitioner);
    expect(withArchived.body.data.map((c: Commitment) => c.id)).toContain(first.body.id);
    expectProblem(await put(practitioner, first.body.id, '2026-10-05', { viewpoint: 'committer', outcome: 'kept' }), 409, 'COMMITMENT_ARCHIVED');
    const restored = await t.http.post(`/v1/commitments/${first.body.id}/restore`).set(practitioner);
    expect(restored.body).toMatchObject({ archivedAt: null, version: 3 });
    expect((await put(practitioner, first.body.id, '2026-10-05', { viewpoint: 'committer', outcome: 'kept' })).status).toBe(200);

    const since = await t.http.get('/v1/commitments').query({ updatedSince: restored.body.updatedAt, committerId: couple.b }).set(owner);
    expect(since.body.data.map((c: Commitment) => c.id)).toEqual([first.body.id]);
  });

  it('lists occurrences only in a window of at most 366 days', async () => {
    const made = await coupleCommitment();
    expectProblem(await t.http.get(`/v1/commitments/${made.id}/occurrences`).query({ from: '2026-01-01', to: '2027-01-02' }).set(owner), 400, 'VALIDATION_FAILED');
    expectProblem(await t.http.get(`/v1/commitments/${made.id}/occurrences`).query({ from: '2026-02-01', to: '2026-01-01' }).set(owner), 400, 'VALIDATION_FAILED');
    expectProblem(await t.http.get(`/v1/commitments/${made.id}/occurrences`).query({ from: '2026-02-01' }).set(owner), 400, 'VALIDATION_FAILED');
    const year = await t.http.get(`/v1/commitments/${made.id}/occurrences`).query({ from: '2026-01-01', to: '2026-12-31' }).set(owner);
    expect(year.body.occurrences).toHaveLength(4);
  });
});
