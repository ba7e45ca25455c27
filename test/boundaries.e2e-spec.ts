import { randomUUID } from 'node:crypto';
import { Response } from 'supertest';
import { REBUILDING_TRUST_PROGRAM_ID } from '../src/programs/built-in/rebuilding-trust';
import { addApiKey, addStaff, bearer, createCouple, Org, signupOrganization, Staff } from './support/factories';
import { expectProblem } from './support/problem';
import { startTestApp, TestApp } from './support/test-app';

type Headers = Record<string, string>;
interface Boundary {
  id: string;
  coupleId: string;
  partnerIds: string[];
  text: string;
  status: string;
  currentVersion: number;
  proposedBy: { type: string; id?: string };
  recordedBy: { type: string; id: string };
  agreements: { partnerId: string; agreedAt: string; recordedBy: { type: string; id: string } }[];
  versions: { number: number; text: string; proposedBy: { type: string; id?: string }; recordedBy: { type: string; id: string }; createdAt: string }[];
  breachCounts: { last30Days: number; last90Days: number; byPartner: { partnerId: string; last30Days: number; last90Days: number }[] };
  retiredAt: string | null;
  archivedAt: string | null;
  version: number;
}

const TEXT = 'We do not read each other’s messages without asking first.';
const REVISED = 'We ask before reading each other’s messages, and say why.';
const NOTE = 'He opened her laptop while she was out and read the thread with her sister.';
const UNKNOWN = '00000000-0000-4000-8000-000000000000';
const DAY = 86_400_000;
const daysAgo = (days: number) => new Date(Date.now() - days * DAY).toISOString();

