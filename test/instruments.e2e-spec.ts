import { randomUUID } from 'node:crypto';
import { CSI_4_INSTRUMENT, CSI_4_INSTRUMENT_ID } from '../src/instruments/built-in/csi-4';
import { TRUST_CHECK_IN_INSTRUMENT, TRUST_CHECK_IN_INSTRUMENT_ID } from '../src/instruments/built-in/trust-check-in';
import { addApiKey, addStaff, bearer, Org, signupOrganization } from './support/factories';
import { expectProblem } from './support/problem';
import { startTestApp, TestApp } from './support/test-app';

type Headers = Record<string, string>;
const uniqueKey = () => `distress-${randomUUID().slice(0, 8)}`;

/** A four-item instrument, lower is better, with one reverse-scored item and a mean scaled to 0–100. */
const instrumentBody = (key: string, overrides: Record<string, unknown> = {}) => ({
  key,
  title: 'Weekly distress',
  description: 'How hard the week was.',
  items: [
    { id: 'worry', text: 'How much did you worry this week?', min: 1, max: 5, anchors: [{ value: 1, label: 'Not at all' }, { value: 5, label: 'All the time' }] },
    { id: 'calm', text: 'How calm did you feel this week?', min: 1, max: 5, reverseScored: true },
    { id: 'sleep', text: 'How badly did you sleep?', min: 1, max: 5 },
    { id: 'conflict', text: 'How often did you argue?', min: 1, max: 5 },
  ],
  scoring: { method: 'mean', multiplier: 20 },
  betterDirection: 'lower',
  cutOffs: [{ value: 60, direction: 'above', meaning: 'A hard week: talk about it in session.' }],
  reliableChange: { threshold: 15, source: 'The clinic’s own convention.' },
  citation: null,
  licence: 'Written by the clinic for its own use.',
  ...overrides,
});

