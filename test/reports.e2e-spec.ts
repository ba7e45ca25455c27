import { AuditWriter } from '../src/audit/audit.writer';
import { addDays } from '../src/common/calendar-date';
import { localDate } from '../src/common/time-zone';
import { builtInExerciseId } from '../src/exercises/built-in/exercise-ids';
import { CSI_4_INSTRUMENT_ID } from '../src/instruments/built-in/csi-4';
import { REBUILDING_TRUST_PROGRAM, REBUILDING_TRUST_PROGRAM_ID } from '../src/programs/built-in/rebuilding-trust';
import { addApiKey, addStaff, bearer, createClient, createCouple, Org, signupOrganization } from './support/factories';
import { pdfText } from './support/pdf-text';
import { expectProblem } from './support/problem';
import { startTestApp, TestApp } from './support/test-app';

type Headers = Record<string, string>;

const NOTE_TEXT = 'Partner B spoke about the night of the discovery for the first time in session.';
const RESPONSE = 'I kept saying "but" and it undid every apology I made.';
const BREACH_NOTE = 'He looked through my messages again while I was asleep.';
const SETBACK = 'A missed check-in after the work trip reopened the hurt.';
const STEPS = REBUILDING_TRUST_PROGRAM.steps;

/** A binary body for supertest: the PDF as a Buffer. */
function binary(res: NodeJS.ReadableStream & { setEncoding(e: string): void }, callback: (error: Error | null, body: Buffer) => void) {
  const chunks: Buffer[] = [];
  res.on('data', (chunk: Buffer) => chunks.push(chunk));
  res.on('end', () => callback(null, Buffer.concat(chunks)));
}

