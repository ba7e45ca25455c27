import { Resvg } from '@resvg/resvg-js';
import { CSI_4_INSTRUMENT_ID } from '../src/instruments/built-in/csi-4';
import { TRUST_CHECK_IN_INSTRUMENT_ID } from '../src/instruments/built-in/trust-check-in';
import { REBUILDING_TRUST_PROGRAM_ID } from '../src/programs/built-in/rebuilding-trust';
import { SERIES_STYLES } from '../src/reports/trend-chart';
import { addApiKey, addStaff, bearer, createClient, createCouple, Org, signupOrganization } from './support/factories';
import { expectProblem } from './support/problem';
import { startTestApp, TestApp } from './support/test-app';

type Headers = Record<string, string>;

/** CSI-4 answers with these totals (item 1 scores 0–6, items 2–4 score 0–5). */
const CSI: Record<number, number[]> = {
  9: [3, 2, 2, 2],
  10: [3, 3, 2, 2],
  11: [3, 3, 3, 2],
  12: [3, 3, 3, 3],
  13: [4, 3, 3, 3],
  14: [4, 4, 3, 3],
  15: [4, 4, 4, 3],
  16: [4, 4, 4, 4],
  17: [5, 4, 4, 4],
};

describe('measure trends', () => {
  let t: TestApp;
  let org: Org;
  let practitioner: Headers;
  let couple: { id: string; a: string; b: string };
  const ids: Record<string, string> = {};

  const record = async (clientId: string, total: number, takenAt: string, extra: Record<string, unknown> = {}) => {
    const res = await t.http
      .post('/v1/measurements')
      .set(practitioner)
      .send({ instrumentId: CSI_4_INSTRUMENT_ID, coupleId: couple.id, clientId, takenAt, answers: CSI[total].map((value, index) => ({ index, value })), ...extra });
    if (res.status !== 201) throw new Error(`measurement: ${res.status} ${res.text}`);
    return res.body.id as string;
  };
  const trends = (query: Record<string, string | number> = {}, as: Headers = practitioner, path = `/v1/couples/${couple.id}/measures`) =>
    t.http.get(path).query({ instrument: CSI_4_INSTRUMENT_ID, ...query }).set(as);

  beforeAll(async () => {
    t = await startTestApp();
    org = await signupOrganization(t);
    practitioner = bearer((await addStaff(t, org, 'practitioner')).token);
    expect((await t.http.patch('/v1/organization').set(bearer(org.owner.token)).send({ timeZone: 'Europe/Berlin' })).status).toBe(200);
    couple = await createCouple(t, practitioner);
    const enrollment = await t.http.post('/v1/enrollments').set(practitioner).send({ programId: REBUILDING_TRUST_PROGRAM_ID, coupleId: couple.id });
    expect(enrollment.status).toBe(201);
    const steps = enrollment.body.steps as { key: string }[];
    expect((await t.http.patch(`/v1/enrollments/${enrollment.body.id}/steps/${steps[0].key}`).set(practitioner).send({ status: 'in_progress' })).status).toBe(200);

    // Partner A, weekly from 2026-09-07; the answer of 2026-10-12 was first recorded as 11, then corrected to 15.
    for (const [day, total] of [['2026-09-07', 9], ['2026-09-14', 10], ['2026-09-21', 12], ['2026-09-28', 14], ['2026-10-05', 13]] as const) {
      ids[`a ${day}`] = await record(couple.a, total, `${day}T18:00:00Z`);
    }
    const wrong = await record(couple.a, 11, '2026-10-12T18:00:00Z');
    ids['a 2026-10-12'] = await record(couple.a, 15, '2026-10-12T18:00:00Z', { supersedesId: wrong, reason: 'Item 1 was entered on the wrong line.' });
    // Partner B: the last one at 00:30 on 1 November in Berlin, still 31 October in UTC.
    for (const [at, total] of [['2026-09-08T18:00:00Z', 15], ['2026-09-15T18:00:00Z', 15], ['2026-09-29T18:00:00Z', 16], ['2026-10-31T23:30:00Z', 17]] as const) {
      ids[`b ${at.slice(0, 10)}`] = await record(couple.b, total, at);
    }
  });
  afterAll(() => t.close());

  it('gives each partner’s series in the period, baseline, previous, latest, change and cut-off crossings', async () => {
    const res = await trends({ from: '2026-09-14', to: '2026-10-31', pairWithinDays: 3 });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      instrument: { id: CSI_4_INSTRUMENT_ID, key: 'csi-4', scoreRange: { min: 0, max: 21 }, betterDirection: 'higher', reliableChange: null },
      timeZone: 'Europe/Berlin',
      from: '2026-09-14',
      to: '2026-10-31',
      pairWithinDays: 3,
    });
    const [a, b] = res.body.respondents;
    expect(a.clientId).toBe(couple.a);
    expect(a.points.map((p: { day: string; score: number }) => [p.day, p.score])).toEqual([
      ['2026-09-14', 10],
      ['2026-09-21', 12],
      ['2026-09-28', 14],
      ['2026-10-05', 13],
      ['2026-10-12', 15],
    ]);
    expect(a).toMatchObject({
      baseline: { measurementId: ids['a 2026-09-07'], day: '2026-09-07', score: 9 },
      previous: { day: '2026-10-05', score: 13 },
      latest: { measurementId: ids['a 2026-10-12'], score: 15 },
      change: { change: 6, direction: 'improved', reliable: null },
    });
    expect(a.crossings.map((c: { day: string; entered: boolean; cutOff: { value: number } }) => [c.day, c.entered, c.cutOff.value])).toEqual([
      ['2026-09-28', false, 13.5],
      ['2026-10-05', true, 13.5],
      ['2026-10-12', false, 13.5],
    ]);
    // B's 2026-10-31T23:30Z answer is on 1 November in Berlin: after the period.
    expect(b.points.map((p: { day: string }) => p.day)).toEqual(['2026-09-15', '2026-09-29']);
    expect(b).toMatchObject({ baseline: { score: 15 }, latest: { score: 16 }, change: { change: 1, direction: 'improved' }, crossings: [] });
  });

  it('takes an instrument’s key for its latest version', async () => {
    const byId = await trends({ from: '2026-09-14', to: '2026-10-31' });
    const byKey = await trends({ instrument: 'csi-4', from: '2026-09-14', to: '2026-10-31' });
    expect(byKey.status).toBe(200);
    expect(byKey.body).toEqual(byId.body);
  });

  it('pairs the partners’ answers within the window to give the gap between them', async () => {
    const gap = (g: { a: { day: string }; b: { day: string }; difference: number; daysApart: number }) => [g.a.day, g.b.day, g.difference, g.daysApart];
    expect((await trends({ from: '2026-09-14', to: '2026-10-31', pairWithinDays: 3 })).body.gaps.map(gap)).toEqual([
      ['2026-09-14', '2026-09-15', -5, 1],
      ['2026-09-28', '2026-09-29', -2, 1],
    ]);
    const all = await trends({ pairWithinDays: 14 });
    expect(all.body.from).toBeNull();
    // Closest pairs first: B's 2026-09-29 goes to A's 2026-09-28 (1 day), not A's 2026-09-21 (8 days).
    expect(all.body.gaps.map(gap)).toEqual([
      ['2026-09-07', '2026-09-08', -6, 1],
      ['2026-09-14', '2026-09-15', -5, 1],
      ['2026-09-28', '2026-09-29', -2, 1],
    ]);
  });

  it('draws the trend as an accessible SVG chart with both partners’ lines and the step markers', async () => {
    const res = await t.http.get(`/v1/couples/${couple.id}/measures/chart.svg`).query({ instrument: CSI_4_INSTRUMENT_ID }).set(practitioner).buffer(true);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('image/svg+xml; charset=utf-8');
    expect(res.headers['cache-control']).toBe('no-store');
    const svg = Buffer.isBuffer(res.body) ? res.body.toString() : res.text;
    expect(svg).toMatch(/<svg [^>]*role="img"/);
    expect(svg).toMatch(/<title id="chart-title">Couples Satisfaction Index \(CSI-4\)[^<]*: Noor [^<]+ and Noor [^<]+<\/title>/);
    expect(svg).toContain('Step 1 started');
    const image = new Resvg(svg, { font: { loadSystemFonts: false } }).render();
    const pixels = Buffer.from(image.pixels);
    const count = (hex: string) => {
      const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
      let n = 0;
      for (let i = 0; i < pixels.length; i += 4) if (pixels[i] === r && pixels[i + 1] === g && pixels[i + 2] === b) n++;
      return n;
    };
    expect(count(SERIES_STYLES[0].color)).toBeGreaterThan(200);
    expect(count(SERIES_STYLES[1].color)).toBeGreaterThan(200);
  });

  it('gives a client’s own trend, with a reliable change by the instrument’s threshold', async () => {
    const client = await createClient(t, practitioner);
    for (const [value, day] of [[3, '2026-10-01'], [4, '2026-10-08'], [6, '2026-10-15']] as const) {
      const res = await t.http
        .post('/v1/measurements')
        .set(practitioner)
        .send({ instrumentId: TRUST_CHECK_IN_INSTRUMENT_ID, clientId: client.id, takenAt: `${day}T12:00:00Z`, answers: [0, 1, 2].map((index) => ({ index, value })) });
      expect(res.status).toBe(201);
    }
    const res = await trends({ instrument: TRUST_CHECK_IN_INSTRUMENT_ID }, practitioner, `/v1/clients/${client.id}/measures`);
    expect(res.status).toBe(200);
    expect(res.body.respondents).toHaveLength(1);
    expect(res.body.respondents[0]).toMatchObject({ clientId: client.id, baseline: { score: 3 }, previous: { score: 4 }, latest: { score: 6 }, change: { change: 3, direction: 'improved', reliable: true } });
    expect(res.body.gaps).toEqual([]);
    const svg = await t.http.get(`/v1/clients/${client.id}/measures/chart.svg`).query({ instrument: TRUST_CHECK_IN_INSTRUMENT_ID }).set(practitioner);
    expect(svg.status).toBe(200);
  });

  it('refuses bad parameters with 400 and an unknown instrument with 404', async () => {
    expectProblem(await trends({ pairWithinDays: 15 }), 400, 'VALIDATION_FAILED');
    expectProblem(await trends({ instrument: 'CSI 4' }), 400, 'VALIDATION_FAILED');
    expectProblem(await trends({ to: '2999-01-01' }), 400, 'VALIDATION_FAILED');
    expectProblem(await trends({ from: '2026-10-10', to: '2026-10-01' }), 400, 'VALIDATION_FAILED');
    expectProblem(await t.http.get(`/v1/couples/${couple.id}/measures`).set(practitioner), 400, 'VALIDATION_FAILED');
    expectProblem(await trends({ instrument: '00000000-0000-4000-8000-000000000000' }), 404, 'NOT_FOUND');
    expectProblem(await trends({ instrument: 'no-such-instrument' }), 404, 'NOT_FOUND');
  });

  it('answers 404 to another organization and to a practitioner off the caseload, 403 to facilitators; readonly keys read', async () => {
    const elsewhere = bearer((await signupOrganization(t, 'Elsewhere Clinic')).owner.token);
    const offCaseload = bearer((await addStaff(t, org, 'practitioner')).token);
    const facilitator = bearer((await addStaff(t, org, 'facilitator')).token);
    const readonlyKey = { 'X-API-Key': (await addApiKey(t, org, 'readonly')).key };
    for (const path of [`/v1/couples/${couple.id}/measures`, `/v1/couples/${couple.id}/measures/chart.svg`, `/v1/clients/${couple.a}/measures`]) {
      expectProblem(await trends({}, elsewhere, path), 404, 'NOT_FOUND');
      expectProblem(await trends({}, offCaseload, path), 404, 'NOT_FOUND');
      expectProblem(await trends({}, facilitator, path), 403, 'FORBIDDEN');
      expect((await trends({}, readonlyKey, path)).status).toBe(200);
    }
  });
});