describe('instruments', () => {
  let t: TestApp;
  let org: Org;
  let owner: Headers;
  let practitioner: Headers;
  let facilitator: Headers;
  let readonlyKey: Headers;
  let integrationKey: Headers;
  let stranger: Headers;

  beforeAll(async () => {
    t = await startTestApp();
    org = await signupOrganization(t);
    owner = bearer(org.owner.token);
    practitioner = bearer((await addStaff(t, org, 'practitioner')).token);
    facilitator = bearer((await addStaff(t, org, 'facilitator')).token);
    readonlyKey = { 'X-API-Key': (await addApiKey(t, org, 'readonly')).key };
    integrationKey = { 'X-API-Key': (await addApiKey(t, org, 'integration')).key };
    stranger = bearer((await signupOrganization(t, 'Elsewhere')).owner.token);
  });
  afterAll(() => t.close());

  it('lists the two built-in instruments with their stable ids to everyone who reads clinical content', async () => {
    for (const who of [owner, practitioner, facilitator, readonlyKey]) {
      const res = await t.http.get('/v1/instruments?limit=100').set(who);
      expect(res.status).toBe(200);
      const builtIn = res.body.data.filter((i: { builtIn: boolean }) => i.builtIn).map((i: { id: string; key: string }) => [i.id, i.key]);
      expect(builtIn).toEqual(expect.arrayContaining([[TRUST_CHECK_IN_INSTRUMENT_ID, 'trust-check-in'], [CSI_4_INSTRUMENT_ID, 'csi-4']]));
      expect(builtIn).toHaveLength(2);
    }
  });

  it('serves the CSI-4 as published: four items, 0–6 then 0–5, summed to 0–21, the 13.5 cut-off, no reliable-change threshold', async () => {
    const res = await t.http.get(`/v1/instruments/${CSI_4_INSTRUMENT_ID}`).set(practitioner);
    expect(res.status).toBe(200);
    expect(res.headers.etag).toBe('"1"');
    expect(res.body).toMatchObject({
      id: CSI_4_INSTRUMENT_ID,
      organizationId: null,
      builtIn: true,
      key: 'csi-4',
      instrumentVersion: 1,
      scoring: { method: 'sum', multiplier: 1 },
      scoreRange: { min: 0, max: 21 },
      betterDirection: 'higher',
      cutOffs: [{ value: 13.5, direction: 'below', meaning: expect.stringContaining('dissatisfaction') }],
      reliableChange: null,
      citation: expect.stringContaining('Funk, J. L., & Rogge, R. D. (2007)'),
      version: 1,
    });
    expect(res.body.items).toEqual(CSI_4_INSTRUMENT.items.map((item) => ({ ...item, anchors: [...item.anchors] })));
    expect(res.body.items.map((i: { min: number; max: number }) => [i.min, i.max])).toEqual([[0, 6], [0, 5], [0, 5], [0, 5]]);
  });

  it('serves the Trust check-in with a threshold whose source calls it a working convention', async () => {
    const res = await t.http.get(`/v1/instruments/${TRUST_CHECK_IN_INSTRUMENT_ID}`).set(readonlyKey);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      key: 'trust-check-in',
      scoring: { method: 'mean', multiplier: 1 },
      scoreRange: { min: 0, max: 10 },
      reliableChange: { threshold: 2, source: TRUST_CHECK_IN_INSTRUMENT.reliableChange!.source },
    });
    expect(res.body.reliableChange.source).toMatch(/not a validated norm/);
  });

  it('has a cadence: the built-in check-in weekly, the CSI-4 every 28 days, an own instrument as created (none by default)', async () => {
    expect((await t.http.get(`/v1/instruments/${TRUST_CHECK_IN_INSTRUMENT_ID}`).set(owner)).body.cadenceDays).toBe(7);
    expect((await t.http.get(`/v1/instruments/${CSI_4_INSTRUMENT_ID}`).set(owner)).body.cadenceDays).toBe(28);
    const fortnightly = await t.http.post('/v1/instruments').set(owner).send(instrumentBody(uniqueKey(), { cadenceDays: 14 }));
    expect(fortnightly.status).toBe(201);
    expect(fortnightly.body.cadenceDays).toBe(14);
    expect((await t.http.post('/v1/instruments').set(owner).send(instrumentBody(uniqueKey()))).body.cadenceDays).toBeNull();
    expect((await t.http.post('/v1/instruments').set(owner).send(instrumentBody(uniqueKey(), { cadenceDays: null }))).body.cadenceDays).toBeNull();
    for (const cadenceDays of [0, 367, 1.5, '7']) {
      expectProblem(await t.http.post('/v1/instruments').set(owner).send(instrumentBody(uniqueKey(), { cadenceDays })), 400, 'VALIDATION_FAILED');
    }
  });

  it('creates an organization’s own instrument with a derived score range, and numbers its versions', async () => {
    const key = uniqueKey();
    const first = await t.http.post('/v1/instruments').set(owner).send(instrumentBody(key));
    expect(first.status).toBe(201);
    expect(first.headers.location).toBe(`/v1/instruments/${first.body.id}`);
    expect(first.body).toMatchObject({
      organizationId: org.organizationId,
      builtIn: false,
      key,
      instrumentVersion: 1,
      scoring: { method: 'mean', multiplier: 20 },
      scoreRange: { min: 20, max: 100 },
      betterDirection: 'lower',
      reliableChange: { threshold: 15, source: 'The clinic’s own convention.' },
      citation: null,
    });
    expect(first.body.items[1]).toEqual({ id: 'calm', text: 'How calm did you feel this week?', min: 1, max: 5, anchors: [], reverseScored: true });
    expect(first.body.items[0].reverseScored).toBe(false);

    const second = await t.http.post('/v1/instruments').set(owner).send(instrumentBody(key, { title: 'Weekly distress (revised)' }));
    expect(second.status).toBe(201);
    expect(second.body.instrumentVersion).toBe(2);
    const versions = await t.http.get(`/v1/instruments?key=${key}`).set(owner);
    expect(versions.body.data.map((i: { instrumentVersion: number }) => i.instrumentVersion)).toEqual([2, 1]);
    expect((await t.http.get(`/v1/instruments/${first.body.id}`).set(owner)).body.title).toBe('Weekly distress');
  });

  it('refuses a built-in key (409), structures that do not hold together (400), and changes nothing', async () => {
    const count = async () => (await t.dataSource.query('SELECT count(*)::int AS n FROM instruments'))[0].n as number;
    const before = await count();
    expectProblem(await t.http.post('/v1/instruments').set(owner).send(instrumentBody('csi-4')), 409, 'INSTRUMENT_KEY_RESERVED');
    const bad = await t.http
      .post('/v1/instruments')
      .set(owner)
      .send(
        instrumentBody(uniqueKey(), {
          items: [
            { id: 'a', text: 'A', min: 3, max: 3 },
            { id: 'a', text: 'B', min: 0, max: 4, anchors: [{ value: 7, label: 'Beyond' }] },
          ],
        }),
      );
    const body = expectProblem(bad, 400, 'VALIDATION_FAILED');
    expect((body.errors as { field: string }[]).map((e) => e.field)).toEqual(['items[0].max', 'items[1].id', 'items[1].anchors[0].value']);
    const outOfRange = await t.http.post('/v1/instruments').set(owner).send(instrumentBody(uniqueKey(), { cutOffs: [{ value: 101, direction: 'above', meaning: 'x' }] }));
    expect((expectProblem(outOfRange, 400, 'VALIDATION_FAILED').errors as { field: string }[])[0].field).toBe('cutOffs[0].value');
    const badTypes = await t.http
      .post('/v1/instruments')
      .set(owner)
      .send(instrumentBody(uniqueKey(), { scoring: { method: 'median' }, betterDirection: 'up', items: [{ id: 'x', text: 'X', min: 0.5, max: 4 }] }));
    const fields = (expectProblem(badTypes, 400, 'VALIDATION_FAILED').errors as { field: string }[]).map((e) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['scoring.method', 'betterDirection', 'items[0].min']));
    expectProblem(await t.http.post('/v1/instruments').set(owner).send({ ...instrumentBody(uniqueKey()), scoreRange: { min: 0, max: 1 } }), 400, 'VALIDATION_FAILED');
    expect(await count()).toBe(before);
  });

  it('is written by owners and admins only; integration keys, practitioners and facilitators read', async () => {
    for (const who of [practitioner, facilitator, integrationKey, readonlyKey]) {
      expectProblem(await t.http.post('/v1/instruments').set(who).send(instrumentBody(uniqueKey())), 403, 'FORBIDDEN');
    }
  });

  it('hides another organization’s instrument (404) and has no PATCH or DELETE', async () => {
    const mine = await t.http.post('/v1/instruments').set(owner).send(instrumentBody(uniqueKey()));
    expectProblem(await t.http.get(`/v1/instruments/${mine.body.id}`).set(stranger), 404, 'NOT_FOUND');
    const theirs = await t.http.get('/v1/instruments?limit=100').set(stranger);
    expect(theirs.body.data.map((i: { id: string }) => i.id)).not.toContain(mine.body.id);
    expectProblem(await t.http.get(`/v1/instruments/${randomUUID()}`).set(owner), 404, 'NOT_FOUND');
    expect((await t.http.patch(`/v1/instruments/${mine.body.id}`).set(owner).send({ title: 'x' })).status).toBe(405);
    expect((await t.http.delete(`/v1/instruments/${CSI_4_INSTRUMENT_ID}`).set(owner)).status).toBe(405);
  });

  it('replays a creation under the same Idempotency-Key', async () => {
    const body = instrumentBody(uniqueKey());
    const first = await t.http.post('/v1/instruments').set(owner).set('Idempotency-Key', `instrument-${body.key}`).send(body);
    const again = await t.http.post('/v1/instruments').set(owner).set('Idempotency-Key', `instrument-${body.key}`).send(body);
    expect([first.status, again.status]).toEqual([201, 201]);
    expect(again.body.id).toBe(first.body.id);
    expect((await t.http.get(`/v1/instruments?key=${body.key}`).set(owner)).body.data).toHaveLength(1);
  });
});