describe('progress reports', () => {
  let t: TestApp;
  let org: Org;
  let owner: Headers;
  let practitioner: Headers;
  let practitionerId: string;
  let couple: { id: string; a: string; b: string };
  let today: string;
  let from: string;

  const report = (as: Headers, query: Record<string, string> = {}, accept?: string) => {
    const request = t.http.get(`/v1/couples/${couple.id}/report`).query({ from, to: today, ...query }).set(as);
    return accept ? request.set('Accept', accept) : request;
  };

  beforeAll(async () => {
    t = await startTestApp();
    org = await signupOrganization(t);
    owner = bearer(org.owner.token);
    const staff = await addStaff(t, org, 'practitioner');
    practitioner = bearer(staff.token);
    practitionerId = staff.id;
    couple = await createCouple(t, practitioner);
    today = localDate(new Date(), 'UTC');
    from = addDays(today, -29);

    // The program: step 1 completed, step 2 completed then taken back with a reason.
    const enrollment = await t.http.post('/v1/enrollments').set(practitioner).send({ programId: REBUILDING_TRUST_PROGRAM_ID, coupleId: couple.id });
    expect(enrollment.status).toBe(201);
    const step = (key: string, body: Record<string, unknown>) => t.http.patch(`/v1/enrollments/${enrollment.body.id}/steps/${key}`).set(practitioner).send(body);
    for (const body of [{ status: 'in_progress' }, { status: 'completed' }]) expect((await step(STEPS[0].key, body)).status).toBe(200);
    for (const body of [{ status: 'in_progress' }, { status: 'completed' }, { status: 'in_progress', reason: SETBACK }]) expect((await step(STEPS[1].key, body)).status).toBe(200);

    // Sessions: one held with a note (yesterday), one missed, one cancelled, one ahead.
    for (const partner of [couple.a, couple.b]) expect((await t.http.post(`/v1/clients/${partner}/safety-screenings`).set(practitioner).send({ result: 'clear' })).status).toBe(201);
    const book = async (startsAt: Date) => {
      const res = await t.http.post('/v1/sessions').set(practitioner).send({ kind: 'couple', coupleId: couple.id, leadUserId: practitionerId, startsAt: startsAt.toISOString(), durationMinutes: 50, modality: 'in_person' });
      expect(res.status).toBe(201);
      return res.body.id as string;
    };
    const hoursAgo = (hours: number) => new Date(Date.now() - hours * 3_600_000);
    const held = await book(hoursAgo(30));
    const done = await t.http.post(`/v1/sessions/${held}/complete`).set(practitioner).send({
      attendance: [{ clientId: couple.a, attended: true }, { clientId: couple.b, attended: true }],
      stepsAddressed: [STEPS[1].key],
      note: { format: 'free_text', text: NOTE_TEXT },
    });
    expect(done.status).toBe(200);
    const missed = await book(hoursAgo(54));
    expect((await t.http.patch(`/v1/sessions/${missed}`).set(practitioner).send({ status: 'no_show' })).status).toBe(200);
    const cancelled = await book(hoursAgo(78));
    expect((await t.http.patch(`/v1/sessions/${cancelled}`).set(practitioner).send({ status: 'cancelled' })).status).toBe(200);

    // An exercise given and completed with a response, another given and left open.
    const given = await t.http.post('/v1/assignments').set(practitioner).send({ exerciseId: builtInExerciseId('write-a-specific-apology'), coupleId: couple.id });
    expect(given.status).toBe(201);
    const first = given.body.assignments[0];
    expect((await t.http.patch(`/v1/assignments/${first.id}`).set(practitioner).send({ status: 'completed', response: RESPONSE })).status).toBe(200);

    // A commitment kept twice and missed once; a boundary agreed and breached once.
    const commitment = await t.http
      .post('/v1/commitments')
      .set(practitioner)
      .send({ coupleId: couple.id, committerId: couple.a, to: 'partner', description: 'Phone on the kitchen table after nine.', schedule: { kind: 'daily', startsOn: addDays(today, -3), count: 3 } });
    expect(commitment.status).toBe(201);
    for (const [days, outcome] of [[3, 'kept'], [2, 'missed'], [1, 'kept']] as const) {
      const res = await t.http.put(`/v1/commitments/${commitment.body.id}/occurrences/${addDays(today, -days)}`).set(practitioner).send({ viewpoint: 'committer', outcome });
      expect(res.status).toBe(200);
    }
    const boundary = await t.http.post('/v1/boundaries').set(practitioner).send({ coupleId: couple.id, text: 'No reading each other’s messages.', proposedBy: { type: 'partner', id: couple.b } });
    for (const partner of [couple.a, couple.b]) expect((await t.http.put(`/v1/boundaries/${boundary.body.id}/agreements/${partner}`).set(practitioner)).status).toBe(200);
    const breach = await t.http
      .post(`/v1/boundaries/${boundary.body.id}/breaches`)
      .set(practitioner)
      .send({ breachedBy: couple.a, reportedBy: { type: 'partner', id: couple.b }, occurredAt: hoursAgo(20).toISOString(), severity: 'major', note: BREACH_NOTE });
    expect(breach.status).toBe(201);

    // CSI-4 answers: A 9 then 12, B 15 then 16, each pair a day apart.
    for (const [clientId, total, days] of [[couple.a, [3, 2, 2, 2], 20], [couple.b, [4, 4, 4, 3], 19], [couple.a, [3, 3, 3, 3], 6], [couple.b, [4, 4, 4, 4], 5]] as const) {
      const res = await t.http
        .post('/v1/measurements')
        .set(practitioner)
        .send({ instrumentId: CSI_4_INSTRUMENT_ID, coupleId: couple.id, clientId, takenAt: hoursAgo(days * 24).toISOString(), answers: total.map((value, index) => ({ index, value })) });
      expect(res.status).toBe(201);
    }
  });
  afterAll(() => t.close());

  it('gives the period’s figures as JSON by default', async () => {
    const res = await report(practitioner);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.headers['cache-control']).toBe('no-store');
    const body = res.body;
    expect(body).toMatchObject({
      organization: { id: org.organizationId, name: 'Harbor Counseling', timeZone: 'UTC' },
      subject: { type: 'couple', id: couple.id, people: [{ id: couple.a }, { id: couple.b }] },
      period: { from, to: today },
      sessions: { attended: 1, missed: 1, cancelled: 1, scheduled: 0 },
      assignments: { given: 2, completed: 1, skipped: 0, open: 1 },
    });
    expect(body.enrollment).toMatchObject({ programTitle: REBUILDING_TRUST_PROGRAM.title, status: 'active', completedSteps: 1, totalSteps: 7, currentStepKey: STEPS[1].key });
    expect(body.enrollment.steps.map((s: { status: string; setbacks: number }) => [s.status, s.setbacks]).slice(0, 3)).toEqual([
      ['completed', 0],
      ['in_progress', 1],
      ['not_started', 0],
    ]);
    expect(body.enrollment.setbacksInPeriod).toEqual([{ stepKey: STEPS[1].key, occurredAt: expect.any(String), reason: SETBACK }]);
    expect(body.reliability.map((r: { clientId: string }) => r.clientId)).toEqual([couple.a, couple.b]);
    expect(body.reliability[0].period).toMatchObject({ from, to: today, due: 3, kept: 2, missed: 1, rate: 0.6667 });
    expect(body.reliability[1].period).toMatchObject({ due: 0, rate: null });
    expect(body.boundaries).toEqual([
      { id: expect.any(String), text: 'No reading each other’s messages.', status: 'agreed', currentVersion: 1, breaches: [{ breachedBy: couple.a, occurredAt: expect.any(String), severity: 'major', acknowledged: false }] },
    ]);
    expect(body.measures).toHaveLength(1);
    expect(body.measures[0]).toMatchObject({
      instrument: { id: CSI_4_INSTRUMENT_ID },
      from,
      to: today,
      respondents: [
        { clientId: couple.a, baseline: { score: 9 }, latest: { score: 12 }, change: { change: 3, direction: 'improved' } },
        { clientId: couple.b, baseline: { score: 15 }, latest: { score: 16 }, change: { change: 1, direction: 'improved' } },
      ],
      gaps: [{ difference: -6 }, { difference: -4 }],
    });
    const text = JSON.stringify(body);
    expect(text).not.toContain('"answers"');
    for (const secret of [NOTE_TEXT, RESPONSE, BREACH_NOTE]) expect(text).not.toContain(secret);
  });

  it('counts only what falls in the period', async () => {
    const earlier = await report(practitioner, { from: addDays(today, -400), to: addDays(today, -31) });
    expect(earlier.status).toBe(200);
    expect(earlier.body).toMatchObject({
      sessions: { attended: 0, missed: 0, cancelled: 0, scheduled: 0 },
      assignments: { given: 0, completed: 0 },
      reliability: [{ period: { due: 0 } }, { period: { due: 0 } }],
      boundaries: [{ breaches: [] }],
    });
    expect(earlier.body.enrollment.setbacksInPeriod).toEqual([]);
  });

  it('gives the same report as a PDF to file in the chart, without any note or response', async () => {
    const res = await report(practitioner, {}, 'application/pdf').buffer(true).parse(binary as never);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['content-disposition']).toBe(`attachment; filename="trustpath-report-${from}-${today}.pdf"`);
    const pdf = res.body as Buffer;
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const text = (await pdfText(pdf)).replace(/\s+/g, ' ');
    expect(text).toContain('Harbor Counseling');
    expect(text).toContain('Progress report');
    expect(text).toContain(`Period: ${from} to ${today}`);
    expect(text).toContain(`${REBUILDING_TRUST_PROGRAM.title} (version 1), active`);
    expect(text).toContain(`${STEPS[0].position}. ${STEPS[0].title}`);
    expect(text).toContain(SETBACK);
    expect(text).toContain('Sessions: 1 attended, 1 missed, 1 cancelled');
    expect(text).toContain('67 %');
    expect(text).toContain('No reading each other’s messages.');
    expect(text).toContain('Measure: Couples Satisfaction Index');
    expect(text).toMatch(/baseline 9 \(\d{4}-\d{2}-\d{2}\), latest 12 \(\d{4}-\d{2}-\d{2}\), change \+3: improved/);
    expect(text).toContain('Latest gap between partners: 4 points');
    // The trend chart is drawn in it: its title, cut-off band label and axis.
    expect(text).toMatch(/Couples Satisfaction Index \(CSI-4\)[^:]*: Noor [^ ]+ and Noor [^ ]+/);
    expect(text).toContain('Below 13.5: Notable relationship dissatisfaction');
    expect(text).toContain('Setback at step 2');
    for (const secret of [NOTE_TEXT, RESPONSE, BREACH_NOTE]) expect(text).not.toContain(secret.slice(0, 30));

    // Reading a report is audited, like every read of client data.
    await t.app.get(AuditWriter).drain();
    const [read] = await t.dataSource.query(`SELECT count(*)::int AS n FROM audit_events WHERE organization_id = $1 AND resource_id = $2 AND action = 'getCoupleReport' AND resource_type = 'reports'`, [
      org.organizationId,
      couple.id,
    ]);
    expect(read.n).toBeGreaterThan(0);
  });

  it('answers in the preferred acceptable type, and 406 when none is', async () => {
    const preferred = await report(practitioner, {}, 'application/pdf;q=0.5, application/json');
    expect(preferred.headers['content-type']).toMatch(/^application\/json/);
    expect((await report(practitioner, {}, '*/*')).headers['content-type']).toMatch(/^application\/json/);
    expectProblem(await report(practitioner, {}, 'text/html'), 406, 'NOT_ACCEPTABLE');
  });

  it('refuses a period that ends after today, runs backwards or is longer than 731 days', async () => {
    expectProblem(await report(practitioner, { to: addDays(today, 1) }), 400, 'VALIDATION_FAILED');
    expectProblem(await report(practitioner, { from: today, to: addDays(today, -1) }), 400, 'VALIDATION_FAILED');
    expectProblem(await report(practitioner, { from: addDays(today, -731) }), 400, 'VALIDATION_FAILED');
    expect((await report(practitioner, { from: addDays(today, -730) })).status).toBe(200);
    expectProblem(await report(practitioner, { from: '2026-02-30' }), 400, 'VALIDATION_FAILED');
    const defaults = await t.http.get(`/v1/couples/${couple.id}/report`).set(practitioner);
    expect(defaults.body.period).toEqual({ from: addDays(today, -89), to: today });
  });

  it('gives a client’s own report', async () => {
    const client = await createClient(t, practitioner);
    const res = await t.http.get(`/v1/clients/${client.id}/report`).set(practitioner);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ subject: { type: 'client', id: client.id, people: [{ id: client.id }] }, enrollment: null, boundaries: [], reliability: [{ clientId: client.id }] });
  });

  it('answers 404 to another organization and to a practitioner off the caseload, 403 to facilitators; readonly keys read', async () => {
    const elsewhere = bearer((await signupOrganization(t, 'Elsewhere Clinic')).owner.token);
    const offCaseload = bearer((await addStaff(t, org, 'practitioner')).token);
    const facilitator = bearer((await addStaff(t, org, 'facilitator')).token);
    const readonlyKey = { 'X-API-Key': (await addApiKey(t, org, 'readonly')).key };
    for (const path of [`/v1/couples/${couple.id}/report`, `/v1/clients/${couple.a}/report`]) {
      expectProblem(await t.http.get(path).set(elsewhere), 404, 'NOT_FOUND');
      expectProblem(await t.http.get(path).set(offCaseload), 404, 'NOT_FOUND');
      expectProblem(await t.http.get(path).set(facilitator), 403, 'FORBIDDEN');
      expect((await t.http.get(path).set(readonlyKey)).status).toBe(200);
      expect((await t.http.get(path).set(owner).set('Accept', 'application/pdf')).status).toBe(200);
    }
  });
});
