import { builtInExerciseId } from '../src/exercises/built-in/exercise-ids';
import { TRUST_CHECK_IN_INSTRUMENT_ID } from '../src/instruments/built-in/trust-check-in';
import { REBUILDING_TRUST_PROGRAM_ID } from '../src/programs/built-in/rebuilding-trust';
import { AuditWriter } from '../src/audit/audit.writer';
import { bearer, createClient, createCouple, Org, signupOrganization } from './support/factories';
import { invitePortalClient, PortalClientSession } from './support/portal';
import { expectProblem } from './support/problem';
import { startTestApp, TestApp } from './support/test-app';

const APOLOGY = builtInExerciseId('write-a-specific-apology');
const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);

describe('the client portal', () => {
  let t: TestApp;
  let org: Org;
  let owner: Record<string, string>;
  let couple: { id: string; a: string; b: string };
  let a: PortalClientSession;
  let b: PortalClientSession;
  let enrollmentId: string;
  const as = (session: PortalClientSession) => bearer(session.accessToken);

  beforeAll(async () => {
    t = await startTestApp();
    org = await signupOrganization(t);
    owner = bearer(org.owner.token);
    couple = await createCouple(t, owner);
    const enrollment = await t.http.post('/v1/enrollments').set(owner).send({ programId: REBUILDING_TRUST_PROGRAM_ID, coupleId: couple.id });
    expect(enrollment.status).toBe(201);
    enrollmentId = enrollment.body.id;
    a = await invitePortalClient(t, owner, couple.a);
    b = await invitePortalClient(t, owner, couple.b);
  });
  afterAll(() => t.close());

  const timeline = async () => {
    const res = await t.http.get(`/v1/enrollments/${enrollmentId}/events`).query({ limit: 100 }).set(owner);
    return res.body.data as { type: string; actor: { type: string; id: string } }[];
  };

  it('shows the client themselves and their couple, naming the partner only', async () => {
    const me = await t.http.get('/v1/portal/me').set(as(a));
    expect(me.status).toBe(200);
    expect(me.body.id).toBe(couple.a);
    expect(me.body.couples).toEqual([{ id: couple.id, partner: { id: couple.b, displayName: expect.any(String) } }]);
  });

  it('answers a check-in: scored by the server, recorded as the client’s, on the timeline, private from the partner', async () => {
    const res = await t.http
      .post('/v1/portal/measurements')
      .set(as(a))
      .send({ instrumentId: TRUST_CHECK_IN_INSTRUMENT_ID, coupleId: couple.id, answers: [{ itemId: 'trust-now', value: 4 }, { itemId: 'feel-safe', value: 5 }, { itemId: 'follow-through', value: 5 }] });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ clientId: couple.a, recordedBy: { type: 'client', id: couple.a } });
    expect(typeof res.body.score).toBe('number');
    // The server scores: a client can't send a score of their own.
    expectProblem(
      await t.http.post('/v1/portal/measurements').set(as(a)).send({ instrumentId: TRUST_CHECK_IN_INSTRUMENT_ID, coupleId: couple.id, answers: [{ index: 0, value: 4 }], score: 99 }),
      400,
      'VALIDATION_FAILED',
    );

    expect((await t.http.get(`/v1/portal/measurements/${res.body.id}`).set(as(a))).status).toBe(200);
    expectProblem(await t.http.get(`/v1/portal/measurements/${res.body.id}`).set(as(b)), 404, 'NOT_FOUND');
    expect((await t.http.get('/v1/portal/measurements').set(as(b))).body.data).toEqual([]);
    expect((await t.http.get('/v1/portal/measurements').set(as(a))).body.data.map((m: { id: string }) => m.id)).toEqual([res.body.id]);

    // Staff see it, marked as the client's.
    const staff = await t.http.get(`/v1/measurements/${res.body.id}`).set(owner);
    expect(staff.body.recordedBy).toEqual({ type: 'client', id: couple.a });
    expect((await timeline()).some((e) => e.actor.type === 'client' && e.actor.id === couple.a)).toBe(true);
  });

  it('reports a commitment outcome that the other partner then disputes; each only from their own viewpoint', async () => {
    const date = daysAgo(1);
    const created = await t.http
      .post('/v1/commitments')
      .set(owner)
      .send({ coupleId: couple.id, committerId: couple.a, to: 'partner', description: 'Home for dinner by 7.', schedule: { kind: 'once', dueOn: date } });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    for (const session of [a, b]) {
      expect((await t.http.get(`/v1/portal/commitments/${id}`).set(as(session))).status).toBe(200);
      expect((await t.http.get('/v1/portal/commitments').set(as(session))).body.data.map((c: { id: string }) => c.id)).toContain(id);
    }
    const put = (session: PortalClientSession, body: Record<string, unknown>) => t.http.put(`/v1/portal/commitments/${id}/occurrences/${date}`).set(as(session)).send(body);
    expectProblem(await put(b, { viewpoint: 'committer', outcome: 'kept' }), 403, 'FORBIDDEN');
    const reported = await put(a, { viewpoint: 'committer', outcome: 'kept' });
    expect(reported.status).toBe(200);
    expectProblem(await put(a, { viewpoint: 'partner', answer: 'confirmed' }), 403, 'FORBIDDEN');
    const disputed = await put(b, { viewpoint: 'partner', answer: 'disputed' });
    expect(disputed.status).toBe(200);
    expect(disputed.body.committer).toMatchObject({ outcome: 'kept', recordedBy: { type: 'client', id: couple.a } });
    expect(disputed.body.partner).toMatchObject({ answer: 'disputed', recordedBy: { type: 'client', id: couple.b } });

    const staff = await t.http.get(`/v1/commitments/${id}/occurrences`).query({ from: date, to: date }).set(owner);
    expect(JSON.stringify(staff.body)).toContain('"client"');
    const types = (await timeline()).filter((e) => e.actor.type === 'client').map((e) => e.type);
    expect(types).toEqual(expect.arrayContaining(['commitment_outcome_reported', 'commitment_outcome_answered']));
  });

  it('agrees to a boundary: agreed only once both partners have', async () => {
    const proposed = await t.http.post('/v1/boundaries').set(owner).send({ coupleId: couple.id, text: 'No phone checking.', proposedBy: { type: 'practitioner' } });
    expect(proposed.status).toBe(201);
    const id = proposed.body.id as string;
    expect((await t.http.get('/v1/portal/boundaries').set(as(b))).body.data.map((x: { id: string }) => x.id)).toContain(id);
    const first = await t.http.put(`/v1/portal/boundaries/${id}/agreement`).set(as(a));
    expect(first.status).toBe(200);
    expect(first.body.status).toBe('proposed');
    const second = await t.http.put(`/v1/portal/boundaries/${id}/agreement`).set(as(b));
    expect(second.status).toBe(200);
    expect(second.body.status).toBe('agreed');

    const breach = await t.http
      .post(`/v1/portal/boundaries/${id}/breaches`)
      .set(as(b))
      .send({ breachedBy: couple.a, occurredAt: new Date(Date.now() - 3_600_000).toISOString(), severity: 'minor' });
    expect(breach.status).toBe(201);
    expect(breach.body.recordedBy).toEqual({ type: 'client', id: couple.b });
    expect(breach.body.reportedBy).toMatchObject({ type: 'partner', id: couple.b });
  });

  it('completes an assignment with a reflection the partner never sees', async () => {
    const given = await t.http.post('/v1/assignments').set(owner).send({ exerciseId: APOLOGY, clientId: couple.a });
    expect(given.status).toBe(201);
    const id = given.body.assignments[0].id as string;
    expect((await t.http.get('/v1/portal/assignments').set(as(a))).body.data.map((x: { id: string }) => x.id)).toContain(id);
    expect((await t.http.get('/v1/portal/assignments').set(as(b))).body.data.map((x: { id: string }) => x.id)).not.toContain(id);
    expectProblem(await t.http.get(`/v1/portal/assignments/${id}`).set(as(b)), 404, 'NOT_FOUND');
    expectProblem(await t.http.patch(`/v1/portal/assignments/${id}`).set(as(b)).send({ status: 'in_progress' }), 404, 'NOT_FOUND');

    const started = await t.http.patch(`/v1/portal/assignments/${id}`).set(as(a)).send({ status: 'in_progress' });
    expect(started.status).toBe(200);
    expect(started.body.status).toBe('in_progress');
    expectProblem(await t.http.patch(`/v1/portal/assignments/${id}`).set(as(a)).send({ status: 'skipped' }), 400, 'VALIDATION_FAILED');
    const done = await t.http.patch(`/v1/portal/assignments/${id}`).set(as(a)).send({ status: 'completed', reflection: 'I named what I did.' });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ status: 'completed', response: 'I named what I did.' });
    expect((await t.http.get(`/v1/assignments/${id}`).set(owner)).body.response).toBe('I named what I did.');
  });

  it('audits what the client does with the client as the actor', async () => {
    await t.app.get(AuditWriter).drain();
    const rows = await t.dataSource.query(`SELECT DISTINCT action FROM audit_events WHERE actor_type = 'client' AND actor_id = $1`, [couple.a]);
    expect(rows.map((r: { action: string }) => r.action)).toEqual(expect.arrayContaining(['answerPortalMeasure', 'recordPortalCommitmentOutcome', 'agreePortalBoundary', 'updatePortalAssignment']));
  });

  it('shows the couple’s program with its current step and practices, read-only', async () => {
    const res = await t.http.get('/v1/portal/program').set(as(b));
    expect(res.status).toBe(200);
    expect(res.body.enrollments.map((e: { id: string }) => e.id)).toEqual([enrollmentId]);
    const [enrollment] = res.body.enrollments;
    expect(enrollment.currentStepKey).toBe(enrollment.steps[0].key);
    expect(enrollment.steps[0].practices.length).toBeGreaterThan(0);
    const loner = await invitePortalClient(t, owner, (await createClient(t, owner)).id);
    expect((await t.http.get('/v1/portal/program').set(as(loner))).body.enrollments).toEqual([]);
  });

  it('lists upcoming sessions with time, modality and location, never notes, and not the partner’s own sessions', async () => {
    const startsAt = new Date(Date.UTC(2033, 0, 3, 10)).toISOString();
    const created = await t.http.post('/v1/sessions').set(owner).send({ kind: 'individual', clientId: couple.a, startsAt, durationMinutes: 50, modality: 'in_person', location: 'Room 2' });
    expect(created.status).toBe(201);
    const mine = await t.http.get('/v1/portal/sessions').set(as(a));
    expect(mine.status).toBe(200);
    expect(mine.body.data).toEqual([
      { id: created.body.id, kind: 'individual', startsAt, endsAt: new Date(Date.UTC(2033, 0, 3, 10, 50)).toISOString(), durationMinutes: 50, modality: 'in_person', location: 'Room 2' },
    ]);
    expect((await t.http.get('/v1/portal/sessions').set(as(b))).body.data).toEqual([]);
  });

  it('answers 404 for anything not the client’s: another couple’s records, another organization’s', async () => {
    const other = await createCouple(t, owner);
    const boundary = await t.http.post('/v1/boundaries').set(owner).send({ coupleId: other.id, text: 'Theirs.', proposedBy: { type: 'practitioner' } });
    const assignment = await t.http.post('/v1/assignments').set(owner).send({ exerciseId: APOLOGY, clientId: other.a });
    const loner = await createClient(t, owner);
    const measurement = await t.http
      .post('/v1/measurements')
      .set(owner)
      .send({ instrumentId: TRUST_CHECK_IN_INSTRUMENT_ID, clientId: loner.id, answers: [{ index: 0, value: 3 }, { index: 1, value: 3 }, { index: 2, value: 3 }] });
    expectProblem(await t.http.get(`/v1/portal/boundaries/${boundary.body.id}`).set(as(a)), 404, 'NOT_FOUND');
    expectProblem(await t.http.put(`/v1/portal/boundaries/${boundary.body.id}/agreement`).set(as(a)), 404, 'NOT_FOUND');
    expectProblem(await t.http.get(`/v1/portal/assignments/${assignment.body.assignments[0].id}`).set(as(a)), 404, 'NOT_FOUND');
    expectProblem(await t.http.get(`/v1/portal/measurements/${measurement.body.id}`).set(as(a)), 404, 'NOT_FOUND');
    // Answering for a couple one is not a partner of.
    expectProblem(
      await t.http.post('/v1/portal/measurements').set(as(a)).send({ instrumentId: TRUST_CHECK_IN_INSTRUMENT_ID, coupleId: other.id, answers: [{ index: 0, value: 3 }, { index: 1, value: 3 }, { index: 2, value: 3 }] }),
      404,
      'NOT_FOUND',
    );
  });
});
