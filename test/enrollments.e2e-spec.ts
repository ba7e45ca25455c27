import { randomUUID } from 'node:crypto';
import { AuditWriter } from '../src/audit/audit.writer';
import { REBUILDING_TRUST_PROGRAM, REBUILDING_TRUST_PROGRAM_ID } from '../src/programs/built-in/rebuilding-trust';
import { addApiKey, addStaff, bearer, createClient, createCouple, Org, signupOrganization, Staff } from './support/factories';
import { expectProblem } from './support/problem';
import { startTestApp, TestApp } from './support/test-app';

type Headers = Record<string, string>;
interface Tick {
  partnerId: string;
  tickedAt: string;
  tickedBy: { type: string; id: string };
}
interface Step {
  key: string;
  position: number;
  title: string;
  status: string;
  startedAt: string | null;
  completedAt: string | null;
  setbacks: number;
  practices: { key: string; title: string; ticks: Tick[] }[];
}
interface Enrollment {
  id: string;
  programId: string;
  programKey: string;
  programVersion: number;
  subject: { type: string; id: string };
  status: string;
  completedAt: string | null;
  steps: Step[];
  currentStepKey: string | null;
  progress: { completedSteps: number; totalSteps: number; share: number };
  version: number;
  updatedAt: string;
}
interface Event {
  id: string;
  type: string;
  stepKey: string | null;
  practiceKey: string | null;
  actor: { type: string; id: string };
  data: Record<string, unknown>;
  occurredAt: string;
  createdAt: string;
  source: null;
}

const STEP_KEYS = REBUILDING_TRUST_PROGRAM.steps.map((s) => s.key);

