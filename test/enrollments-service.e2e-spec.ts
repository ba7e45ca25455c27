import { Actor } from '../src/auth/actor';
import { Transactions } from '../src/database/transactions';
import { EnrollmentTimeline } from '../src/enrollments/enrollment-timeline';
import { EnrollmentsService } from '../src/enrollments/enrollments.service';
import { REBUILDING_TRUST_PROGRAM, REBUILDING_TRUST_PROGRAM_ID } from '../src/programs/built-in/rebuilding-trust';
import { Seed } from './support/seed';
import { startTestApp, TestApp } from './support/test-app';

const [FIRST, SECOND] = REBUILDING_TRUST_PROGRAM.steps;
const PRACTICE = FIRST.practices[0].key;

/** The enrollment rules against real rows, without HTTP: steps, the timeline, ticks and subjects. */
describe('EnrollmentsService on seeded rows', () => {
  let t: TestApp;
  let seed: Seed;
  let enrollments: EnrollmentsService;
  let organizationId: string;
  let owner: Actor;

  beforeAll(async () => {
    t = await startTestApp();
    seed = new Seed(t.dataSource);
    enrollments = t.app.get(EnrollmentsService);
    ({ organizationId } = await seed.organization());
    owner = (await seed.staff(organizationId, 'owner')).actor;
  });
  afterAll(() => t.close());

  const stepRow = async (enrollmentId: string, stepKey: string) => {
    const [row] = await t.dataSource.query(
      'SELECT status, started_at, completed_at, setbacks FROM enrollment_steps WHERE enrollment_id = $1 AND step_key = $2',
      [enrollmentId, stepKey],
    );
    return row as { status: string; started_at: Date | null; completed_at: Date | null; setbacks: number };
  };
  const eventRows = (enrollmentId: string): Promise<{ type: string; step_key: string | null; practice_key: string | null; data: Record<string, unknown> }[]> =>
    t.dataSource.query('SELECT type, step_key, practice_key, data FROM enrollment_events WHERE enrollment_id = $1 ORDER BY created_at, id', [
      enrollmentId,
    ]);
  const tickRows = async (enrollmentId: string): Promise<string[]> =>
    (await t.dataSource.query('SELECT client_id FROM enrollment_practice_ticks WHERE enrollment_id = $1 ORDER BY client_id', [enrollmentId])).map(
      (row: { client_id: string }) => row.client_id,
    );
  const enrollCouple = async () => {
    const couple = await seed.couple(organizationId);
    const enrollment = await enrollments.create(owner, { programId: REBUILDING_TRUST_PROGRAM_ID, coupleId: couple.id });
    return { couple, enrollment };
  };

  it('creates the enrollment with a not-started row for every step and an enrollment_created event', async () => {
    const { couple, enrollment } = await enrollCouple();
    const [row] = await t.dataSource.query('SELECT couple_id, client_id, status, program_key, program_version FROM enrollments WHERE id = $1', [
      enrollment.id,
    ]);
    expect(row).toEqual({ couple_id: couple.id, client_id: null, status: 'active', program_key: 'rebuilding-trust', program_version: 1 });
    const steps = await t.dataSource.query('SELECT step_key, status FROM enrollment_steps WHERE enrollment_id = $1', [enrollment.id]);
    expect(steps.map((s: { step_key: string }) => s.step_key).sort()).toEqual(REBUILDING_TRUST_PROGRAM.steps.map((s) => s.key).sort());
    expect(new Set(steps.map((s: { status: string }) => s.status))).toEqual(new Set(['not_started']));
    expect(await eventRows(enrollment.id)).toEqual([
      {
        type: 'enrollment_created',
        step_key: null,
        practice_key: null,
        data: { programKey: 'rebuilding-trust', programVersion: 1, subject: { type: 'couple', id: couple.id } },
      },
    ]);
  });

  it('starts and completes a step, bumping the enrollment version each time and recording both moves', async () => {
    const { enrollment } = await enrollCouple();
    const started = await enrollments.moveStep(owner, enrollment.id, FIRST.key, { status: 'in_progress' });
    expect(await stepRow(enrollment.id, FIRST.key)).toMatchObject({ status: 'in_progress', completed_at: null, setbacks: 0 });
    expect((await stepRow(enrollment.id, FIRST.key)).started_at).toBeInstanceOf(Date);
    const completed = await enrollments.moveStep(owner, enrollment.id, FIRST.key, { status: 'completed', note: 'Both named the hurt.' });
    expect(await stepRow(enrollment.id, FIRST.key)).toMatchObject({ status: 'completed', setbacks: 0 });
    expect([enrollment.version, started.version, completed.version]).toEqual([1, 2, 3]);
    expect(completed).toMatchObject({ currentStepKey: SECOND.key, progress: { completedSteps: 1, totalSteps: 7 } });
    expect((await eventRows(enrollment.id)).slice(1)).toEqual([
      { type: 'step_started', step_key: FIRST.key, practice_key: null, data: { from: 'not_started', to: 'in_progress' } },
      { type: 'step_completed', step_key: FIRST.key, practice_key: null, data: { from: 'in_progress', to: 'completed', note: 'Both named the hurt.' } },
    ]);
  });

  it('refuses completing a step that was never started, and changes nothing', async () => {
    const { enrollment } = await enrollCouple();
    await expect(enrollments.moveStep(owner, enrollment.id, SECOND.key, { status: 'completed' })).rejects.toMatchObject({
      code: 'STEP_NOT_STARTED',
    });
    expect(await stepRow(enrollment.id, SECOND.key)).toMatchObject({ status: 'not_started', started_at: null });
    expect((await eventRows(enrollment.id)).map((e) => e.type)).toEqual(['enrollment_created']);
    await expect(enrollments.moveStep(owner, enrollment.id, 'no-such-step', { status: 'in_progress' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
      detail: 'Step not found.',
    });
  });

  it('takes a setback only with a reason, keeps startedAt, clears completedAt and records the reason', async () => {
    const { enrollment } = await enrollCouple();
    await enrollments.moveStep(owner, enrollment.id, FIRST.key, { status: 'in_progress' });
    await enrollments.moveStep(owner, enrollment.id, FIRST.key, { status: 'completed' });
    const before = await stepRow(enrollment.id, FIRST.key);

    const refused = enrollments.moveStep(owner, enrollment.id, FIRST.key, { status: 'in_progress' });
    await expect(refused).rejects.toMatchObject({ code: 'VALIDATION_FAILED', options: { errors: [expect.objectContaining({ field: 'reason' })] } });
    expect(await stepRow(enrollment.id, FIRST.key)).toEqual(before);

    await enrollments.moveStep(owner, enrollment.id, FIRST.key, { status: 'in_progress', reason: 'Contact with the affair partner resumed' });
    expect(await stepRow(enrollment.id, FIRST.key)).toEqual({ ...before, status: 'in_progress', completed_at: null, setbacks: 1 });
    const events = await eventRows(enrollment.id);
    expect(events[events.length - 1]).toEqual({
      type: 'setback',
      step_key: FIRST.key,
      practice_key: null,
      data: { from: 'completed', to: 'in_progress', reason: 'Contact with the affair partner resumed' },
    });
  });

  it('keeps one open enrollment per subject and program, naming the existing one, until it ends', async () => {
    const client = await seed.client(organizationId);
    const first = await enrollments.create(owner, { programId: REBUILDING_TRUST_PROGRAM_ID, clientId: client.id });
    await expect(enrollments.create(owner, { programId: REBUILDING_TRUST_PROGRAM_ID, clientId: client.id })).rejects.toMatchObject({
      code: 'ENROLLMENT_EXISTS',
      status: 409,
      options: { extensions: { enrollmentId: first.id } },
    });
    await enrollments.update(owner, first.id, { status: 'paused' });
    await expect(enrollments.create(owner, { programId: REBUILDING_TRUST_PROGRAM_ID, clientId: client.id })).rejects.toMatchObject({
      code: 'ENROLLMENT_EXISTS',
    });
    await enrollments.update(owner, first.id, { status: 'withdrawn' });
    const second = await enrollments.create(owner, { programId: REBUILDING_TRUST_PROGRAM_ID, clientId: client.id });
    const rows = await t.dataSource.query('SELECT id, status FROM enrollments WHERE client_id = $1 ORDER BY created_at', [client.id]);
    expect(rows).toEqual([
      { id: first.id, status: 'withdrawn' },
      { id: second.id, status: 'active' },
    ]);
  });

  it('refuses to enroll an archived client or couple, and inserts nothing', async () => {
    const client = await seed.client(organizationId, { archivedAt: new Date() });
    const couple = await seed.couple(organizationId, undefined, { archivedAt: new Date() });
    await expect(enrollments.create(owner, { programId: REBUILDING_TRUST_PROGRAM_ID, clientId: client.id })).rejects.toMatchObject({
      code: 'SUBJECT_ARCHIVED',
      detail: 'The client is archived; restore it before enrolling it.',
    });
    await expect(enrollments.create(owner, { programId: REBUILDING_TRUST_PROGRAM_ID, coupleId: couple.id })).rejects.toMatchObject({
      code: 'SUBJECT_ARCHIVED',
      detail: 'The couple is archived; restore it before enrolling it.',
    });
    const [{ count }] = await t.dataSource.query('SELECT count(*)::int AS count FROM enrollments WHERE client_id = $1 OR couple_id = $2', [
      client.id,
      couple.id,
    ]);
    expect(count).toBe(0);
  });

  it('ticks a practice per partner viewpoint, recording only the viewpoints that changed', async () => {
    const { couple, enrollment } = await enrollCouple();
    const { partnerAId: a, partnerBId: b } = couple;
    await enrollments.tickPractice(owner, enrollment.id, FIRST.key, PRACTICE, { done: true, partnerIds: [a] });
    expect(await tickRows(enrollment.id)).toEqual([a]);
    const both = await enrollments.tickPractice(owner, enrollment.id, FIRST.key, PRACTICE, { done: true });
    expect(await tickRows(enrollment.id)).toEqual([a, b].sort());
    const again = await enrollments.tickPractice(owner, enrollment.id, FIRST.key, PRACTICE, { done: true });
    expect(again.version).toBe(both.version);
    await enrollments.tickPractice(owner, enrollment.id, FIRST.key, PRACTICE, { done: false, partnerIds: [a.toUpperCase()] });
    expect(await tickRows(enrollment.id)).toEqual([b]);

    expect((await eventRows(enrollment.id)).slice(1)).toEqual([
      { type: 'practice_ticked', step_key: FIRST.key, practice_key: PRACTICE, data: { partnerIds: [a] } },
      { type: 'practice_ticked', step_key: FIRST.key, practice_key: PRACTICE, data: { partnerIds: [b] } },
      { type: 'practice_unticked', step_key: FIRST.key, practice_key: PRACTICE, data: { partnerIds: [a] } },
    ]);
    const [row] = await t.dataSource.query('SELECT ticked_by_type, ticked_by_id FROM enrollment_practice_ticks WHERE enrollment_id = $1', [
      enrollment.id,
    ]);
    expect(row).toEqual({ ticked_by_type: 'user', ticked_by_id: owner.id });
  });

  it('refuses a viewpoint that is not the enrollment’s, and a practice its step does not have', async () => {
    const { enrollment } = await enrollCouple();
    const stranger = await seed.client(organizationId);
    await expect(
      enrollments.tickPractice(owner, enrollment.id, FIRST.key, PRACTICE, { done: true, partnerIds: [stranger.id] }),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED', options: { errors: [{ field: 'partnerIds', message: 'must be partners of the enrolled couple' }] } });
    await expect(enrollments.tickPractice(owner, enrollment.id, FIRST.key, SECOND.practices[0].key, { done: true })).rejects.toMatchObject({
      code: 'NOT_FOUND',
      detail: 'Practice not found.',
    });
    expect(await tickRows(enrollment.id)).toEqual([]);

    const client = await seed.client(organizationId);
    const own = await enrollments.create(owner, { programId: REBUILDING_TRUST_PROGRAM_ID, clientId: client.id });
    await expect(
      enrollments.tickPractice(owner, own.id, FIRST.key, PRACTICE, { done: true, partnerIds: [stranger.id] }),
    ).rejects.toMatchObject({ options: { errors: [{ field: 'partnerIds', message: 'must be the enrolled client' }] } });
    await enrollments.tickPractice(owner, own.id, FIRST.key, PRACTICE, { done: true, note: 'Wrote the letter.' });
    expect(await tickRows(own.id)).toEqual([client.id]);
  });

  it('records a note alone as note_added when the tick changes nothing', async () => {
    const { enrollment } = await enrollCouple();
    const same = await enrollments.tickPractice(owner, enrollment.id, FIRST.key, PRACTICE, { done: false, note: 'Not yet, by their own account.' });
    expect(same.version).toBe(enrollment.version + 1);
    expect((await eventRows(enrollment.id)).slice(1)).toEqual([
      { type: 'note_added', step_key: FIRST.key, practice_key: PRACTICE, data: { note: 'Not yet, by their own account.' } },
    ]);
  });

  it('lets only an active enrollment progress, and completes it only when every step is', async () => {
    const { enrollment } = await enrollCouple();
    await enrollments.update(owner, enrollment.id, { status: 'paused' });
    await expect(enrollments.moveStep(owner, enrollment.id, FIRST.key, { status: 'in_progress' })).rejects.toMatchObject({
      code: 'ENROLLMENT_NOT_ACTIVE',
    });
    await expect(enrollments.tickPractice(owner, enrollment.id, FIRST.key, PRACTICE, { done: true })).rejects.toMatchObject({
      code: 'ENROLLMENT_NOT_ACTIVE',
    });
    await expect(enrollments.update(owner, enrollment.id, { status: 'completed' })).rejects.toMatchObject({ code: 'ENROLLMENT_INCOMPLETE' });
    await enrollments.update(owner, enrollment.id, { status: 'active' });
    for (const step of REBUILDING_TRUST_PROGRAM.steps) {
      await enrollments.moveStep(owner, enrollment.id, step.key, { status: 'in_progress' });
      await enrollments.moveStep(owner, enrollment.id, step.key, { status: 'completed' });
    }
    const done = await enrollments.update(owner, enrollment.id, { status: 'completed' });
    expect(done).toMatchObject({ status: 'completed', currentStepKey: null, progress: { completedSteps: 7, share: 1 } });
    const [row] = await t.dataSource.query('SELECT status, completed_at FROM enrollments WHERE id = $1', [enrollment.id]);
    expect(row.status).toBe('completed');
    expect(row.completed_at).toBeInstanceOf(Date);
    const statusEvents = (await eventRows(enrollment.id)).filter((e) => e.type === 'status_changed').map((e) => e.data);
    expect(statusEvents).toEqual([
      { from: 'active', to: 'paused' },
      { from: 'paused', to: 'active' },
      { from: 'active', to: 'completed' },
    ]);
  });

  it('gives a practitioner only the enrollments of their caseload', async () => {
    const practitioner = await seed.staff(organizationId, 'practitioner');
    const mine = await enrollCouple();
    const theirs = await enrollCouple();
    await seed.careTeam('couple', organizationId, mine.couple.id, practitioner.id);
    const page = await enrollments.list(practitioner.actor, { limit: 100, includeArchived: false });
    expect(page.data.map((e) => e.id)).toEqual([mine.enrollment.id]);
    await expect(enrollments.get(practitioner.actor, theirs.enrollment.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  describe('the timeline other features write to', () => {
    it('finds a subject’s open enrollments oldest first, and appends inside the caller’s transaction', async () => {
      const timeline = t.app.get(EnrollmentTimeline);
      const db = t.app.get(Transactions);
      const client = await seed.client(organizationId);
      const ended = await enrollments.create(owner, { programId: REBUILDING_TRUST_PROGRAM_ID, clientId: client.id });
      await enrollments.update(owner, ended.id, { status: 'withdrawn' });
      const open = await enrollments.create(owner, { programId: REBUILDING_TRUST_PROGRAM_ID, clientId: client.id });
      expect(await timeline.activeEnrollmentsOf(organizationId, { clientId: client.id })).toEqual([
        { id: open.id, programId: REBUILDING_TRUST_PROGRAM_ID, programKey: 'rebuilding-trust', programVersion: 1, status: 'active', coupleId: null, clientId: client.id },
      ]);

      const occurredAt = new Date('2026-01-05T10:00:00Z');
      const entry = { organizationId, enrollmentId: open.id, type: 'session_completed' as const, actor: { type: 'system' as const, id: null }, occurredAt };
      await expect(
        db.run(async () => {
          await timeline.append(entry);
          throw new Error('the session could not be completed');
        }),
      ).rejects.toThrow('the session could not be completed');
      expect((await eventRows(open.id)).map((e) => e.type)).toEqual(['enrollment_created']);

      const event = await timeline.append({ ...entry, source: { type: 'session', id: open.id } });
      expect(event).toMatchObject({ type: 'session_completed', occurredAt, actorType: 'system', actorId: null, sourceType: 'session', data: {} });
      expect(event.createdAt.getTime()).toBeGreaterThan(occurredAt.getTime());
    });
  });
});
