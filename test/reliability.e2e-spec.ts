import { REBUILDING_TRUST_PROGRAM_ID } from '../src/programs/built-in/rebuilding-trust';
import { addApiKey, addStaff, bearer, createClient, createCouple, Org, signupOrganization } from './support/factories';
import { expectProblem } from './support/problem';
import { startTestApp, TestApp } from './support/test-app';

type Headers = Record<string, string>;

interface Figures {
  from: string;
  to: string;
  due: number;
  kept: number;
  missed: number;
  excused: number;
  renegotiated: number;
  unreported: number;
  rate: number | null;
  confirmed: number;
  disputed: number;
  agreementRate: number | null;
}
interface Week extends Figures {
  week: string;
}

const NONE = { due: 0, kept: 0, missed: 0, excused: 0, renegotiated: 0, unreported: 0, rate: null, confirmed: 0, disputed: 0, agreementRate: null };

/**
 * The figures below are worked out by hand from the outcomes recorded in `beforeAll`. The organization
 * counts in Europe/Berlin, where summer time ends on Sunday 2026-10-25, in the middle of the eight
 * weeks: a Tuesday and Saturday commitment keeps falling on Tuesdays and Saturdays across it.
 */
const AS_OF = '2026-11-30';

describe('reliability', () => {
  let t: TestApp;
  let org: Org;
  let owner: Headers;
  let practitioner: Headers;
  let couple: { id: string; a: string; b: string };

  const put = async (as: Headers, id: string, date: string, body: Record<string, unknown>) => {
    const res = await t.http.put(`/v1/commitments/${id}/occurrences/${date}`).set(as).send(body);
    if (res.status !== 200) throw new Error(`${date}: ${res.status} ${res.text}`);
    return res.body as { committer: { renegotiatedAs: string | null } | null };
  };
  const report = (id: string, date: string, outcome: string, extra: Record<string, unknown> = {}) =>
    put(practitioner, id, date, { viewpoint: 'committer', outcome, ...extra });
  const answer = (id: string, date: string, answer: 'confirmed' | 'disputed') => put(practitioner, id, date, { viewpoint: 'partner', answer });
  const commit = async (body: Record<string, unknown>): Promise<string> => {
    const res = await t.http.post('/v1/commitments').set(practitioner).send({ description: 'A promise kept in the open.', ...body });
    if (res.status !== 201) throw new Error(`commitment: ${res.status} ${res.text}`);
    return res.body.id as string;
  };
  const reliabilityOf = (path: string, as: Headers = practitioner, asOf: string | undefined = AS_OF) =>
    t.http.get(path).query(asOf ? { asOf } : {}).set(as);

  beforeAll(async () => {
    t = await startTestApp();
    org = await signupOrganization(t);
    owner = bearer(org.owner.token);
    practitioner = bearer((await addStaff(t, org, 'practitioner')).token);
    expect((await t.http.patch('/v1/organization').set(owner).send({ timeZone: 'Europe/Berlin' })).status).toBe(200);
    couple = await createCouple(t, practitioner);
    expect((await t.http.post('/v1/enrollments').set(practitioner).send({ programId: REBUILDING_TRUST_PROGRAM_ID, coupleId: couple.id })).status).toBe(201);

    // Partner A: Tuesdays and Saturdays for eight weeks, 16 occurrences from 2026-10-06 to 2026-11-28.
    const weekly = await commit({ coupleId: couple.id, committerId: couple.a, to: 'partner', schedule: { kind: 'weekly', weekdays: ['tue', 'sat'], startsOn: '2026-10-05', count: 16 } });
    const outcomes: [string, string, ('confirmed' | 'disputed')?][] = [
      ['2026-10-06', 'kept', 'confirmed'],
      ['2026-10-10', 'kept'],
      ['2026-10-13', 'missed', 'confirmed'],
      ['2026-10-17', 'kept', 'disputed'],
      ['2026-10-20', 'kept'],
      ['2026-10-24', 'kept', 'confirmed'],
      ['2026-10-27', 'missed'],
      ['2026-10-31', 'kept', 'disputed'],
      ['2026-11-03', 'kept'],
      ['2026-11-07', 'kept', 'confirmed'],
      ['2026-11-10', 'missed'],
      ['2026-11-14', 'kept'],
      ['2026-11-17', 'kept', 'confirmed'],
      ['2026-11-21', 'missed', 'disputed'],
      ['2026-11-24', 'kept'],
      // 2026-11-28: nothing reported.
    ];
    // 2026-10-27 was first reported kept and disputed; the corrected report clears that dispute.
    await report(weekly, '2026-10-27', 'kept');
    await answer(weekly, '2026-10-27', 'disputed');
    for (const [date, outcome, view] of outcomes) {
      await report(weekly, date, outcome);
      if (view) await answer(weekly, date, view);
    }
    // An archived commitment counts for nothing, whatever was recorded.
    const archived = await commit({ coupleId: couple.id, committerId: couple.a, to: 'relationship', schedule: { kind: 'once', dueOn: '2026-11-02' } });
    await report(archived, '2026-11-02', 'missed');
    const current = await t.http.get(`/v1/commitments/${archived}`).set(practitioner);
    expect((await t.http.delete(`/v1/commitments/${archived}`).set(practitioner).set('If-Match', current.headers.etag)).status).toBe(200);

    // Partner B: daily from 2026-11-16, renegotiated on the 20th into a one-off on the 25th.
    const daily = await commit({ coupleId: couple.id, committerId: couple.b, to: 'relationship', schedule: { kind: 'daily', startsOn: '2026-11-16', count: 7 } });
    await report(daily, '2026-11-16', 'kept');
    await answer(daily, '2026-11-16', 'confirmed');
    await report(daily, '2026-11-17', 'kept');
    await answer(daily, '2026-11-17', 'disputed');
    await report(daily, '2026-11-18', 'missed');
    await report(daily, '2026-11-19', 'excused', { reason: 'Stayed at the hospital with her father.' });
    const renegotiated = await report(daily, '2026-11-20', 'renegotiated', { renegotiated: { schedule: { kind: 'once', dueOn: '2026-11-25' } } });
    await report(renegotiated.committer!.renegotiatedAs!, '2026-11-25', 'kept');

    // Breaches of one boundary: B's on 2026-10-10 and at 00:30 on 2026-11-01 Berlin time (still
    // 31 October in UTC), A's on 2026-08-01, before the 90 days.
    const boundary = await t.http
      .post('/v1/boundaries')
      .set(practitioner)
      .send({ coupleId: couple.id, text: 'No phone checking without asking first.', proposedBy: { type: 'partner', id: couple.a } });
    expect(boundary.status).toBe(201);
    for (const partnerId of [couple.a, couple.b]) {
      expect((await t.http.put(`/v1/boundaries/${boundary.body.id}/agreements/${partnerId}`).set(practitioner)).status).toBe(200);
    }
    for (const [breachedBy, occurredAt] of [
      [couple.b, '2026-10-10T18:00:00Z'],
      [couple.b, '2026-10-31T23:30:00Z'],
      [couple.a, '2026-08-01T12:00:00Z'],
    ]) {
      const res = await t.http
        .post(`/v1/boundaries/${boundary.body.id}/breaches`)
        .set(practitioner)
        .send({ breachedBy, reportedBy: { type: 'practitioner' }, occurredAt, severity: 'minor' });
      expect(res.status).toBe(201);
    }
  });
  afterAll(() => t.close());

  it('gives each partner’s figures over 30 and 90 days and since the start, worked out by hand', async () => {
    const res = await reliabilityOf(`/v1/couples/${couple.id}/reliability`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ coupleId: couple.id, timeZone: 'Europe/Berlin', asOf: AS_OF, since: '2026-10-06' });
    const [a, b] = res.body.partners;
    expect(a.clientId).toBe(couple.a);
    expect(b.clientId).toBe(couple.b);

    const sinceStartA = { due: 16, kept: 11, missed: 4, excused: 0, renegotiated: 0, unreported: 1, rate: 0.7333, confirmed: 5, disputed: 3, agreementRate: 0.625 };
    expect(a.sinceStart).toEqual({ from: '2026-10-06', to: AS_OF, ...sinceStartA });
    // 90 days back is 2026-09-02, before the start: the period starts at the start.
    expect(a.last90Days).toEqual({ from: '2026-10-06', to: AS_OF, ...sinceStartA });
    expect(a.last30Days).toEqual({ from: '2026-11-01', to: AS_OF, due: 8, kept: 5, missed: 2, excused: 0, renegotiated: 0, unreported: 1, rate: 0.7143, confirmed: 2, disputed: 1, agreementRate: 0.6667 });

    const sinceStartB = { due: 6, kept: 3, missed: 1, excused: 1, renegotiated: 1, unreported: 0, rate: 0.75, confirmed: 1, disputed: 1, agreementRate: 0.5 };
    expect(b.sinceStart).toEqual({ from: '2026-10-06', to: AS_OF, ...sinceStartB });
    expect(b.last30Days).toEqual({ from: '2026-11-01', to: AS_OF, ...sinceStartB });

    expect(a.breaches).toEqual({ last30Days: 0, last90Days: 0, byBoundary: [{ boundaryId: expect.any(String), last30Days: 0, last90Days: 0 }] });
    expect(b.breaches).toMatchObject({ last30Days: 1, last90Days: 2, byBoundary: [{ last30Days: 1, last90Days: 2 }] });
  });

  it('gives a weekly series by ISO week in the organization’s time zone, empty weeks included', async () => {
    const res = await reliabilityOf(`/v1/couples/${couple.id}/reliability`);
    const [a, b] = res.body.partners as { weekly: Week[] }[];
    const week = (week: string, from: string, to: string, counts: Partial<Figures> = {}) => ({ week, from, to, ...NONE, ...counts });
    expect(a.weekly).toEqual([
      week('2026-W41', '2026-10-05', '2026-10-11', { due: 2, kept: 2, rate: 1, confirmed: 1, agreementRate: 1 }),
      week('2026-W42', '2026-10-12', '2026-10-18', { due: 2, kept: 1, missed: 1, rate: 0.5, confirmed: 1, disputed: 1, agreementRate: 0.5 }),
      week('2026-W43', '2026-10-19', '2026-10-25', { due: 2, kept: 2, rate: 1, confirmed: 1, agreementRate: 1 }),
      week('2026-W44', '2026-10-26', '2026-11-01', { due: 2, kept: 1, missed: 1, rate: 0.5, disputed: 1, agreementRate: 0 }),
      week('2026-W45', '2026-11-02', '2026-11-08', { due: 2, kept: 2, rate: 1, confirmed: 1, agreementRate: 1 }),
      week('2026-W46', '2026-11-09', '2026-11-15', { due: 2, kept: 1, missed: 1, rate: 0.5 }),
      week('2026-W47', '2026-11-16', '2026-11-22', { due: 2, kept: 1, missed: 1, rate: 0.5, confirmed: 1, disputed: 1, agreementRate: 0.5 }),
      week('2026-W48', '2026-11-23', '2026-11-29', { due: 2, kept: 1, unreported: 1, rate: 1 }),
      week('2026-W49', '2026-11-30', '2026-12-06'),
    ]);
    expect(b.weekly.map((w) => w.week)).toEqual(a.weekly.map((w) => w.week));
    expect(b.weekly.filter((w) => w.due > 0)).toEqual([
      week('2026-W47', '2026-11-16', '2026-11-22', { due: 5, kept: 2, missed: 1, excused: 1, renegotiated: 1, rate: 0.6667, confirmed: 1, disputed: 1, agreementRate: 0.5 }),
      week('2026-W48', '2026-11-23', '2026-11-29', { due: 1, kept: 1, rate: 1 }),
    ]);
  });

  it('counts only what had fallen due by asOf', async () => {
    const early = await reliabilityOf(`/v1/couples/${couple.id}/reliability`, practitioner, '2026-10-18');
    expect(early.status).toBe(200);
    const [a] = early.body.partners;
    expect(a.sinceStart).toEqual({ from: '2026-10-06', to: '2026-10-18', due: 4, kept: 3, missed: 1, excused: 0, renegotiated: 0, unreported: 0, rate: 0.75, confirmed: 2, disputed: 1, agreementRate: 0.6667 });
    expect(a.weekly.map((w: Week) => w.week)).toEqual(['2026-W41', '2026-W42']);
    // B's breach of 2026-10-10 is within 30 days of 2026-10-18; the one on 1 November is not yet.
    expect(early.body.partners[1].breaches).toMatchObject({ last30Days: 1, last90Days: 1 });

    const before = await reliabilityOf(`/v1/couples/${couple.id}/reliability`, practitioner, '2026-10-01');
    expect(before.body).toMatchObject({ asOf: '2026-10-01', since: '2026-10-06' });
    expect(before.body.partners[0]).toMatchObject({ sinceStart: { from: '2026-10-06', to: '2026-10-01', ...NONE }, weekly: [] });
  });

  it('answers for today when asOf is left out, and refuses a later day or a malformed one', async () => {
    const today = await reliabilityOf(`/v1/couples/${couple.id}/reliability`, practitioner, undefined);
    expect(today.status).toBe(200);
    expect(today.body.asOf >= AS_OF).toBe(true);
    expect(today.body.partners[0].sinceStart.kept).toBe(11);
    expectProblem(await reliabilityOf(`/v1/couples/${couple.id}/reliability`, practitioner, '2999-01-01'), 400, 'VALIDATION_FAILED');
    expectProblem(await reliabilityOf(`/v1/couples/${couple.id}/reliability`, practitioner, '2026-02-30'), 400, 'VALIDATION_FAILED');
    expectProblem(await t.http.get(`/v1/couples/${couple.id}/reliability?asOf=2026-11-01&extra=1`).set(practitioner), 400, 'VALIDATION_FAILED');
    expectProblem(await t.http.get('/v1/couples/not-a-uuid/reliability').set(practitioner), 400, 'VALIDATION_FAILED');
  });

  it('gives a client’s own commitments, without a partner’s viewpoint', async () => {
    const client = await createClient(t, practitioner);
    const own = await commit({ clientId: client.id, committerId: client.id, schedule: { kind: 'daily', startsOn: '2026-11-23', count: 3 } });
    await report(own, '2026-11-23', 'kept');
    await report(own, '2026-11-24', 'missed');
    const res = await reliabilityOf(`/v1/clients/${client.id}/reliability`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      clientId: client.id,
      timeZone: 'Europe/Berlin',
      asOf: AS_OF,
      since: '2026-11-23',
      sinceStart: { from: '2026-11-23', to: AS_OF, due: 3, kept: 1, missed: 1, unreported: 1, rate: 0.5, confirmed: 0, disputed: 0, agreementRate: null },
      weekly: [{ week: '2026-W48', due: 3 }, { week: '2026-W49', due: 0 }],
    });
    // A partner's commitments are the couple's, not the client's own.
    const partner = await reliabilityOf(`/v1/clients/${couple.a}/reliability`);
    expect(partner.body).toMatchObject({ since: AS_OF, sinceStart: { due: 0 }, weekly: [{ week: '2026-W49', due: 0 }] });
  });

  it('answers 404 to another organization and to a practitioner off the caseload, 403 to facilitators; readonly keys read', async () => {
    const paths = [`/v1/couples/${couple.id}/reliability`, `/v1/clients/${couple.a}/reliability`];
    const elsewhere = bearer((await signupOrganization(t, 'Elsewhere Clinic')).owner.token);
    const offCaseload = bearer((await addStaff(t, org, 'practitioner')).token);
    const facilitator = bearer((await addStaff(t, org, 'facilitator')).token);
    const readonlyKey = { 'X-API-Key': (await addApiKey(t, org, 'readonly')).key };
    for (const path of paths) expectProblem(await reliabilityOf(path, elsewhere), 404, 'NOT_FOUND');
    for (const path of paths) {
      expectProblem(await reliabilityOf(path, offCaseload), 404, 'NOT_FOUND');
      expectProblem(await reliabilityOf(path, facilitator), 403, 'FORBIDDEN');
      expect((await reliabilityOf(path, readonlyKey)).status).toBe(200);
      expect((await reliabilityOf(path, owner)).status).toBe(200);
    }
  });
});
