import { randomUUID } from 'node:crypto';
import { Response } from 'supertest';
import { CSI_4_INSTRUMENT_ID } from '../src/instruments/built-in/csi-4';
import { TRUST_CHECK_IN_INSTRUMENT_ID } from '../src/instruments/built-in/trust-check-in';
import { REBUILDING_TRUST_PROGRAM_ID } from '../src/programs/built-in/rebuilding-trust';
import { addApiKey, addStaff, bearer, createClient, createCouple, Org, signupOrganization, Staff } from './support/factories';
import { expectProblem } from './support/problem';
import { startTestApp, TestApp } from './support/test-app';

type Headers = Record<string, string>;
interface Measurement {
  id: string;
  instrumentId: string;
  instrumentKey: string;
  instrumentVersion: number;
  coupleId: string | null;
  clientId: string;
  sessionId: string | null;
  takenAt: string;
  answers: { itemId: string; index: number; value: number }[];
  score: number;
  cutOffsMet: { value: number; direction: string; meaning: string }[];
  supersedesId: string | null;
  supersededById: string | null;
  reason: string | null;
  recordedBy: { type: string; id: string };
  version: number;
}

const UNKNOWN = '00000000-0000-4000-8000-000000000000';
const REASON = 'She read item 2 the wrong way round and asked to answer again.';
/** CSI-4 answers by index: happiness 0–6, then three items 0–5. */
const csi = (values: number[]) => values.map((value, index) => ({ index, value }));
let sessionDay = 0;
/** A far-future start, a new day each time, so that sessions never overlap. */
const nextStart = () => new Date(Date.UTC(2032, 0, 1) + sessionDay++ * 86_400_000 + Math.floor(Math.random() * 1000) * 86_400_000).toISOString();