describe('boundaries', () => {
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

  const propose = async (body: Record<string, unknown> = {}, who = as): Promise<Boundary> => {
    const res = await t.http.post('/v1/boundaries').set(who).send({ coupleId: couple.id, text: TEXT, proposedBy: { type: 'partner', id: couple.a }, ...body });
    if (res.status !== 201) throw new Error(`propose: ${res.status} ${res.text}`);
    return res.body as Boundary;
  };
  const agree = (id: string, partnerId: string, who = as) => t.http.put(`/v1/boundaries/${id}/agreements/${partnerId}`).set(who);
  const agreed = async (): Promise<Boundary> => {
    const boundary = await propose();
    await agree(boundary.id, couple.a);
    return (await agree(boundary.id, couple.b)).body as Boundary;
  };
  const breach = (id: string, body: Record<string, unknown> = {}, who = as) =>
    t.http
      .post(`/v1/boundaries/${id}/breaches`)
      .set(who)
      .send({ breachedBy: couple.b, reportedBy: { type: 'partner', id: couple.a }, occurredAt: daysAgo(1), severity: 'minor', ...body });
  const count = async (table: string) => (await t.dataSource.query(`SELECT count(*)::int AS n FROM ${table}`))[0].n as number;
  const counts = async () => Promise.all(['boundaries', 'boundary_versions', 'boundary_agreements', 'boundary_breaches'].map(count));
  /** The couple's timeline events about one boundary, every page walked. */
  const eventsOf = async (boundaryId: string) => {
    const all: { type: string; data: Record<string, unknown>; source: { type: string; id: string } | null }[] = [];
    let cursor: string | null = null;
    do {
      const res: Response = await t.http.get(`/v1/enrollments/${enrollmentId}/events?limit=100${cursor ? `&cursor=${cursor}` : ''}`).set(owner);
      expect(res.status).toBe(200);
      all.push(...res.body.data);
      cursor = res.body.nextCursor;
    } while (cursor);
    return all.filter((e) => e.source?.type === 'boundary' && e.source.id === boundaryId);
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
  });
  afterAll(() => t.close());

  it('is proposed by one partner and agreed only when the second partner agrees; agreeing again changes nothing', async () => {
    const boundary = await propose();
    expect(boundary).toMatchObject({
      coupleId: couple.id,
      partnerIds: [couple.a, couple.b],
      text: TEXT,
      status: 'proposed',
      currentVersion: 1,
      proposedBy: { type: 'partner', id: couple.a },
      recordedBy: { type: 'user', id: practitioner.id },
      agreements: [],
      breachCounts: { last30Days: 0, last90Days: 0, byPartner: [{ partnerId: couple.a, last30Days: 0, last90Days: 0 }, { partnerId: couple.b, last30Days: 0, last90Days: 0 }] },
      retiredAt: null,
      archivedAt: null,
      version: 1,
    });
    expect(boundary.versions).toEqual([expect.objectContaining({ number: 1, text: TEXT, proposedBy: { type: 'partner', id: couple.a } })]);

    const first = await agree(boundary.id, couple.a);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ status: 'proposed', agreements: [{ partnerId: couple.a, recordedBy: { type: 'user', id: practitioner.id } }] });
    const again = await agree(boundary.id, couple.a);
    expect(again.body.version).toBe(first.body.version);
    expect(await t.dataSource.query('SELECT count(*)::int AS n FROM boundary_agreements WHERE boundary_id = $1', [boundary.id])).toEqual([{ n: 1 }]);

    const second = await agree(boundary.id, couple.b.toUpperCase());
    expect(second.body.status).toBe('agreed');
    expect([first.body.version, second.body.version]).toEqual([boundary.version + 1, boundary.version + 2]);
    expect(second.body.agreements.map((a: { partnerId: string }) => a.partnerId)).toEqual([couple.a, couple.b]);

    const read = await t.http.get(`/v1/boundaries/${boundary.id}`).set(as);
    expect(read.headers.etag).toBe(`"${second.body.version}"`);
    expect(read.body.status).toBe('agreed');

    const mine = (await eventsOf(boundary.id));
    expect(mine.map((e) => e.type).sort()).toEqual(['boundary_agreed', 'boundary_agreed', 'boundary_proposed']);
    expect(mine.find((e) => e.type === 'boundary_proposed')!.data).toEqual({ boundaryVersion: 1, proposedBy: { type: 'partner', id: couple.a } });
    expect(JSON.stringify(mine)).not.toContain('messages');
  });

  it('takes both partners’ agreements sent at the same moment: the boundary ends agreed', async () => {
    const boundary = await propose();
    const [a, b] = await Promise.all([agree(boundary.id, couple.a), agree(boundary.id, couple.b)]);
    expect([a.status, b.status]).toEqual([200, 200]);
    const read = (await t.http.get(`/v1/boundaries/${boundary.id}`).set(as)).body as Boundary;
    expect(read).toMatchObject({ status: 'agreed', version: boundary.version + 2 });
    expect(read.agreements.map((x) => x.partnerId)).toEqual([couple.a, couple.b]);
  });

  it('refuses an agreement of a client who is not a partner (404 NOT_A_PARTNER)', async () => {
    const boundary = await propose();
    expectProblem(await agree(boundary.id, UNKNOWN), 404, 'NOT_A_PARTNER');
    expectProblem(await t.http.delete(`/v1/boundaries/${boundary.id}/agreements/${UNKNOWN}`).set(as), 404, 'NOT_A_PARTNER');
  });

  it('revises under If-Match: a new version both must agree to again, the old one still readable', async () => {
    const boundary = await agreed();
    const stale = await t.http.patch(`/v1/boundaries/${boundary.id}`).set(as).set('If-Match', '"1"').send({ text: REVISED });
    expectProblem(stale, 412, 'PRECONDITION_FAILED');

    const revised = await t.http
      .patch(`/v1/boundaries/${boundary.id}`)
      .set(as)
      .set('If-Match', `"${boundary.version}"`)
      .send({ text: REVISED, proposedBy: { type: 'partner', id: couple.b } });
    expect(revised.status).toBe(200);
    expect(revised.body).toMatchObject({
      text: REVISED,
      currentVersion: 2,
      status: 'proposed',
      agreements: [],
      proposedBy: { type: 'partner', id: couple.b },
      version: boundary.version + 1,
    });
    expect(revised.headers.etag).toBe(`"${revised.body.version}"`);
    const read = (await t.http.get(`/v1/boundaries/${boundary.id}`).set(as)).body as Boundary;
    expect(read.versions.map((v) => [v.number, v.text, v.proposedBy])).toEqual([
      [1, TEXT, { type: 'partner', id: couple.a }],
      [2, REVISED, { type: 'partner', id: couple.b }],
    ]);

    const same = await t.http.patch(`/v1/boundaries/${boundary.id}`).set(as).send({ text: REVISED });
    expect(same.body.version).toBe(revised.body.version);

    await agree(boundary.id, couple.a);
    expect((await agree(boundary.id, couple.b)).body).toMatchObject({ status: 'agreed', currentVersion: 2 });
    // The agreements to version 1 stay as history.
    expect(await t.dataSource.query('SELECT boundary_version, count(*)::int AS n FROM boundary_agreements WHERE boundary_id = $1 GROUP BY 1 ORDER BY 1', [boundary.id])).toEqual([
      { boundary_version: 1, n: 2 },
      { boundary_version: 2, n: 2 },
    ]);
    const types = (await eventsOf(boundary.id)).map((e) => e.type);
    expect(types).toContain('boundary_revised');
  });

  it('withdraws an agreement: back to proposed, the withdrawn agreement kept with withdrawnAt; withdrawing again changes nothing', async () => {
    const boundary = await agreed();
    const withdrawn = await t.http.delete(`/v1/boundaries/${boundary.id}/agreements/${couple.b}`).set(as);
    expect(withdrawn.status).toBe(200);
    expect(withdrawn.body).toMatchObject({ status: 'proposed', agreements: [{ partnerId: couple.a }] });
    const again = await t.http.delete(`/v1/boundaries/${boundary.id}/agreements/${couple.b}`).set(as);
    expect(again.body.version).toBe(withdrawn.body.version);
    const rows = await t.dataSource.query(
      'SELECT partner_id, withdrawn_at IS NOT NULL AS withdrawn, withdrawn_by_id FROM boundary_agreements WHERE boundary_id = $1 ORDER BY agreed_at',
      [boundary.id],
    );
    expect(rows).toEqual([
      { partner_id: couple.a, withdrawn: false, withdrawn_by_id: null },
      { partner_id: couple.b, withdrawn: true, withdrawn_by_id: practitioner.id },
    ]);
    const types = (await eventsOf(boundary.id)).map((e) => e.type);
    expect(types).toContain('boundary_agreement_withdrawn');
  });

  it('retires for good: no more agreements, revisions or breaches (409), and retiring twice is 409', async () => {
    const boundary = await agreed();
    const retired = await t.http.patch(`/v1/boundaries/${boundary.id}`).set(as).send({ status: 'retired' });
    expect(retired.status).toBe(200);
    expect(retired.body.status).toBe('retired');
    expect(retired.body.retiredAt).toEqual(expect.any(String));
    expect(retired.body.agreements).toHaveLength(2);
    const before = await counts();
    expectProblem(await agree(boundary.id, couple.a), 409, 'BOUNDARY_RETIRED');
    expectProblem(await t.http.delete(`/v1/boundaries/${boundary.id}/agreements/${couple.a}`).set(as), 409, 'BOUNDARY_RETIRED');
    expectProblem(await t.http.patch(`/v1/boundaries/${boundary.id}`).set(as).send({ text: REVISED }), 409, 'BOUNDARY_RETIRED');
    expectProblem(await t.http.patch(`/v1/boundaries/${boundary.id}`).set(as).send({ status: 'retired' }), 409, 'BOUNDARY_ALREADY_RETIRED');
    expectProblem(await breach(boundary.id), 409, 'BOUNDARY_RETIRED');
    expect(await counts()).toEqual(before);
    expect((await t.http.get(`/v1/boundaries?coupleId=${couple.id}&status=retired`).set(as)).body.data.map((b: Boundary) => b.id)).toContain(boundary.id);
  });

  it('records breaches of an agreed boundary only, and counts them per partner over 30 and 90 days', async () => {
    const proposed = await propose();
    expectProblem(await breach(proposed.id), 409, 'BOUNDARY_NOT_AGREED');

    const boundary = await agreed();
    for (const days of [10, 45, 100]) expect((await breach(boundary.id, { occurredAt: daysAgo(days), severity: days === 45 ? 'major' : 'minor' })).status).toBe(201);
    const own = await breach(boundary.id, { breachedBy: couple.a, reportedBy: { type: 'practitioner' }, occurredAt: daysAgo(2), note: NOTE });
    expect(own.status).toBe(201);
    expect(own.body).toMatchObject({
      boundaryId: boundary.id,
      boundaryVersion: 1,
      breachedBy: couple.a,
      reportedBy: { type: 'practitioner' },
      recordedBy: { type: 'user', id: practitioner.id },
      severity: 'minor',
      note: NOTE,
      acknowledgement: null,
    });

    const read = (await t.http.get(`/v1/boundaries/${boundary.id}`).set(as)).body as Boundary;
    expect(read.breachCounts).toEqual({
      last30Days: 2,
      last90Days: 3,
      byPartner: [
        { partnerId: couple.a, last30Days: 1, last90Days: 1 },
        { partnerId: couple.b, last30Days: 1, last90Days: 2 },
      ],
    });
    const listed = (await t.http.get(`/v1/boundaries?coupleId=${couple.id}&limit=100`).set(as)).body.data as Boundary[];
    expect(listed.find((b) => b.id === boundary.id)!.breachCounts).toEqual(read.breachCounts);

    const page1 = await t.http.get(`/v1/boundaries/${boundary.id}/breaches?limit=3`).set(as);
    expect(page1.status).toBe(200);
    expect(page1.body.data).toHaveLength(3);
    const page2 = await t.http.get(`/v1/boundaries/${boundary.id}/breaches?limit=3&cursor=${page1.body.nextCursor}`).set(as);
    expect(page2.body).toMatchObject({ data: [expect.objectContaining({ occurredAt: expect.any(String) })], nextCursor: null });

    const timeline = (await eventsOf(boundary.id)).filter((e) => e.type === 'boundary_breach_recorded');
    expect(timeline).toHaveLength(4);
    expect(JSON.stringify(timeline)).not.toContain('laptop');
    expect(JSON.stringify(await t.dataSource.query('SELECT * FROM audit_events'))).not.toContain('laptop');
  });

  it('refuses a breach in the future, by a non-partner or of an unknown kind, changing nothing', async () => {
    const boundary = await agreed();
    const before = await counts();
    const future = await breach(boundary.id, { occurredAt: new Date(Date.now() + DAY).toISOString() });
    expect((expectProblem(future, 400, 'VALIDATION_FAILED').errors as { field: string }[]).map((e) => e.field)).toEqual(['occurredAt']);
    expectProblem(await breach(boundary.id, { severity: 'huge' }), 400, 'VALIDATION_FAILED');
    expectProblem(await breach(boundary.id, { reportedBy: { type: 'neighbour' } }), 400, 'VALIDATION_FAILED');
    expectProblem(await breach(boundary.id, { occurredAt: '2024-05-01' }), 400, 'VALIDATION_FAILED');
    expectProblem(await breach(boundary.id, { breachedBy: UNKNOWN }), 404, 'NOT_A_PARTNER');
    expectProblem(await breach(boundary.id, { reportedBy: { type: 'partner', id: UNKNOWN } }), 404, 'NOT_A_PARTNER');
    expect(await counts()).toEqual(before);
  });

  it('records the other partner’s acknowledgement of a breach once', async () => {
    const boundary = await agreed();
    const reported = (await breach(boundary.id)).body;
    const ack = await t.http.post(`/v1/boundaries/${boundary.id}/breaches/${reported.id}/acknowledgement`).set(as);
    expect(ack.status).toBe(200);
    expect(ack.body.acknowledgement).toEqual({ partnerId: couple.b, acknowledgedAt: expect.any(String), recordedBy: { type: 'user', id: practitioner.id } });
    const again = await t.http.post(`/v1/boundaries/${boundary.id}/breaches/${reported.id}/acknowledgement`).set(as);
    expect(again.body).toEqual(ack.body);
    const byPractitioner = (await breach(boundary.id, { reportedBy: { type: 'practitioner' }, breachedBy: couple.a })).body;
    const ack2 = await t.http.post(`/v1/boundaries/${boundary.id}/breaches/${byPractitioner.id}/acknowledgement`).set(as);
    expect(ack2.body.acknowledgement.partnerId).toBe(couple.a);
    expectProblem(await t.http.post(`/v1/boundaries/${boundary.id}/breaches/${UNKNOWN}/acknowledgement`).set(as), 404, 'NOT_FOUND');
    const types = (await eventsOf(boundary.id)).map((e) => e.type);
    expect(types.filter((type) => type === 'boundary_breach_acknowledged')).toHaveLength(2);
  });

  it('refuses invalid boundaries and changes, changing nothing', async () => {
    const boundary = await propose();
    const before = await counts();
    const post = (body: Record<string, unknown>) => t.http.post('/v1/boundaries').set(as).send({ coupleId: couple.id, text: TEXT, proposedBy: { type: 'practitioner' }, ...body });
    expectProblem(await post({ text: '' }), 400, 'VALIDATION_FAILED');
    expectProblem(await post({ text: '   ' }), 400, 'VALIDATION_FAILED');
    expectProblem(await post({ text: 'x'.repeat(2001) }), 400, 'VALIDATION_FAILED');
    expectProblem(await post({ proposedBy: { type: 'partner' } }), 400, 'VALIDATION_FAILED');
    expectProblem(await post({ proposedBy: { type: 'practitioner', id: couple.a } }), 400, 'VALIDATION_FAILED');
    expectProblem(await post({ proposedBy: undefined }), 400, 'VALIDATION_FAILED');
    expectProblem(await post({ status: 'agreed' }), 400, 'VALIDATION_FAILED');
    expectProblem(await post({ proposedBy: { type: 'partner', id: UNKNOWN } }), 404, 'NOT_A_PARTNER');
    expectProblem(await post({ coupleId: UNKNOWN }), 404, 'NOT_FOUND');
    const patch = (body: Record<string, unknown>) => t.http.patch(`/v1/boundaries/${boundary.id}`).set(as).send(body);
    expectProblem(await patch({ text: REVISED, status: 'retired' }), 400, 'VALIDATION_FAILED');
    expectProblem(await patch({ status: 'agreed' }), 400, 'VALIDATION_FAILED');
    expectProblem(await patch({ proposedBy: { type: 'practitioner' } }), 400, 'VALIDATION_FAILED');
    expectProblem(await patch({ text: null }), 400, 'VALIDATION_FAILED');
    expectProblem(await patch({ text: REVISED, proposedBy: { type: 'partner', id: UNKNOWN } }), 404, 'NOT_A_PARTNER');
    expect(await counts()).toEqual(before);
    expect((await t.http.get(`/v1/boundaries/${boundary.id}`).set(as)).body.version).toBe(boundary.version);
  });

  it('answers 404 to another organization and to a practitioner outside the caseload, everywhere', async () => {
    const boundary = await agreed();
    const reported = (await breach(boundary.id)).body;
    const before = await counts();
    for (const who of [stranger, outsider]) {
      const calls = [
        t.http.get(`/v1/boundaries/${boundary.id}`).set(who),
        t.http.patch(`/v1/boundaries/${boundary.id}`).set(who).send({ text: REVISED }),
        t.http.delete(`/v1/boundaries/${boundary.id}`).set(who),
        t.http.post(`/v1/boundaries/${boundary.id}/restore`).set(who),
        t.http.put(`/v1/boundaries/${boundary.id}/agreements/${couple.a}`).set(who),
        t.http.delete(`/v1/boundaries/${boundary.id}/agreements/${couple.a}`).set(who),
        t.http.get(`/v1/boundaries/${boundary.id}/breaches`).set(who),
        breach(boundary.id, {}, who),
        t.http.post(`/v1/boundaries/${boundary.id}/breaches/${reported.id}/acknowledgement`).set(who),
        t.http.post('/v1/boundaries').set(who).send({ coupleId: couple.id, text: TEXT, proposedBy: { type: 'practitioner' } }),
      ];
      for (const res of await Promise.all(calls)) expectProblem(res, 404, 'NOT_FOUND');
      const list = await t.http.get(`/v1/boundaries?coupleId=${couple.id}`).set(who);
      expect(list.status).toBe(200);
      expect(list.body.data).toEqual([]);
    }
    expect(await counts()).toEqual(before);
  });

  it('refuses facilitators (403); readonly keys read but cannot write; integration keys write', async () => {
    const boundary = await propose();
    expectProblem(await t.http.get('/v1/boundaries').set(facilitator), 403, 'FORBIDDEN');
    expectProblem(await t.http.get(`/v1/boundaries/${boundary.id}`).set(facilitator), 403, 'FORBIDDEN');
    expectProblem(await agree(boundary.id, couple.a, facilitator), 403, 'FORBIDDEN');
    expect((await t.http.get(`/v1/boundaries/${boundary.id}`).set(readonlyKey)).status).toBe(200);
    expect((await t.http.get(`/v1/boundaries/${boundary.id}/breaches`).set(readonlyKey)).status).toBe(200);
    expectProblem(await agree(boundary.id, couple.a, readonlyKey), 403, 'FORBIDDEN');
    expectProblem(await t.http.post('/v1/boundaries').set(readonlyKey).send({ coupleId: couple.id, text: TEXT, proposedBy: { type: 'practitioner' } }), 403, 'FORBIDDEN');
    expectProblem(await t.http.delete(`/v1/boundaries/${boundary.id}`).set(readonlyKey), 403, 'FORBIDDEN');
    const byKey = await agree(boundary.id, couple.a, integrationKey);
    expect(byKey.status).toBe(200);
    expect(byKey.body.agreements[0].recordedBy.type).toBe('apiKey');
  });

  it('replays a POST with the same Idempotency-Key, and refuses the key with another body', async () => {
    const key = randomUUID();
    const body = { coupleId: couple.id, text: TEXT, proposedBy: { type: 'practitioner' } };
    const first = await t.http.post('/v1/boundaries').set(as).set('Idempotency-Key', key).send(body);
    const again = await t.http.post('/v1/boundaries').set(as).set('Idempotency-Key', key).send(body);
    expect(first.status).toBe(201);
    expect(first.headers.location).toBe(`/v1/boundaries/${first.body.id}`);
    expect(again.headers['idempotency-replayed']).toBe('true');
    expect(again.body.id).toBe(first.body.id);
    expectProblem(await t.http.post('/v1/boundaries').set(as).set('Idempotency-Key', key).send({ ...body, text: REVISED }), 422, 'IDEMPOTENCY_KEY_REUSED');

    const boundary = await agreed();
    const breachKey = randomUUID();
    const breachBody = { breachedBy: couple.a, reportedBy: { type: 'partner', id: couple.b }, occurredAt: daysAgo(3), severity: 'major' };
    const b1 = await t.http.post(`/v1/boundaries/${boundary.id}/breaches`).set(as).set('Idempotency-Key', breachKey).send(breachBody);
    const b2 = await t.http.post(`/v1/boundaries/${boundary.id}/breaches`).set(as).set('Idempotency-Key', breachKey).send(breachBody);
    expect(b1.status).toBe(201);
    expect(b2.headers['idempotency-replayed']).toBe('true');
    expect(b2.body.id).toBe(b1.body.id);
    expect(await t.dataSource.query('SELECT count(*)::int AS n FROM boundary_breaches WHERE boundary_id = $1', [boundary.id])).toEqual([{ n: 1 }]);
  });

  it('archives (leaving lists, readable by id, in a sync) and restores', async () => {
    const boundary = await propose();
    const stale = await t.http.delete(`/v1/boundaries/${boundary.id}`).set(as).set('If-Match', '"99"');
    expectProblem(stale, 412, 'PRECONDITION_FAILED');
    const since = new Date(Date.now() - 60_000).toISOString();
    const archived = await t.http.delete(`/v1/boundaries/${boundary.id}`).set(as).set('If-Match', `"${boundary.version}"`);
    expect(archived.status).toBe(200);
    expect(archived.body.archivedAt).toEqual(expect.any(String));
    const ids = async (query: string) => ((await t.http.get(`/v1/boundaries?coupleId=${couple.id}&limit=100${query}`).set(as)).body.data as Boundary[]).map((b) => b.id);
    expect(await ids('')).not.toContain(boundary.id);
    expect(await ids('&includeArchived=true')).toContain(boundary.id);
    expect(await ids(`&updatedSince=${encodeURIComponent(since)}`)).toContain(boundary.id);
    expect((await t.http.get(`/v1/boundaries/${boundary.id}`).set(as)).status).toBe(200);
    const restored = await t.http.post(`/v1/boundaries/${boundary.id}/restore`).set(as);
    expect(restored.status).toBe(200);
    expect(restored.body.archivedAt).toBeNull();
    expect(await ids('')).toContain(boundary.id);
  });

  it('filters lists by couple and status', async () => {
    const other = await createCouple(t, as);
    const mine = await t.http.post('/v1/boundaries').set(as).send({ coupleId: other.id, text: TEXT, proposedBy: { type: 'partner', id: other.b } });
    expect(mine.status).toBe(201);
    const listed = (await t.http.get(`/v1/boundaries?coupleId=${other.id}`).set(as)).body.data as Boundary[];
    expect(listed.map((b) => b.id)).toEqual([mine.body.id]);
    expect((await t.http.get(`/v1/boundaries?coupleId=${other.id}&status=agreed`).set(as)).body.data).toEqual([]);
    expectProblem(await t.http.get('/v1/boundaries?status=broken').set(as), 400, 'VALIDATION_FAILED');
  });
});