describe('enrollments', () => {
  let t: TestApp;
  let org: Org;
  let owner: Headers;

  beforeAll(async () => {
    t = await startTestApp();
    org = await signupOrganization(t);
    owner = bearer(org.owner.token);
  });
  afterAll(() => t.close());

  const enroll = async (body: Record<string, unknown>, as: Headers = owner): Promise<Enrollment> => {
    const res = await t.http.post('/v1/enrollments').set(as).send({ programId: REBUILDING_TRUST_PROGRAM_ID, ...body });
    if (res.status !== 201) throw new Error(`enroll: ${res.status} ${res.text}`);
    return res.body;
  };
  const move = (id: string, stepKey: string, body: Record<string, unknown>, as: Headers = owner) =>
    t.http.patch(`/v1/enrollments/${id}/steps/${stepKey}`).set(as).send(body);
  const tick = (id: string, stepKey: string, practiceKey: string, body: Record<string, unknown>, as: Headers = owner) =>
    t.http.put(`/v1/enrollments/${id}/steps/${stepKey}/practices/${practiceKey}`).set(as).send(body);
  const timeline = async (id: string, query: Record<string, unknown> = {}): Promise<Event[]> => {
    const res = await t.http.get(`/v1/enrollments/${id}/events`).query({ limit: 100, ...query }).set(owner);
    if (res.status !== 200) throw new Error(`events: ${res.status} ${res.text}`);
    return res.body.data;
  };

  describe('walking a couple through the seven steps', () => {
    it('records every move, a setback at step 4 with its reason, and the progress at each point', async () => {
      const couple = await createCouple(t, owner);
      const created = await enroll({ coupleId: couple.id });
      const id = created.id;
      expect(created).toMatchObject({
        programId: REBUILDING_TRUST_PROGRAM_ID,
        programKey: 'rebuilding-trust',
        programVersion: 1,
        subject: { type: 'couple', id: couple.id },
        status: 'active',
        completedAt: null,
        currentStepKey: STEP_KEYS[0],
        progress: { completedSteps: 0, totalSteps: 7, share: 0 },
        version: 1,
      });
      expect(created.steps.map((s) => [s.key, s.position, s.title, s.status, s.setbacks])).toEqual(
        REBUILDING_TRUST_PROGRAM.steps.map((s) => [s.key, s.position, s.title, 'not_started', 0]),
      );
      expect(created.steps.every((s) => s.practices.length === 3 && s.practices.every((p) => p.ticks.length === 0))).toBe(true);

      // What the timeline should hold, oldest first; checked against the API after every write.
      const expected: [string, string | null][] = [['enrollment_created', null]];
      expect((await timeline(id)).map((e) => [e.type, e.stepKey])).toEqual([...expected].reverse());

      let version = created.version;
      const check = async (res: { status: number; body: Enrollment; text: string }, completed: number, current: string | null) => {
        expect([res.status, res.status === 200 ? '' : res.text]).toEqual([200, '']);
        expect(res.body.version).toBe(version + 1);
        version = res.body.version;
        expect(res.body.progress).toEqual({ completedSteps: completed, totalSteps: 7, share: Math.round((completed / 7) * 10_000) / 10_000 });
        expect(res.body.currentStepKey).toBe(current);
        const events = await timeline(id);
        expect(events.map((e) => [e.type, e.stepKey])).toEqual([...expected].reverse());
        const read = await t.http.get(`/v1/enrollments/${id}`).set(owner);
        expect(read.body).toEqual(res.body);
        expect(read.headers.etag).toBe(`"${version}"`);
        return events;
      };

      for (let i = 0; i < 7; i++) {
        const key = STEP_KEYS[i];
        const started = await move(id, key, { status: 'in_progress', note: `Began step ${i + 1} in session.` });
        expected.push(['step_started', key]);
        const events = await check(started, i, STEP_KEYS[i]);
        expect(events[0]).toMatchObject({
          data: { from: 'not_started', to: 'in_progress', note: `Began step ${i + 1} in session.` },
          actor: { type: 'user', id: org.owner.id },
        });
        const step = started.body.steps[i];
        expect(step.status).toBe('in_progress');
        expect(step.startedAt).not.toBeNull();

        if (i === 0) {
          // Both partners tick the first practice; only partner A the second.
          const both = await tick(id, key, 'take-responsibility', { done: true });
          expected.push(['practice_ticked', key]);
          const afterBoth = await check(both, 0, STEP_KEYS[0]);
          expect(afterBoth[0]).toMatchObject({ practiceKey: 'take-responsibility', data: { partnerIds: [couple.a, couple.b] } });
          const one = await tick(id, key, 'validate-and-empathize', { done: true, partnerIds: [couple.a] });
          expected.push(['practice_ticked', key]);
          await check(one, 0, STEP_KEYS[0]);
          const practices = one.body.steps[0].practices;
          expect(practices[0].ticks.map((k: Tick) => k.partnerId).sort()).toEqual([couple.a, couple.b].sort());
          expect(practices[1].ticks).toEqual([{ partnerId: couple.a, tickedAt: expect.any(String), tickedBy: { type: 'user', id: org.owner.id } }]);
          expect(practices[2].ticks).toEqual([]);
        }

        const completed = await move(id, key, { status: 'completed' });
        expected.push(['step_completed', key]);
        await check(completed, i + 1, STEP_KEYS[i + 1] ?? null);
        expect(completed.body.steps[i].completedAt).not.toBeNull();

        if (i === 3) {
          const reason = 'A broken promise this week shook the reliability they had rebuilt.';
          const refused = await move(id, key, { status: 'in_progress' });
          expect((expectProblem(refused, 400, 'VALIDATION_FAILED').errors as { field: string }[]).map((e) => e.field)).toEqual(['reason']);
          const setback = await move(id, key, { status: 'in_progress', reason, note: 'Agreed to revisit commitments.' });
          expected.push(['setback', key]);
          const events = await check(setback, 3, key);
          expect(events[0].data).toEqual({ from: 'completed', to: 'in_progress', reason, note: 'Agreed to revisit commitments.' });
          expect(setback.body.steps[3]).toMatchObject({ status: 'in_progress', completedAt: null, setbacks: 1 });
          expect(setback.body.steps[3].startedAt).toBe(started.body.steps[3].startedAt);
          const again = await move(id, key, { status: 'completed' });
          expected.push(['step_completed', key]);
          await check(again, 4, STEP_KEYS[4]);
          expect(again.body.steps[3]).toMatchObject({ status: 'completed', setbacks: 1 });
        }
      }

      const done = await t.http.patch(`/v1/enrollments/${id}`).set(owner).set('If-Match', `"${version}"`).send({ status: 'completed' });
      expected.push(['status_changed', null]);
      const final = await check(done, 7, null);
      expect(done.body.status).toBe('completed');
      expect(done.body.completedAt).not.toBeNull();
      expect(final[0].data).toEqual({ from: 'active', to: 'completed' });
      expect(final).toHaveLength(1 + 7 * 2 + 2 + 2 + 1);
      expect(final.filter((e) => e.type === 'setback')).toHaveLength(1);

      // Newest first, strictly, and the same when walked page by page.
      const times = final.map((e) => e.createdAt);
      expect([...times].sort().reverse()).toEqual(times);
      const walked: string[] = [];
      let cursor: string | null = null;
      do {
        const page: { body: { data: Event[]; nextCursor: string | null } } = await t.http
          .get(`/v1/enrollments/${id}/events`)
          .query({ limit: 4, ...(cursor ? { cursor } : {}) })
          .set(owner);
        walked.push(...page.body.data.map((e) => e.id));
        cursor = page.body.nextCursor;
      } while (cursor);
      expect(walked).toEqual(final.map((e) => e.id));
      const setbacks = await timeline(id, { type: 'setback' });
      expect(setbacks.map((e) => e.stepKey)).toEqual([STEP_KEYS[3]]);

      // A completed enrollment no longer moves.
      expectProblem(await move(id, STEP_KEYS[0], { status: 'in_progress', reason: 'x' }), 409, 'ENROLLMENT_NOT_ACTIVE');
      expectProblem(await t.http.patch(`/v1/enrollments/${id}`).set(owner).send({ status: 'active' }), 409, 'ENROLLMENT_ENDED');
    });
  });

  describe('step moves', () => {
    let couple: { id: string; a: string; b: string };
    let enrollment: Enrollment;

    beforeAll(async () => {
      couple = await createCouple(t, owner);
      enrollment = await enroll({ coupleId: couple.id });
    });

    it('refuses moves the step rule does not allow, with a clear code, and changes nothing', async () => {
      const id = enrollment.id;
      const [step1, step2] = STEP_KEYS;
      expectProblem(await move(id, step1, { status: 'completed' }), 409, 'STEP_NOT_STARTED');
      expect((await move(id, step1, { status: 'in_progress' })).status).toBe(200);
      expectProblem(await move(id, step1, { status: 'in_progress' }), 409, 'STEP_ALREADY_IN_STATE');
      expectProblem(await move(id, step2, { status: 'in_progress', reason: 'not a setback' }), 400, 'VALIDATION_FAILED');
      for (const status of ['not_started', 'done', undefined]) {
        expectProblem(await move(id, step2, { status }), 400, 'VALIDATION_FAILED');
      }
      expectProblem(await move(id, step2, { status: 'in_progress', note: 'x'.repeat(4001) }), 400, 'VALIDATION_FAILED');
      expectProblem(await move(id, 'no-such-step', { status: 'in_progress' }), 404, 'NOT_FOUND');
      expectProblem(await move(id, 'Not_A_Key', { status: 'in_progress' }), 400, 'VALIDATION_FAILED');
      const read = await t.http.get(`/v1/enrollments/${id}`).set(owner);
      expect(read.body.version).toBe(enrollment.version + 1);
      expect(read.body.steps[1].status).toBe('not_started');
      expect((await timeline(id)).map((e) => e.type)).toEqual(['step_started', 'enrollment_created']);
    });

    it('honors If-Match on step moves (stale → 412)', async () => {
      const current = (await t.http.get(`/v1/enrollments/${enrollment.id}`).set(owner)).body as Enrollment;
      const stale = await t.http
        .patch(`/v1/enrollments/${enrollment.id}/steps/${STEP_KEYS[2]}`)
        .set(owner)
        .set('If-Match', `"${current.version - 1}"`)
        .send({ status: 'in_progress' });
      expectProblem(stale, 412, 'PRECONDITION_FAILED');
      const fresh = await t.http
        .patch(`/v1/enrollments/${enrollment.id}/steps/${STEP_KEYS[2]}`)
        .set(owner)
        .set('If-Match', `"${current.version}"`)
        .send({ status: 'in_progress' });
      expect(fresh.status).toBe(200);
      expect(fresh.headers.etag).toBe(`"${current.version + 1}"`);
    });

    it('lets exactly one of 20 concurrent completions of a step win, with one timeline event', async () => {
      const couple2 = await createCouple(t, owner);
      const e = await enroll({ coupleId: couple2.id });
      const key = STEP_KEYS[0];
      expect((await move(e.id, key, { status: 'in_progress' })).status).toBe(200);
      const results = await Promise.all(Array.from({ length: 20 }, () => move(e.id, key, { status: 'completed' })));
      const statuses = results.map((r) => r.status);
      expect(statuses.filter((s) => s === 200)).toHaveLength(1);
      for (const res of results.filter((r) => r.status !== 200)) expectProblem(res, 409, 'STEP_ALREADY_IN_STATE');
      const read = (await t.http.get(`/v1/enrollments/${e.id}`).set(owner)).body as Enrollment;
      expect(read.version).toBe(e.version + 2);
      expect(read.progress.completedSteps).toBe(1);
      const events = await timeline(e.id);
      expect(events.filter((ev) => ev.type === 'step_completed' && ev.stepKey === key)).toHaveLength(1);
      expect(events).toHaveLength(3);
    });

    it('keeps concurrent different writes on one enrollment all applied (the row lock serializes them)', async () => {
      const couple2 = await createCouple(t, owner);
      const e = await enroll({ coupleId: couple2.id });
      const results = await Promise.all(STEP_KEYS.map((key) => move(e.id, key, { status: 'in_progress' })));
      expect(results.map((r) => r.status)).toEqual(Array(7).fill(200));
      const read = (await t.http.get(`/v1/enrollments/${e.id}`).set(owner)).body as Enrollment;
      expect(read.steps.every((s) => s.status === 'in_progress')).toBe(true);
      expect(read.version).toBe(e.version + 7);
      expect((await timeline(e.id)).filter((ev) => ev.type === 'step_started')).toHaveLength(7);
    });
    it('refuses null for the optional fields (none is nullable), and answers odd bodies with problem+json, never 5xx', async () => {
      const e = await enroll({ coupleId: (await createCouple(t, owner)).id });
      const refused = expectProblem(await move(e.id, STEP_KEYS[0], { status: 'in_progress', reason: null, note: null }), 400, 'VALIDATION_FAILED');
      expect(refused.errors).toEqual([
        { field: 'reason', message: 'must not be null' },
        { field: 'note', message: 'must not be null' },
      ]);
      const started = await move(e.id, STEP_KEYS[0], { status: 'in_progress' });
      expect(started.status).toBe(200);
      expect((await timeline(e.id))[0].data).toEqual({ from: 'not_started', to: 'in_progress' });
      await move(e.id, STEP_KEYS[0], { status: 'completed' });
      expectProblem(await move(e.id, STEP_KEYS[0], { status: 'in_progress', reason: null }), 400, 'VALIDATION_FAILED');
      const odd: unknown[] = [null, [], [1], 'text', 42, { status: ['completed'] }, { done: null }, { partnerIds: 'x' }, { partnerIds: [null] }];
      for (const body of odd) {
        const responses = [
          await t.http.patch(`/v1/enrollments/${e.id}/steps/${STEP_KEYS[1]}`).set(owner).set('Content-Type', 'application/json').send(JSON.stringify(body)),
          await t.http.put(`/v1/enrollments/${e.id}/steps/${STEP_KEYS[1]}/practices/be-transparent`).set(owner).set('Content-Type', 'application/json').send(JSON.stringify(body)),
          await t.http.patch(`/v1/enrollments/${e.id}`).set(owner).set('Content-Type', 'application/json').send(JSON.stringify(body)),
          await t.http.post('/v1/enrollments').set(owner).set('Content-Type', 'application/json').send(JSON.stringify(body)),
          await t.http.post('/v1/programs').set(owner).set('Content-Type', 'application/json').send(JSON.stringify(body)),
        ];
        for (const res of responses) {
          expect([JSON.stringify(body), res.status < 500]).toEqual([JSON.stringify(body), true]);
          if (res.status >= 400) expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
        }
      }
      expectProblem(await tick(e.id, STEP_KEYS[1], 'be-transparent', { done: true, note: null, partnerIds: null }), 400, 'VALIDATION_FAILED');
      const ticked = await tick(e.id, STEP_KEYS[1], 'be-transparent', { done: true });
      expect(ticked.status).toBe(200);
      expect(ticked.body.steps[1].practices[2].ticks).toHaveLength(2);
      expect((await timeline(e.id))[0].data).toEqual({ partnerIds: expect.any(Array) });
    });
  });

  describe('practices', () => {
    it('ticks and unticks per partner, refuses strangers, and records only real changes', async () => {
      const couple = await createCouple(t, owner);
      const e = await enroll({ coupleId: couple.id });
      const [step] = STEP_KEYS;
      const practice = 'dont-minimize';
      const a = await tick(e.id, step, practice, { done: true, partnerIds: [couple.a] });
      expect(a.status).toBe(200);
      const ticksOf = (body: Enrollment) => body.steps[0].practices[2].ticks.map((k) => k.partnerId).sort();
      expect(ticksOf(a.body)).toEqual([couple.a]);
      const both = await tick(e.id, step, practice, { done: true });
      expect(ticksOf(both.body)).toEqual([couple.a, couple.b].sort());
      let events = await timeline(e.id);
      expect(events[0]).toMatchObject({ type: 'practice_ticked', practiceKey: practice, data: { partnerIds: [couple.b] } });

      // Nothing changes: no event, no new version.
      const same = await tick(e.id, step, practice, { done: true, partnerIds: [couple.b] });
      expect(same.body.version).toBe(both.body.version);
      expect(await timeline(e.id)).toHaveLength(events.length);
      // Only a note: it is recorded as a note.
      const noted = await tick(e.id, step, practice, { done: true, partnerIds: [couple.b], note: 'Both named it without minimizing.' });
      expect(noted.body.version).toBe(both.body.version + 1);
      events = await timeline(e.id);
      expect(events[0]).toMatchObject({ type: 'note_added', practiceKey: practice, data: { note: 'Both named it without minimizing.' } });

      const untick = await tick(e.id, step, practice, { done: false, partnerIds: [couple.a] });
      expect(ticksOf(untick.body)).toEqual([couple.b]);
      expect((await timeline(e.id))[0]).toMatchObject({ type: 'practice_unticked', data: { partnerIds: [couple.a] } });

      const stranger = (await createClient(t, owner)).id;
      const refused = await tick(e.id, step, practice, { done: true, partnerIds: [couple.a, stranger] });
      expect((expectProblem(refused, 400, 'VALIDATION_FAILED').errors as { field: string }[])[0].field).toBe('partnerIds');
      expectProblem(await tick(e.id, step, practice, { done: 'yes' }), 400, 'VALIDATION_FAILED');
      expectProblem(await tick(e.id, step, practice, { done: true, partnerIds: [] }), 400, 'VALIDATION_FAILED');
      expectProblem(await tick(e.id, step, 'no-such-practice', { done: true }), 404, 'NOT_FOUND');
      // A practice of another step is not this step's.
      expectProblem(await tick(e.id, step, 'be-transparent', { done: true }), 404, 'NOT_FOUND');
      expect(ticksOf((await t.http.get(`/v1/enrollments/${e.id}`).set(owner)).body)).toEqual([couple.b]);
    });

    it('ticks for the client of a client enrollment, and for no one else', async () => {
      const client = (await createClient(t, owner)).id;
      const e = await enroll({ clientId: client });
      expect(e.subject).toEqual({ type: 'client', id: client });
      const res = await tick(e.id, STEP_KEYS[1], 'be-transparent', { done: true });
      expect(res.body.steps[1].practices[2].ticks.map((k: Tick) => k.partnerId)).toEqual([client]);
      const other = (await createClient(t, owner)).id;
      expectProblem(await tick(e.id, STEP_KEYS[1], 'be-transparent', { done: true, partnerIds: [other] }), 400, 'VALIDATION_FAILED');
    });
  });

  describe('enrolling', () => {
    it('allows one active or paused enrollment per subject and program; after withdrawal, a new one', async () => {
      const couple = await createCouple(t, owner);
      const first = await enroll({ coupleId: couple.id });
      const again = await t.http.post('/v1/enrollments').set(owner).send({ programId: REBUILDING_TRUST_PROGRAM_ID, coupleId: couple.id });
      expect(expectProblem(again, 409, 'ENROLLMENT_EXISTS').enrollmentId).toBe(first.id);
      const paused = await t.http.patch(`/v1/enrollments/${first.id}`).set(owner).send({ status: 'paused' });
      expect(paused.body.status).toBe('paused');
      expectProblem(await move(first.id, STEP_KEYS[0], { status: 'in_progress' }), 409, 'ENROLLMENT_NOT_ACTIVE');
      expectProblem(await tick(first.id, STEP_KEYS[0], 'take-responsibility', { done: true }), 409, 'ENROLLMENT_NOT_ACTIVE');
      expectProblem(
        await t.http.post('/v1/enrollments').set(owner).send({ programId: REBUILDING_TRUST_PROGRAM_ID, coupleId: couple.id }),
        409,
        'ENROLLMENT_EXISTS',
      );
      expectProblem(await t.http.patch(`/v1/enrollments/${first.id}`).set(owner).send({ status: 'completed' }), 409, 'ENROLLMENT_INCOMPLETE');
      expectProblem(
        await t.http.patch(`/v1/enrollments/${first.id}`).set(owner).set('If-Match', '"1"').send({ status: 'withdrawn' }),
        412,
        'PRECONDITION_FAILED',
      );
      const withdrawn = await t.http.patch(`/v1/enrollments/${first.id}`).set(owner).set('If-Match', `"${paused.body.version}"`).send({ status: 'withdrawn' });
      expect(withdrawn.status).toBe(200);
      expect(withdrawn.body.status).toBe('withdrawn');
      const second = await enroll({ coupleId: couple.id });
      expect(second.id).not.toBe(first.id);
      // The partners may each be enrolled on their own as well: a client is another subject.
      await enroll({ clientId: couple.a });
      const events = await timeline(first.id);
      expect(events.slice(0, 2).map((e) => e.data)).toEqual([
        { from: 'paused', to: 'withdrawn' },
        { from: 'active', to: 'paused' },
      ]);
    });

    it('refuses concurrent enrollments of one subject but one', async () => {
      const couple = await createCouple(t, owner);
      const results = await Promise.all(
        Array.from({ length: 5 }, () => t.http.post('/v1/enrollments').set(owner).send({ programId: REBUILDING_TRUST_PROGRAM_ID, coupleId: couple.id })),
      );
      expect(results.filter((r) => r.status === 201)).toHaveLength(1);
      for (const res of results.filter((r) => r.status !== 201)) expectProblem(res, 409, 'ENROLLMENT_EXISTS');
      const rows = await t.dataSource.query('SELECT 1 FROM enrollments WHERE couple_id = $1', [couple.id]);
      expect(rows).toHaveLength(1);
    });

    it('refuses bad input, an unknown program, and an archived subject', async () => {
      const client = (await createClient(t, owner)).id;
      const couple = await createCouple(t, owner);
      const cases: [Record<string, unknown>, number, string][] = [
        [{ programId: REBUILDING_TRUST_PROGRAM_ID }, 400, 'VALIDATION_FAILED'],
        [{ programId: REBUILDING_TRUST_PROGRAM_ID, clientId: client, coupleId: couple.id }, 400, 'VALIDATION_FAILED'],
        [{ programId: 'nope', clientId: client }, 400, 'VALIDATION_FAILED'],
        [{ programId: REBUILDING_TRUST_PROGRAM_ID, clientId: 'nope' }, 400, 'VALIDATION_FAILED'],
        [{ programId: REBUILDING_TRUST_PROGRAM_ID, clientId: client, status: 'paused' }, 400, 'VALIDATION_FAILED'],
        [{ programId: randomUUID(), clientId: client }, 404, 'NOT_FOUND'],
        [{ programId: REBUILDING_TRUST_PROGRAM_ID, clientId: randomUUID() }, 404, 'NOT_FOUND'],
      ];
      for (const [body, status, code] of cases) expectProblem(await t.http.post('/v1/enrollments').set(owner).send(body), status, code);
      await t.http.delete(`/v1/clients/${client}`).set(owner);
      expectProblem(await t.http.post('/v1/enrollments').set(owner).send({ programId: REBUILDING_TRUST_PROGRAM_ID, clientId: client }), 409, 'SUBJECT_ARCHIVED');
      await t.http.delete(`/v1/couples/${couple.id}`).set(owner);
      expectProblem(await t.http.post('/v1/enrollments').set(owner).send({ programId: REBUILDING_TRUST_PROGRAM_ID, coupleId: couple.id }), 409, 'SUBJECT_ARCHIVED');
      const rows = await t.dataSource.query('SELECT 1 FROM enrollments WHERE client_id = $1 OR couple_id = $2', [client, couple.id]);
      expect(rows).toHaveLength(0);
    });

    it('pins the program version: a later version changes neither the enrollment nor its steps', async () => {
      const key = `reconnect-${randomUUID().slice(0, 6)}`;
      const steps = (n: number) =>
        Array.from({ length: n }, (_, i) => ({ key: `s${i + 1}`, title: `Step ${i + 1}`, practices: [{ key: `p${i + 1}`, title: `P${i + 1}` }] }));
      const v1 = await t.http.post('/v1/programs').set(owner).send({ key, title: 'Reconnect', steps: steps(2) });
      const client = (await createClient(t, owner)).id;
      const e = await enroll({ programId: v1.body.id, clientId: client });
      expect(e.steps.map((s) => s.key)).toEqual(['s1', 's2']);
      const v2 = await t.http.post('/v1/programs').set(owner).send({ key, title: 'Reconnect, revised', steps: steps(3) });
      expect(v2.body.programVersion).toBe(2);
      const read = (await t.http.get(`/v1/enrollments/${e.id}`).set(owner)).body as Enrollment;
      expect(read).toMatchObject({ programId: v1.body.id, programVersion: 1, progress: { totalSteps: 2 } });
      expect(read.steps.map((s) => s.key)).toEqual(['s1', 's2']);
      expectProblem(await move(e.id, 's3', { status: 'in_progress' }), 404, 'NOT_FOUND');
      // Same program key, other version: still one open enrollment per program.
      expectProblem(await t.http.post('/v1/enrollments').set(owner).send({ programId: v2.body.id, clientId: client }), 409, 'ENROLLMENT_EXISTS');
      const other = await enroll({ programId: v2.body.id, clientId: (await createClient(t, owner)).id });
      expect(other).toMatchObject({ programVersion: 2, progress: { totalSteps: 3 } });
      const listed = await t.http.get('/v1/enrollments').query({ programKey: key }).set(owner);
      expect(listed.body.data.map((x: Enrollment) => x.id)).toEqual([other.id, e.id]);
      const byVersion = await t.http.get('/v1/enrollments').query({ programId: v1.body.id }).set(owner);
      expect(byVersion.body.data.map((x: Enrollment) => x.id)).toEqual([e.id]);
    });
  });

  describe('lists', () => {
    it('filter by couple, client and status, and sync with updatedSince', async () => {
      const fresh = await signupOrganization(t, 'List Clinic');
      const as = bearer(fresh.owner.token);
      const couple = await createCouple(t, as);
      const client = (await createClient(t, as)).id;
      const a = await enroll({ coupleId: couple.id }, as);
      const b = await enroll({ clientId: client }, as);
      const ids = async (query: Record<string, string>) =>
        (await t.http.get('/v1/enrollments').query(query).set(as)).body.data.map((x: Enrollment) => x.id);
      expect(await ids({})).toEqual([b.id, a.id]);
      expect(await ids({ coupleId: couple.id })).toEqual([a.id]);
      expect(await ids({ clientId: client })).toEqual([b.id]);
      await t.http.patch(`/v1/enrollments/${b.id}`).set(as).send({ status: 'paused' });
      expect(await ids({ status: 'paused' })).toEqual([b.id]);
      expect(await ids({ status: 'active' })).toEqual([a.id]);
      const [{ now }] = await t.dataSource.query('SELECT now() AS now');
      await move(a.id, STEP_KEYS[0], { status: 'in_progress' }, as);
      expect(await ids({ updatedSince: new Date(now).toISOString() })).toEqual([a.id]);
      const page = await t.http.get('/v1/enrollments').query({ limit: 1 }).set(as);
      expect(page.body.data).toHaveLength(1);
      expect(page.body.nextCursor).toEqual(expect.any(String));
      expectProblem(await t.http.get('/v1/enrollments').query({ status: 'finished' }).set(as), 400, 'VALIDATION_FAILED');
      expectProblem(await t.http.get('/v1/enrollments').query({ coupleId: 'x' }).set(as), 400, 'VALIDATION_FAILED');
      expectProblem(await t.http.get(`/v1/enrollments/${a.id}/events`).query({ cursor: 'garbage' }).set(as), 400, 'VALIDATION_FAILED');
      const sinceEvents = await t.http.get(`/v1/enrollments/${a.id}/events`).query({ updatedSince: new Date(now).toISOString() }).set(as);
      expect(sinceEvents.body.data.map((e: Event) => e.type)).toEqual(['step_started']);
    });
  });

  describe('the timeline', () => {
    it('is append-only in the database', async () => {
      const e = await enroll({ clientId: (await createClient(t, owner)).id });
      await expect(t.dataSource.query(`UPDATE enrollment_events SET type = 'x' WHERE enrollment_id = $1`, [e.id])).rejects.toThrow(/append-only/);
      await expect(t.dataSource.query('DELETE FROM enrollment_events WHERE enrollment_id = $1', [e.id])).rejects.toThrow(/append-only/);
      await expect(t.dataSource.query('TRUNCATE enrollment_events')).rejects.toThrow();
      expect(await timeline(e.id)).toHaveLength(1);
    });
  });

  describe('access', () => {
    let practitioner: Staff;
    let theirs: Enrollment;
    let notTheirs: Enrollment;
    let notTheirsCouple: { id: string; a: string; b: string };

    beforeAll(async () => {
      practitioner = await addStaff(t, org, 'practitioner');
      const as = bearer(practitioner.token);
      const couple = await createCouple(t, as);
      theirs = await enroll({ coupleId: couple.id }, as);
      notTheirsCouple = await createCouple(t, owner);
      notTheirs = await enroll({ coupleId: notTheirsCouple.id });
    });

    const everyRoute = (id: string, as: Headers) => [
      t.http.get(`/v1/enrollments/${id}`).set(as),
      t.http.patch(`/v1/enrollments/${id}`).set(as).send({ status: 'paused' }),
      t.http.patch(`/v1/enrollments/${id}/steps/${STEP_KEYS[0]}`).set(as).send({ status: 'in_progress' }),
      t.http.put(`/v1/enrollments/${id}/steps/${STEP_KEYS[0]}/practices/take-responsibility`).set(as).send({ done: true }),
      t.http.get(`/v1/enrollments/${id}/events`).set(as),
    ];

    it('lets a practitioner work with the enrollments of their caseload only (404 otherwise)', async () => {
      const as = bearer(practitioner.token);
      expect((await move(theirs.id, STEP_KEYS[0], { status: 'in_progress' }, as)).status).toBe(200);
      const list = await t.http.get('/v1/enrollments').query({ limit: 100 }).set(as);
      expect(list.body.data.map((e: Enrollment) => e.id)).toEqual([theirs.id]);
      for (const res of await Promise.all(everyRoute(notTheirs.id, as))) expectProblem(res, 404, 'NOT_FOUND');
      expectProblem(
        await t.http.post('/v1/enrollments').set(as).send({ programId: REBUILDING_TRUST_PROGRAM_ID, clientId: notTheirsCouple.a }),
        404,
        'NOT_FOUND',
      );
      const unchanged = (await t.http.get(`/v1/enrollments/${notTheirs.id}`).set(owner)).body as Enrollment;
      expect(unchanged.version).toBe(notTheirs.version);
      expect(await timeline(notTheirs.id)).toHaveLength(1);
    });

    it('opens an enrollment to a practitioner who joins the couple’s care team', async () => {
      const as = bearer(practitioner.token);
      await t.http.put(`/v1/couples/${notTheirsCouple.id}/care-team/${practitioner.id}`).set(owner);
      expect((await t.http.get(`/v1/enrollments/${notTheirs.id}`).set(as)).status).toBe(200);
      await t.http.delete(`/v1/couples/${notTheirsCouple.id}/care-team/${practitioner.id}`).set(owner);
      expectProblem(await t.http.get(`/v1/enrollments/${notTheirs.id}`).set(as), 404, 'NOT_FOUND');
    });

    it('answers 404 to another organization on every route with an id, and lists nothing of ours', async () => {
      const other = await signupOrganization(t, 'Elsewhere');
      const { key } = await addApiKey(t, other, 'integration');
      for (const as of [bearer(other.owner.token), { 'X-API-Key': key }]) {
        for (const res of await Promise.all(everyRoute(theirs.id, as))) expectProblem(res, 404, 'NOT_FOUND');
        expectProblem(
          await t.http.post('/v1/enrollments').set(as).send({ programId: REBUILDING_TRUST_PROGRAM_ID, coupleId: notTheirsCouple.id }),
          404,
          'NOT_FOUND',
        );
        const list = await t.http.get('/v1/enrollments').query({ coupleId: notTheirsCouple.id }).set(as);
        expect(list.body.data).toEqual([]);
      }
    });

    it('keeps facilitators away from couples’ progress (403) and lets a readonly key read but not write', async () => {
      const facilitator = bearer((await addStaff(t, org, 'facilitator')).token);
      expectProblem(await t.http.get('/v1/enrollments').set(facilitator), 403, 'FORBIDDEN');
      for (const res of await Promise.all(everyRoute(theirs.id, facilitator))) expectProblem(res, 403, 'FORBIDDEN');
      const readonly = { 'X-API-Key': (await addApiKey(t, org, 'readonly')).key };
      expect((await t.http.get(`/v1/enrollments/${theirs.id}`).set(readonly)).status).toBe(200);
      expect((await t.http.get(`/v1/enrollments/${theirs.id}/events`).set(readonly)).status).toBe(200);
      expect((await t.http.get('/v1/enrollments').set(readonly)).status).toBe(200);
      const [, patch, step, practice] = await Promise.all(everyRoute(theirs.id, readonly));
      for (const res of [patch, step, practice]) expectProblem(res, 403, 'FORBIDDEN');
      expectProblem(
        await t.http.post('/v1/enrollments').set(readonly).send({ programId: REBUILDING_TRUST_PROGRAM_ID, clientId: notTheirsCouple.a }),
        403,
        'FORBIDDEN',
      );
      const integration = { 'X-API-Key': (await addApiKey(t, org, 'integration')).key };
      expect((await tick(theirs.id, STEP_KEYS[0], 'take-responsibility', { done: true }, integration)).status).toBe(200);
      const [latest] = await timeline(theirs.id);
      expect(latest.actor.type).toBe('apiKey');
    });

    it('audits reads and writes, and keeps notes and reasons out of the audit trail', async () => {
      const note = `Private note ${randomUUID()}`;
      await move(theirs.id, STEP_KEYS[1], { status: 'in_progress', note });
      await t.http.get(`/v1/enrollments/${theirs.id}`).set(owner);
      await t.app.get(AuditWriter).drain();
      const events: { action: string; resource_id: string; detail: Record<string, unknown> | null; status: number }[] = await t.dataSource.query(
        `SELECT action, resource_id, detail, status FROM audit_events
          WHERE actor_id = $1 AND resource_type = 'enrollments' ORDER BY occurred_at DESC, id DESC LIMIT 2`,
        [org.owner.id],
      );
      expect(events[0]).toMatchObject({ action: 'getEnrollment', resource_id: theirs.id, status: 200 });
      expect(events[1]).toMatchObject({ action: 'moveEnrollmentStep', resource_id: theirs.id, status: 200, detail: { stepKey: STEP_KEYS[1] } });
      expect(JSON.stringify(await t.dataSource.query('SELECT * FROM audit_events'))).not.toContain(note);
    });
  });
});