describe('measurements', () => {
  let t: TestApp;
  let org: Org;
  let owner: Headers;
  let practitioner: Staff;
  let as: Headers;
  let outsider: Headers;
  let facilitator: Headers;
  let readonlyKey: Headers;
  let integrationKey: Headers;
  let stranger: Headers;
  let couple: { id: string; a: string; b: string };
  let enrollmentId: string;
  /** An organization instrument: two 1–5 items, the second reverse-scored, summed. */
  let ownInstrumentId: string;

  const record = (body: Record<string, unknown>, who: Headers = as) => t.http.post('/v1/measurements').set(who).send(body);
  const recordCsi = async (values: number[], body: Record<string, unknown> = {}, who: Headers = as): Promise<Measurement> => {
    const res = await record({ instrumentId: CSI_4_INSTRUMENT_ID, coupleId: couple.id, clientId: couple.a, answers: csi(values), ...body }, who);
    if (res.status !== 201) throw new Error(`record: ${res.status} ${res.text}`);
    return res.body as Measurement;
  };
  const count = async () => (await t.dataSource.query('SELECT count(*)::int AS n FROM measurements'))[0].n as number;
  const fieldsOf = (res: Response) => ((expectProblem(res, 400, 'VALIDATION_FAILED').errors ?? []) as { field: string }[]).map((e) => e.field);
  const eventsOf = async (measurementId: string) => {
    const all: { type: string; data: Record<string, unknown>; source: { type: string; id: string } | null; occurredAt: string; actor: unknown }[] = [];
    let cursor: string | null = null;
    do {
      const res: Response = await t.http.get(`/v1/enrollments/${enrollmentId}/events?limit=100${cursor ? `&cursor=${cursor}` : ''}`).set(owner);
      expect(res.status).toBe(200);
      all.push(...res.body.data);
      cursor = res.body.nextCursor;
    } while (cursor);
    return all.filter((e) => e.source?.type === 'measurement' && e.source.id === measurementId);
  };

  beforeAll(async () => {
    t = await startTestApp();
    org = await signupOrganization(t);
    owner = bearer(org.owner.token);
    practitioner = await addStaff(t, org, 'practitioner');
    as = bearer(practitioner.token);
    outsider = bearer((await addStaff(t, org, 'practitioner')).token);
    facilitator = bearer((await addStaff(t, org, 'facilitator')).token);
    readonlyKey = { 'X-API-Key': (await addApiKey(t, org, 'readonly')).key };
    integrationKey = { 'X-API-Key': (await addApiKey(t, org, 'integration')).key };
    stranger = bearer((await signupOrganization(t, 'Elsewhere')).owner.token);
    couple = await createCouple(t, as);
    const enrollment = await t.http.post('/v1/enrollments').set(as).send({ programId: REBUILDING_TRUST_PROGRAM_ID, coupleId: couple.id });
    expect(enrollment.status).toBe(201);
    enrollmentId = enrollment.body.id;
    const own = await t.http
      .post('/v1/instruments')
      .set(owner)
      .send({
        key: `own-${randomUUID().slice(0, 8)}`,
        title: 'Two questions',
        items: [
          { id: 'close', text: 'How close do you feel?', min: 1, max: 5 },
          { id: 'distant', text: 'How distant do you feel?', min: 1, max: 5, reverseScored: true },
        ],
        scoring: { method: 'sum' },
        betterDirection: 'higher',
      });
    expect(own.status).toBe(201);
    ownInstrumentId = own.body.id;
  });
  afterAll(() => t.close());

  it('scores a CSI-4 answered by one partner of the couple, keeps who recorded it, and flags the 13.5 cut-off', async () => {
    const m = await recordCsi([3, 4, 3, 3], { takenAt: '2026-03-02T18:30:00Z' });
    expect(m).toMatchObject({
      instrumentId: CSI_4_INSTRUMENT_ID,
      instrumentKey: 'csi-4',
      instrumentVersion: 1,
      coupleId: couple.id,
      clientId: couple.a,
      sessionId: null,
      takenAt: '2026-03-02T18:30:00.000Z',
      score: 13,
      supersedesId: null,
      supersededById: null,
      reason: null,
      recordedBy: { type: 'user', id: practitioner.id },
      version: 1,
    });
    expect(m.answers).toEqual([
      { itemId: 'happiness', index: 0, value: 3 },
      { itemId: 'warm-and-comfortable', index: 1, value: 4 },
      { itemId: 'rewarding', index: 2, value: 3 },
      { itemId: 'satisfied', index: 3, value: 3 },
    ]);
    expect(m.cutOffsMet).toEqual([{ value: 13.5, direction: 'below', meaning: expect.stringContaining('dissatisfaction') }]);
    const read = await t.http.get(`/v1/measurements/${m.id}`).set(readonlyKey);
    expect(read.status).toBe(200);
    expect(read.headers.etag).toBe('"1"');
    expect(read.body).toEqual(m);
  });

  it('reaches the CSI-4’s bounds, 0 and 21, and takes answers by item id in any order', async () => {
    expect((await recordCsi([0, 0, 0, 0])).score).toBe(0);
    const top = await record({
      instrumentId: CSI_4_INSTRUMENT_ID,
      coupleId: couple.id,
      clientId: couple.b,
      answers: [
        { itemId: 'satisfied', value: 5 },
        { itemId: 'rewarding', value: 5 },
        { itemId: 'happiness', value: 6 },
        { itemId: 'warm-and-comfortable', value: 5 },
      ],
    });
    expect(top.status).toBe(201);
    expect(top.body).toMatchObject({ clientId: couple.b, score: 21, cutOffsMet: [] });
    expect(top.body.answers.map((a: { value: number }) => a.value)).toEqual([6, 5, 5, 5]);
  });

  it('turns reverse-scored items around and averages the Trust check-in', async () => {
    const own = await record({ instrumentId: ownInstrumentId, coupleId: couple.id, clientId: couple.a, answers: [{ index: 0, value: 4 }, { index: 1, value: 2 }] });
    expect(own.status).toBe(201);
    expect(own.body.score).toBe(8); // 4 + (1 + 5 − 2)
    const trust = await record({
      instrumentId: TRUST_CHECK_IN_INSTRUMENT_ID,
      coupleId: couple.id,
      clientId: couple.b,
      answers: [{ itemId: 'trust-now', value: 4 }, { itemId: 'feel-safe', value: 5 }, { itemId: 'follow-through', value: 5 }],
    });
    expect(trust.status).toBe(201);
    expect(trust.body.score).toBe(4.67);
  });

  it('refuses answers that do not fit the items, a sent score, and bad ids, naming each field, and records nothing', async () => {
    const before = await count();
    const base = { instrumentId: CSI_4_INSTRUMENT_ID, coupleId: couple.id, clientId: couple.a };
    expect(fieldsOf(await record({ ...base, answers: csi([7, 5, -1, 2]) }))).toEqual(['answers[0].value', 'answers[2].value']);
    expect(fieldsOf(await record({ ...base, answers: csi([3, 5, 1, 2.5]) }))).toEqual(['answers[3].value']);
    expect(fieldsOf(await record({ ...base, answers: [{ index: 0, value: '3' }, ...csi([3, 3, 3, 3]).slice(1)] }))).toEqual(['answers[0].value']);
    expect(fieldsOf(await record({ ...base, answers: csi([3, 3, 3]) }))).toEqual(['answers']);
    expect(fieldsOf(await record({ ...base, answers: [...csi([3, 3, 3, 3]), { index: 0, value: 2 }] }))).toEqual(['answers[4]']);
    expect(fieldsOf(await record({ ...base, answers: [{ itemId: 'trust-now', value: 1 }, ...csi([3, 3, 3, 3]).slice(1)] }))).toEqual(['answers[0].itemId', 'answers']);
    expect(fieldsOf(await record({ ...base, answers: [{ itemId: 'happiness', index: 0, value: 1 }, ...csi([3, 3, 3, 3]).slice(1)] }))).toEqual(['answers[0].index']);
    expect(fieldsOf(await record({ ...base, answers: [{ value: 1 }, ...csi([3, 3, 3, 3]).slice(1)] }))).toEqual(['answers[0]', 'answers']);
    expect(fieldsOf(await record({ ...base, answers: csi([3, 3, 3, 3]), score: 21 }))).toEqual(['score']);
    expect(fieldsOf(await record({ ...base, answers: [] }))).toEqual(['answers']);
    expect(fieldsOf(await record({ ...base, instrumentId: 'csi-4', answers: csi([3, 3, 3, 3]) }))).toEqual(['instrumentId']);
    expect(fieldsOf(await record({ ...base, answers: csi([3, 3, 3, 3]), takenAt: '2999-01-01T00:00:00Z' }))).toEqual(['takenAt']);
    expect(fieldsOf(await record({ ...base, answers: csi([3, 3, 3, 3]), reason: REASON }))).toEqual(['reason']);
    expect(fieldsOf(await record({ ...base, answers: csi([3, 3, 3, 3]), supersedesId: UNKNOWN }))).toEqual(['reason']);
    expect(await count()).toBe(before);
  });

  it('answers 404 for an unknown instrument, another organization’s instrument, a respondent who is not a partner, and an unknown couple', async () => {
    const before = await count();
    const answers = csi([3, 3, 3, 3]);
    expectProblem(await record({ instrumentId: UNKNOWN, coupleId: couple.id, clientId: couple.a, answers }), 404, 'NOT_FOUND');
    const elsewhere = await t.http
      .post('/v1/instruments')
      .set(stranger)
      .send({ key: 'theirs', title: 'Theirs', items: [{ id: 'q', text: 'Q', min: 0, max: 4 }], scoring: { method: 'sum' }, betterDirection: 'higher' });
    expect(elsewhere.status).toBe(201);
    const theirs = expectProblem(await record({ instrumentId: elsewhere.body.id, coupleId: couple.id, clientId: couple.a, answers: [{ index: 0, value: 1 }] }), 404, 'NOT_FOUND');
    expect(theirs.detail).toBe('Instrument not found.');
    const third = await createClient(t, as);
    expectProblem(await record({ instrumentId: CSI_4_INSTRUMENT_ID, coupleId: couple.id, clientId: third.id, answers }), 404, 'NOT_A_PARTNER');
    expectProblem(await record({ instrumentId: CSI_4_INSTRUMENT_ID, coupleId: UNKNOWN, clientId: couple.a, answers }), 404, 'NOT_FOUND');
    expectProblem(await record({ instrumentId: CSI_4_INSTRUMENT_ID, clientId: UNKNOWN, answers }), 404, 'NOT_FOUND');
    expect(await count()).toBe(before);
  });

  it('records a client’s own measure in individual work, on the client’s own enrollment', async () => {
    const client = await createClient(t, as);
    const enrolled = await t.http.post('/v1/enrollments').set(as).send({ programId: REBUILDING_TRUST_PROGRAM_ID, clientId: client.id });
    expect(enrolled.status).toBe(201);
    const res = await record({ instrumentId: TRUST_CHECK_IN_INSTRUMENT_ID, clientId: client.id, answers: [{ index: 0, value: 2 }, { index: 1, value: 3 }, { index: 2, value: 4 }] });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ coupleId: null, clientId: client.id, score: 3 });
    const events = await t.http.get(`/v1/enrollments/${enrolled.body.id}/events?type=measurement_recorded`).set(as);
    expect(events.body.data.map((e: { data: { measurementId: string } }) => e.data.measurementId)).toEqual([res.body.id]);
  });

  it('puts measurement_recorded on the couple’s enrollment with the score and respondent, never the answers', async () => {
    const m = await recordCsi([5, 4, 4, 4], { takenAt: '2026-03-09T19:00:00Z' });
    const events = await eventsOf(m.id);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      type: 'measurement_recorded',
      occurredAt: '2026-03-09T19:00:00.000Z',
      actor: { type: 'user', id: practitioner.id },
      source: { type: 'measurement', id: m.id },
      data: {
        measurementId: m.id,
        instrumentId: CSI_4_INSTRUMENT_ID,
        instrumentKey: 'csi-4',
        instrumentVersion: 1,
        respondentId: couple.a,
        score: 17,
        supersedesId: null,
      },
    });
    expect(Object.keys(events[0].data).sort()).toEqual(['instrumentId', 'instrumentKey', 'instrumentVersion', 'measurementId', 'respondentId', 'score', 'supersedesId']);
  });

  it('links a session of the same couple, and refuses another subject’s session (400) or an unknown one (404)', async () => {
    for (const id of [couple.a, couple.b]) {
      expect((await t.http.post(`/v1/clients/${id}/safety-screenings`).set(as).send({ result: 'clear' })).status).toBe(201);
    }
    const joint = await t.http.post('/v1/sessions').set(as).send({ kind: 'couple', coupleId: couple.id, startsAt: nextStart(), durationMinutes: 50, modality: 'video' });
    expect(joint.status).toBe(201);
    const linked = await recordCsi([4, 4, 4, 4], { sessionId: joint.body.id });
    expect(linked).toMatchObject({ sessionId: joint.body.id, score: 16 });

    const single = await createClient(t, as);
    const own = await t.http.post('/v1/sessions').set(as).send({ kind: 'individual', clientId: single.id, startsAt: nextStart(), durationMinutes: 50, modality: 'video' });
    expect(own.status).toBe(201);
    expect(fieldsOf(await record({ instrumentId: CSI_4_INSTRUMENT_ID, coupleId: couple.id, clientId: couple.a, answers: csi([1, 1, 1, 1]), sessionId: own.body.id }))).toEqual(['sessionId']);
    expectProblem(await record({ instrumentId: CSI_4_INSTRUMENT_ID, coupleId: couple.id, clientId: couple.a, answers: csi([1, 1, 1, 1]), sessionId: UNKNOWN }), 404, 'NOT_FOUND');
  });

  it('is corrected by a new measurement that supersedes it, with a reason; the old one leaves lists and can’t be corrected twice', async () => {
    const original = await recordCsi([2, 1, 2, 2]);
    const correction = await recordCsi([2, 4, 2, 2], { supersedesId: original.id, reason: REASON });
    expect(correction).toMatchObject({ supersedesId: original.id, reason: REASON, score: 10 });
    const old = await t.http.get(`/v1/measurements/${original.id}`).set(as);
    expect(old.body).toMatchObject({ supersededById: correction.id, score: 7, version: 2 });
    expect(old.body.answers).toEqual(original.answers);

    const listed = async (query: string) => (await t.http.get(`/v1/measurements?coupleId=${couple.id}&limit=100${query}`).set(as)).body.data.map((m: Measurement) => m.id);
    expect(await listed('')).toContain(correction.id);
    expect(await listed('')).not.toContain(original.id);
    expect(await listed('&includeSuperseded=true')).toEqual(expect.arrayContaining([original.id, correction.id]));

    const again = expectProblem(await record({ instrumentId: CSI_4_INSTRUMENT_ID, coupleId: couple.id, clientId: couple.a, answers: csi([1, 1, 1, 1]), supersedesId: original.id, reason: REASON }), 409, 'MEASUREMENT_SUPERSEDED');
    expect(again.supersededById).toBe(correction.id);
    const otherRespondent = await record({ instrumentId: CSI_4_INSTRUMENT_ID, coupleId: couple.id, clientId: couple.b, answers: csi([1, 1, 1, 1]), supersedesId: correction.id, reason: REASON });
    expect(fieldsOf(otherRespondent)).toEqual(['supersedesId']);
    const events = await eventsOf(correction.id);
    expect(events.map((e) => e.data.supersedesId)).toEqual([original.id]);
    expect(JSON.stringify(events)).not.toContain('wrong way round');
  });

  it('takes one of two corrections sent at the same moment; the other is a 409', async () => {
    const original = await recordCsi([2, 2, 2, 2]);
    const correct = (value: number) =>
      record({ instrumentId: CSI_4_INSTRUMENT_ID, coupleId: couple.id, clientId: couple.a, answers: csi([value, 2, 2, 2]), supersedesId: original.id, reason: REASON });
    const results = await Promise.all([correct(3), correct(4)]);
    expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
    const winner = results.find((r) => r.status === 201)!;
    expectProblem(results.find((r) => r.status === 409)!, 409, 'MEASUREMENT_SUPERSEDED');
    expect((await t.http.get(`/v1/measurements/${original.id}`).set(as)).body.supersededById).toBe(winner.body.id);
    expect(await t.dataSource.query('SELECT count(*)::int AS n FROM measurements WHERE supersedes_id = $1', [original.id])).toEqual([{ n: 1 }]);
  });

  it('has no PATCH or DELETE: answers and score never change', async () => {
    const m = await recordCsi([3, 3, 3, 3]);
    expect((await t.http.patch(`/v1/measurements/${m.id}`).set(owner).send({ score: 21 })).status).toBe(405);
    expect((await t.http.delete(`/v1/measurements/${m.id}`).set(owner)).status).toBe(405);
    expect((await t.http.get(`/v1/measurements/${m.id}`).set(owner)).body.score).toBe(12);
  });

  it('filters by couple, client, instrument and time, and walks pages by cursor', async () => {
    const pair = await createCouple(t, as);
    const ids: string[] = [];
    for (let week = 0; week < 5; week++) {
      const res = await record({
        instrumentId: TRUST_CHECK_IN_INSTRUMENT_ID,
        coupleId: pair.id,
        clientId: week % 2 === 0 ? pair.a : pair.b,
        takenAt: new Date(Date.UTC(2026, 0, 5 + week * 7, 18)).toISOString(),
        answers: [{ index: 0, value: week }, { index: 1, value: week }, { index: 2, value: week }],
      });
      expect(res.status).toBe(201);
      ids.push(res.body.id);
    }
    await record({ instrumentId: CSI_4_INSTRUMENT_ID, coupleId: pair.id, clientId: pair.a, answers: csi([3, 3, 3, 3]) });
    const get = (query: string) => t.http.get(`/v1/measurements?${query}`).set(as);
    const trust = await get(`coupleId=${pair.id}&instrumentId=${TRUST_CHECK_IN_INSTRUMENT_ID}&limit=2`);
    expect(trust.body.data.map((m: Measurement) => m.id)).toEqual([ids[4], ids[3]]);
    const second = await get(`coupleId=${pair.id}&instrumentId=${TRUST_CHECK_IN_INSTRUMENT_ID}&limit=2&cursor=${trust.body.nextCursor}`);
    expect(second.body.data.map((m: Measurement) => m.id)).toEqual([ids[2], ids[1]]);
    expect((await get(`clientId=${pair.b}`)).body.data.map((m: Measurement) => m.id)).toEqual([ids[3], ids[1]]);
    const window = await get(`coupleId=${pair.id}&from=2026-01-12T00:00:00Z&to=2026-01-26T18:00:00Z`);
    expect(window.body.data.map((m: Measurement) => m.id)).toEqual([ids[2], ids[1]]);
    expect(fieldsOf(await get('from=yesterday'))).toEqual(['from']);
    expect(fieldsOf(await get('includeSuperseded=maybe'))).toEqual(['includeSuperseded']);
  });

  it('follows the couple’s caseload: an off-caseload practitioner gets 404, a facilitator 403, another organization 404', async () => {
    const m = await recordCsi([3, 3, 3, 3]);
    expectProblem(await t.http.get(`/v1/measurements/${m.id}`).set(outsider), 404, 'NOT_FOUND');
    expect((await t.http.get(`/v1/measurements?coupleId=${couple.id}`).set(outsider)).body.data).toEqual([]);
    expectProblem(await record({ instrumentId: CSI_4_INSTRUMENT_ID, coupleId: couple.id, clientId: couple.a, answers: csi([3, 3, 3, 3]) }, outsider), 404, 'NOT_FOUND');
    expectProblem(await record({ instrumentId: CSI_4_INSTRUMENT_ID, coupleId: couple.id, clientId: couple.a, answers: csi([3, 3, 3, 3]), supersedesId: m.id, reason: REASON }, outsider), 404, 'NOT_FOUND');
    expectProblem(await t.http.get(`/v1/measurements/${m.id}`).set(facilitator), 403, 'FORBIDDEN');
    expectProblem(await t.http.get('/v1/measurements').set(facilitator), 403, 'FORBIDDEN');
    expectProblem(await record({ instrumentId: CSI_4_INSTRUMENT_ID, coupleId: couple.id, clientId: couple.a, answers: csi([3, 3, 3, 3]) }, facilitator), 403, 'FORBIDDEN');
    expectProblem(await t.http.get(`/v1/measurements/${m.id}`).set(stranger), 404, 'NOT_FOUND');
    expect((await t.http.get('/v1/measurements?limit=100').set(stranger)).body.data).toEqual([]);
    expectProblem(await record({ instrumentId: CSI_4_INSTRUMENT_ID, coupleId: couple.id, clientId: couple.a, answers: csi([3, 3, 3, 3]) }, stranger), 404, 'NOT_FOUND');
  });

  it('is read by readonly keys and written by integration keys like staff; a couple’s measure does not open to the respondent’s own care team', async () => {
    expectProblem(await record({ instrumentId: CSI_4_INSTRUMENT_ID, coupleId: couple.id, clientId: couple.a, answers: csi([3, 3, 3, 3]) }, readonlyKey), 403, 'FORBIDDEN');
    const byKey = await recordCsi([4, 3, 3, 3], {}, integrationKey);
    expect(byKey.recordedBy.type).toBe('apiKey');
    // The outsider joins partner A's individual care team: the couple's measures stay out of reach.
    const outsiderStaff = await addStaff(t, org, 'practitioner');
    expect((await t.http.put(`/v1/clients/${couple.a}/care-team/${outsiderStaff.id}`).set(owner)).status).toBeLessThan(300);
    expectProblem(await t.http.get(`/v1/measurements/${byKey.id}`).set(bearer(outsiderStaff.token)), 404, 'NOT_FOUND');
  });

  it('refuses an archived couple (409) and replays a recording under the same Idempotency-Key', async () => {
    const pair = await createCouple(t, as);
    const body = { instrumentId: CSI_4_INSTRUMENT_ID, coupleId: pair.id, clientId: pair.a, answers: csi([3, 3, 3, 3]) };
    const first = await t.http.post('/v1/measurements').set(as).set('Idempotency-Key', `measure-${pair.id}`).send(body);
    const again = await t.http.post('/v1/measurements').set(as).set('Idempotency-Key', `measure-${pair.id}`).send(body);
    expect([first.status, again.status]).toEqual([201, 201]);
    expect(again.body.id).toBe(first.body.id);
    expect((await t.http.get(`/v1/measurements?coupleId=${pair.id}`).set(as)).body.data).toHaveLength(1);
    expect((await t.http.delete(`/v1/couples/${pair.id}`).set(as)).status).toBe(200);
    expectProblem(await record(body), 409, 'SUBJECT_ARCHIVED');
  });
});
