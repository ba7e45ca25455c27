import { randomBytes, randomUUID } from 'node:crypto';
import { AuditWriter } from '../src/audit/audit.writer';
import { loadConfig } from '../src/config/app-config';
import { ENCRYPTED_COLUMNS } from '../src/notes/encrypted-columns.repository';
import { NoteCipherService } from '../src/notes/note-cipher.service';
import { NoteRekeying } from '../src/notes/note-rekeying.service';
import { secretAad } from '../src/webhooks/webhooks.service';
import { REBUILDING_TRUST_PROGRAM_ID } from '../src/programs/built-in/rebuilding-trust';
import { addApiKey, addStaff, bearer, createClient, Org, signupOrganization, Staff } from './support/factories';
import { expectProblem } from './support/problem';
import { startTestApp, TestApp } from './support/test-app';

type Headers = Record<string, string>;

/** A distinct day per call, from `start`, so tests never book the same lead at the same time by accident. */
function daysFrom(start: number): () => (hour: number, minute?: number) => string {
  let counter = 0;
  return () => {
    const day = new Date(start + counter++ * 86_400_000).toISOString().slice(0, 10);
    return (hour, minute = 0) => `${day}T${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}:00.000Z`;
  };
}
/** A far-future day: for sessions that are scheduled, moved or cancelled. */
const newDay = daysFrom(Date.UTC(2031, 0, 1));
/** A past day: for sessions that are completed, which only a session that has started can be. */
const pastDay = daysFrom(Date.UTC(2021, 0, 1));

async function screen(t: TestApp, as: Headers, clientId: string, result: 'clear' | 'concern' | 'unsafe') {
  const res = await t.http.post(`/v1/clients/${clientId}/safety-screenings`).set(as).send({ result });
  if (res.status !== 201) throw new Error(`screening: ${res.status} ${res.text}`);
}

async function schedule(t: TestApp, as: Headers, body: Record<string, unknown>) {
  const res = await t.http.post('/v1/sessions').set(as).send({ durationMinutes: 50, modality: 'in_person', ...body });
  if (res.status !== 201) throw new Error(`schedule: ${res.status} ${res.text}`);
  return res.body as { id: string; version: number };
}

const NOTE_TEXT = 'Partner disclosed the affair began in March; both agreed to weekly check-ins.';

describe('sessions', () => {
  let t: TestApp;
  let org: Org;
  let owner: Headers;
  let admin: Staff;
  let practitioner: Staff;
  let outsider: Staff;
  let facilitator: Staff;
  let readonlyKey: Headers;
  let integrationKey: Headers;
  let client: { id: string };
  let couple: { id: string; partners: { id: string }[] };
  let group: { id: string };
  let members: { id: string }[];

  beforeAll(async () => {
    t = await startTestApp();
    org = await signupOrganization(t);
    owner = bearer(org.owner.token);
    admin = await addStaff(t, org, 'admin');
    practitioner = await addStaff(t, org, 'practitioner');
    outsider = await addStaff(t, org, 'practitioner');
    facilitator = await addStaff(t, org, 'facilitator');
    readonlyKey = { 'X-API-Key': (await addApiKey(t, org, 'readonly')).key };
    integrationKey = { 'X-API-Key': (await addApiKey(t, org, 'integration')).key };
    const as = bearer(practitioner.token);
    client = await createClient(t, as);
    const a = await createClient(t, as);
    const b = await createClient(t, as);
    const res = await t.http.post('/v1/couples').set(as).send({ partnerIds: [a.id, b.id] });
    couple = { id: res.body.id, partners: [a, b] };
    group = (await t.http.post('/v1/groups').set(bearer(facilitator.token)).send({ name: 'Tuesday circle' })).body;
    members = [await createClient(t, owner), await createClient(t, owner)];
    for (const m of members) await t.http.put(`/v1/groups/${group.id}/members/${m.id}`).set(bearer(facilitator.token));
  });
  afterAll(() => t.close());

  const complete = (as: Headers, id: string, body: Record<string, unknown> = {}) =>
    t.http.post(`/v1/sessions/${id}/complete`).set(as).send({
      attendance: [{ clientId: client.id, attended: true }],
      stepsAddressed: ['acknowledge-the-hurt'],
      note: { format: 'free_text', text: NOTE_TEXT },
      ...body,
    });

  describe('scheduling', () => {
    it('schedules an individual session and reads it back', async () => {
      const at = newDay();
      const res = await t.http.post('/v1/sessions').set(bearer(practitioner.token)).send({
        kind: 'individual',
        clientId: client.id,
        startsAt: at(9),
        durationMinutes: 50,
        modality: 'video',
        location: 'https://video.example.org/room/7',
        plannedStepKeys: ['acknowledge-the-hurt', 'open-honest-communication'],
      });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        kind: 'individual',
        clientId: client.id,
        coupleId: null,
        groupId: null,
        leadUserId: practitioner.id,
        startsAt: at(9),
        endsAt: at(9, 50),
        status: 'scheduled',
        note: null,
        noteRedacted: false,
        addenda: [],
        version: 1,
      });
      const read = await t.http.get(`/v1/sessions/${res.body.id}`).set(bearer(practitioner.token));
      expect(read.headers.etag).toBe('"1"');
      expect(read.body).toEqual(res.body);
    });

    it('refuses bad input and changes nothing', async () => {
      const before = (await t.dataSource.query('SELECT count(*)::int AS n FROM therapy_sessions'))[0].n;
      const at = newDay();
      const bad = await t.http.post('/v1/sessions').set(owner).send({
        kind: 'individual',
        startsAt: '2031-01-01T09:00:00',
        durationMinutes: 4,
        modality: 'carrier-pigeon',
        plannedStepKeys: ['not-a-step'],
      });
      const body = expectProblem(bad, 400, 'VALIDATION_FAILED');
      expect([...new Set((body.errors as { field: string }[]).map((e) => e.field))].sort()).toEqual([
        'clientId',
        'durationMinutes',
        'modality',
        'plannedStepKeys',
        'startsAt',
      ]);
      const mixed = await t.http
        .post('/v1/sessions')
        .set(owner)
        .send({ kind: 'individual', coupleId: couple.id, startsAt: at(9), durationMinutes: 50, modality: 'phone' });
      const mixedBody = expectProblem(mixed, 400, 'VALIDATION_FAILED');
      expect((mixedBody.errors as { field: string }[]).map((e) => e.field).sort()).toEqual(['clientId', 'coupleId']);
      expectProblem(
        await t.http.post('/v1/sessions').set(owner).send({ kind: 'individual', clientId: client.id, leadUserId: facilitator.id, startsAt: at(9), durationMinutes: 50, modality: 'phone' }),
        400,
        'VALIDATION_FAILED',
      );
      expectProblem(
        await t.http.post('/v1/sessions').set(owner).send({ kind: 'individual', clientId: client.id, leadUserId: outsider.id, startsAt: at(9), durationMinutes: 50, modality: 'phone' }),
        400,
        'VALIDATION_FAILED',
      );
      expect((await t.dataSource.query('SELECT count(*)::int AS n FROM therapy_sessions'))[0].n).toBe(before);
    });

    it('never double-books a lead: 409 naming the clashing session; back-to-back and cancelled slots are fine', async () => {
      const at = newDay();
      const as = bearer(practitioner.token);
      const first = await schedule(t, as, { kind: 'individual', clientId: client.id, startsAt: at(10), durationMinutes: 60 });
      const clash = await t.http.post('/v1/sessions').set(as).send({ kind: 'individual', clientId: client.id, startsAt: at(10, 30), durationMinutes: 60, modality: 'video' });
      const problem = expectProblem(clash, 409, 'SESSION_OVERLAP');
      expect(problem.conflictingSessionId).toBe(first.id);
      const inside = await t.http.post('/v1/sessions').set(owner).send({ kind: 'individual', clientId: client.id, leadUserId: practitioner.id, startsAt: at(10, 10), durationMinutes: 5, modality: 'phone' });
      expect(expectProblem(inside, 409, 'SESSION_OVERLAP').conflictingSessionId).toBe(first.id);
      const next = await schedule(t, as, { kind: 'individual', clientId: client.id, startsAt: at(11), durationMinutes: 30 });
      const moved = await t.http.patch(`/v1/sessions/${next.id}`).set(as).send({ startsAt: at(10, 45) });
      expect(expectProblem(moved, 409, 'SESSION_OVERLAP').conflictingSessionId).toBe(first.id);
      const longer = await t.http.patch(`/v1/sessions/${first.id}`).set(as).send({ durationMinutes: 90 });
      expect(expectProblem(longer, 409, 'SESSION_OVERLAP').conflictingSessionId).toBe(next.id);
      // Someone else may take the same hour.
      await schedule(t, owner, { kind: 'individual', clientId: client.id, startsAt: at(10), durationMinutes: 60 });
      const cancelled = await t.http.patch(`/v1/sessions/${first.id}`).set(as).send({ status: 'cancelled', cancelledReason: 'Client unwell' });
      expect(cancelled.body).toMatchObject({ status: 'cancelled', cancelledReason: 'Client unwell' });
      await schedule(t, as, { kind: 'individual', clientId: client.id, startsAt: at(10, 30), durationMinutes: 30 });
      expectProblem(await t.http.patch(`/v1/sessions/${first.id}`).set(as).send({ location: 'Room 2' }), 409, 'SESSION_NOT_SCHEDULED');
    });

    it('keeps one booking of a slot when many are sent at once', async () => {
      const at = newDay();
      const results = await Promise.all(
        Array.from({ length: 6 }, () =>
          t.http.post('/v1/sessions').set(bearer(practitioner.token)).send({ kind: 'individual', clientId: client.id, startsAt: at(14), durationMinutes: 50, modality: 'video' }),
        ),
      );
      const created = results.filter((r) => r.status === 201);
      expect(created).toHaveLength(1);
      for (const r of results.filter((res) => res.status !== 201)) {
        expect(expectProblem(r, 409, 'SESSION_OVERLAP').conflictingSessionId).toBe(created[0].body.id);
      }
    });

    it('archives a scheduled session, which frees its slot, and restores it only while the slot is free', async () => {
      const at = newDay();
      const as = bearer(practitioner.token);
      const session = await schedule(t, as, { kind: 'individual', clientId: client.id, startsAt: at(9) });
      expect((await t.http.delete(`/v1/sessions/${session.id}`).set(as)).body.archivedAt).not.toBeNull();
      const taken = await schedule(t, as, { kind: 'individual', clientId: client.id, startsAt: at(9) });
      expect(expectProblem(await t.http.post(`/v1/sessions/${session.id}/restore`).set(as), 409, 'SESSION_OVERLAP').conflictingSessionId).toBe(taken.id);
      await t.http.patch(`/v1/sessions/${taken.id}`).set(as).send({ status: 'cancelled' });
      expect((await t.http.post(`/v1/sessions/${session.id}/restore`).set(as)).body.archivedAt).toBeNull();
    });

    it('filters lists by time range, staff member, client, couple, group, kind and status', async () => {
      const at = newDay();
      const as = bearer(practitioner.token);
      const morning = await schedule(t, as, { kind: 'individual', clientId: client.id, startsAt: at(8) });
      const noon = await schedule(t, owner, { kind: 'individual', clientId: client.id, startsAt: at(12) });
      const range = { from: at(0), to: at(23, 59) };
      const ids = async (query: Record<string, string>) =>
        (await t.http.get('/v1/sessions').query({ ...range, limit: 100, ...query }).set(owner)).body.data.map((s: { id: string }) => s.id);
      expect((await ids({})).sort()).toEqual([morning.id, noon.id].sort());
      expect(await ids({ to: at(9) })).toEqual([morning.id]);
      expect(await ids({ staffId: practitioner.id })).toEqual([morning.id]);
      expect(await ids({ staffId: 'me' })).toEqual([noon.id]);
      expect((await ids({ clientId: client.id })).sort()).toEqual([morning.id, noon.id].sort());
      expect(await ids({ clientId: members[0].id })).toEqual([]);
      expect(await ids({ kind: 'couple' })).toEqual([]);
      await t.http.patch(`/v1/sessions/${noon.id}`).set(owner).send({ status: 'no_show' });
      expect(await ids({ status: 'no_show' })).toEqual([noon.id]);
      const groupSession = await schedule(t, bearer(facilitator.token), { kind: 'group', groupId: group.id, startsAt: at(18) });
      expect(await ids({ groupId: group.id })).toEqual([groupSession.id]);
      expect(await ids({ clientId: members[1].id })).toEqual([groupSession.id]);
      expectProblem(await t.http.get('/v1/sessions').query({ from: 'yesterday' }).set(owner), 400, 'VALIDATION_FAILED');
    });

    it('replays a create with the same Idempotency-Key', async () => {
      const at = newDay();
      const key = randomUUID();
      const body = { kind: 'individual', clientId: client.id, startsAt: at(9), durationMinutes: 50, modality: 'phone' };
      const first = await t.http.post('/v1/sessions').set(bearer(practitioner.token)).set('Idempotency-Key', key).send(body);
      const second = await t.http.post('/v1/sessions').set(bearer(practitioner.token)).set('Idempotency-Key', key).send(body);
      expect(first.status).toBe(201);
      expect(second.body).toEqual(first.body);
      expect(second.headers['idempotency-replayed']).toBe('true');
    });
  });

  describe('the couple safety gate', () => {
    let gated: { id: string; partners: { id: string }[] };

    beforeAll(async () => {
      const as = bearer(practitioner.token);
      const a = await createClient(t, as);
      const b = await createClient(t, as);
      gated = { id: (await t.http.post('/v1/couples').set(as).send({ partnerIds: [a.id, b.id] })).body.id, partners: [a, b] };
    });

    const book = (as: Headers, body: Record<string, unknown> = {}) =>
      t.http.post('/v1/sessions').set(as).send({ kind: 'couple', coupleId: gated.id, leadUserId: practitioner.id, startsAt: newDay()(9), durationMinutes: 60, modality: 'in_person', ...body });

    it('refuses a couple session while a partner has no screening, or the latest is unsafe', async () => {
      const missing = expectProblem(await book(bearer(practitioner.token)), 409, 'SAFETY_SCREENING_REQUIRED');
      expect(missing.safetyStatus).toBe('missing');
      expect(missing.detail).toMatch(/no safety screening/);
      await screen(t, bearer(practitioner.token), gated.partners[0].id, 'clear');
      expect(expectProblem(await book(bearer(practitioner.token)), 409, 'SAFETY_SCREENING_REQUIRED').safetyStatus).toBe('missing');
      await screen(t, bearer(practitioner.token), gated.partners[1].id, 'unsafe');
      const unsafe = expectProblem(await book(bearer(practitioner.token)), 409, 'SAFETY_SCREENING_REQUIRED');
      expect(unsafe.safetyStatus).toBe('unsafe');
      expect(unsafe.detail).toMatch(/unsafe/);
      expect(await t.dataSource.query('SELECT id FROM therapy_sessions WHERE couple_id = $1', [gated.id])).toEqual([]);
    });

    it('lets only an owner or admin override, with a reason kept on the session and an audit event without it', async () => {
      const reason = 'Risk assessed in person; joint session with safety plan in place.';
      expectProblem(await book(bearer(practitioner.token), { safetyOverride: { reason } }), 403, 'FORBIDDEN');
      expectProblem(await book(integrationKey, { safetyOverride: { reason } }), 403, 'FORBIDDEN');
      expectProblem(await book(bearer(admin.token), { safetyOverride: { reason: '' } }), 400, 'VALIDATION_FAILED');
      const res = await book(bearer(admin.token), { safetyOverride: { reason } });
      expect(res.status).toBe(201);
      expect(res.body.safetyOverride).toEqual({ byUserId: admin.id, reason });
      const [row] = await t.dataSource.query('SELECT safety_override_reason, safety_override_by_user_id FROM therapy_sessions WHERE id = $1', [res.body.id]);
      expect(row).toEqual({ safety_override_reason: reason, safety_override_by_user_id: admin.id });
      await t.app.get(AuditWriter).drain();
      const events = await t.dataSource.query(`SELECT * FROM audit_events WHERE action = 'overrideSafetyGate' AND resource_id = $1`, [res.body.id]);
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({ actor_id: admin.id, resource_type: 'sessions', status: 201, detail: { coupleId: gated.id } });
      expect(JSON.stringify(await t.dataSource.query('SELECT * FROM audit_events'))).not.toContain('Risk assessed');
      // Readers who may not see notes do not see the reason either.
      expect((await t.http.get(`/v1/sessions/${res.body.id}`).set(readonlyKey)).body.safetyOverride).toEqual({ byUserId: admin.id, reason: null });
    });

    it('checks the gate again when a couple session is moved', async () => {
      const as = bearer(practitioner.token);
      await screen(t, as, gated.partners[1].id, 'concern');
      const session = (await book(as)).body;
      expect(session.safetyOverride).toBeNull();
      await screen(t, as, gated.partners[0].id, 'unsafe');
      expectProblem(await t.http.patch(`/v1/sessions/${session.id}`).set(as).send({ startsAt: newDay()(15) }), 409, 'SAFETY_SCREENING_REQUIRED');
      expect((await t.http.patch(`/v1/sessions/${session.id}`).set(as).send({ location: 'Room 4' })).status).toBe(200);
      const overridden = await t.http.patch(`/v1/sessions/${session.id}`).set(owner).send({ startsAt: newDay()(15), safetyOverride: { reason: 'Reviewed' } });
      expect(overridden.status).toBe(200);
      expect(overridden.body.safetyOverride.byUserId).toBe(org.owner.id);
    });
  });

  describe('completing, notes and addenda', () => {
    let session: { id: string };

    beforeAll(async () => {
      session = await schedule(t, bearer(practitioner.token), { kind: 'individual', clientId: client.id, startsAt: pastDay()(9) });
    });

    it('refuses attendance that is not exactly the participants, and notes missing or mixing fields', async () => {
      const as = bearer(practitioner.token);
      const fields = async (body: Record<string, unknown>) =>
        [...new Set((expectProblem(await complete(as, session.id, body), 400, 'VALIDATION_FAILED').errors as { field: string }[]).map((e) => e.field))].sort();
      expect(await fields({ attendance: [] })).toEqual(['attendance']);
      expect(await fields({ attendance: [{ clientId: members[0].id, attended: true }] })).toEqual(['attendance']);
      expect(await fields({ attendance: [{ clientId: client.id, attended: true }, { clientId: client.id, attended: false }] })).toEqual(['attendance']);
      expect(await fields({ note: { format: 'soap', subjective: 'x', text: 'y' } })).toEqual(['note.assessment', 'note.objective', 'note.plan', 'note.text']);
      expect(await fields({ stepsAddressed: ['nope'] })).toEqual(['stepsAddressed']);
      expect((await t.dataSource.query('SELECT status FROM therapy_sessions WHERE id = $1', [session.id]))[0].status).toBe('scheduled');
    });

    it('lets only staff who may read the note complete the session', async () => {
      expectProblem(await complete(integrationKey, session.id), 403, 'FORBIDDEN');
      expectProblem(await complete(readonlyKey, session.id), 403, 'FORBIDDEN');
      expectProblem(await complete(bearer(outsider.token), session.id), 404, 'NOT_FOUND');
      expectProblem(await complete(bearer(facilitator.token), session.id), 404, 'NOT_FOUND');
    });

    it('completes with a signed note that the database holds only encrypted', async () => {
      const res = await complete(bearer(practitioner.token), session.id, { stepsAddressed: ['acknowledge-the-hurt', 'apologize-sincerely'] });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        status: 'completed',
        attendance: [{ clientId: client.id, attended: true }],
        stepsAddressed: ['acknowledge-the-hurt', 'apologize-sincerely'],
        signedByUserId: practitioner.id,
        note: { format: 'free_text', text: NOTE_TEXT },
        noteRedacted: false,
        version: 2,
      });
      expect(res.body.signedAt).not.toBeNull();
      expect(res.body.completedAt).not.toBeNull();

      const [row] = await t.dataSource.query('SELECT note_ciphertext FROM therapy_sessions WHERE id = $1', [session.id]);
      expect(row.note_ciphertext).toMatch(/^v1:local-1:[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+$/);
      expect(row.note_ciphertext).not.toContain('affair');
      const everything = JSON.stringify([
        await t.dataSource.query('SELECT * FROM therapy_sessions'),
        await t.dataSource.query('SELECT * FROM idempotency_keys'),
        await t.dataSource.query('SELECT * FROM audit_events'),
      ]);
      expect(everything).not.toContain('affair');
    });

    it('answers an identical retry with the same session, and refuses a different one', async () => {
      const first = await t.http.get(`/v1/sessions/${session.id}`).set(bearer(practitioner.token));
      const again = await complete(bearer(practitioner.token), session.id, { stepsAddressed: ['acknowledge-the-hurt', 'apologize-sincerely'] });
      expect(again.status).toBe(200);
      expect(again.body).toEqual(first.body);
      expectProblem(await complete(bearer(practitioner.token), session.id, { note: { format: 'free_text', text: 'Rewritten' } }), 409, 'SESSION_LOCKED');
      expectProblem(await complete(owner, session.id, { stepsAddressed: ['acknowledge-the-hurt', 'apologize-sincerely'] }), 409, 'SESSION_LOCKED');
    });

    it('locks the completed session against every change but addenda', async () => {
      expectProblem(await t.http.patch(`/v1/sessions/${session.id}`).set(owner).send({ location: 'x' }), 409, 'SESSION_LOCKED');
      expectProblem(await t.http.patch(`/v1/sessions/${session.id}`).set(owner).send({ status: 'cancelled' }), 409, 'SESSION_LOCKED');
      expectProblem(await t.http.delete(`/v1/sessions/${session.id}`).set(owner), 409, 'SESSION_LOCKED');
      await expect(t.dataSource.query(`UPDATE therapy_sessions SET steps_addressed = '{}' WHERE id = $1`, [session.id])).rejects.toThrow(/locked/);
      await expect(t.dataSource.query(`DELETE FROM therapy_sessions WHERE id = $1`, [session.id])).rejects.toThrow(/locked/);
      const other = await schedule(t, owner, { kind: 'individual', clientId: client.id, startsAt: newDay()(9) });
      expectProblem(await t.http.post(`/v1/sessions/${other.id}/addenda`).set(owner).send({ text: 'x' }), 409, 'SESSION_NOT_COMPLETED');
      await t.http.patch(`/v1/sessions/${other.id}`).set(owner).send({ status: 'cancelled' });
      expectProblem(await complete(owner, other.id), 409, 'SESSION_NOT_SCHEDULED');
    });

    it('refuses to complete a session that has not started yet, with 409 SESSION_NOT_STARTED, and changes nothing', async () => {
      const as = bearer(practitioner.token);
      const enrollment = await t.http.post('/v1/enrollments').set(as).send({ programId: REBUILDING_TRUST_PROGRAM_ID, clientId: client.id });
      expect(enrollment.status).toBe(201);
      const upcoming = await schedule(t, as, { kind: 'individual', clientId: client.id, startsAt: new Date(Date.now() + 3_600_000).toISOString() });
      const refused = expectProblem(await complete(as, upcoming.id), 409, 'SESSION_NOT_STARTED');
      expect(refused.detail).toMatch(/has not started/);
      const read = await t.http.get(`/v1/sessions/${upcoming.id}`).set(as);
      expect(read.body).toMatchObject({ status: 'scheduled', version: upcoming.version, completedAt: null, signedAt: null, note: null });
      const events = await t.http.get(`/v1/enrollments/${enrollment.body.id}/events`).set(as);
      expect(events.body.data.map((e: { type: string }) => e.type)).toEqual(['enrollment_created']);
      await t.http.patch(`/v1/enrollments/${enrollment.body.id}`).set(as).send({ status: 'withdrawn' });
    });

    it('shows the note to the owner, an admin and the practitioner on the care team only', async () => {
      for (const as of [owner, bearer(admin.token), bearer(practitioner.token)]) {
        const read = await t.http.get(`/v1/sessions/${session.id}`).set(as);
        expect(read.body).toMatchObject({ note: { format: 'free_text', text: NOTE_TEXT }, noteRedacted: false });
      }
      for (const as of [readonlyKey, integrationKey]) {
        const read = await t.http.get(`/v1/sessions/${session.id}`).set(as);
        expect(read.status).toBe(200);
        expect(read.body).toMatchObject({ status: 'completed', note: null, noteRedacted: true, addenda: [] });
        expect(read.text).not.toContain('affair');
        const list = await t.http.get('/v1/sessions').query({ clientId: client.id, limit: 100 }).set(as);
        expect(list.body.data.length).toBeGreaterThan(1);
        expect(list.text).not.toContain('affair');
        for (const s of list.body.data) expect(s.noteRedacted).toBe(true);
      }
      expectProblem(await t.http.get(`/v1/sessions/${session.id}`).set(bearer(outsider.token)), 404, 'NOT_FOUND');
      expectProblem(await t.http.get(`/v1/sessions/${session.id}`).set(bearer(facilitator.token)), 404, 'NOT_FOUND');
      // Off the care team, the practitioner loses the note but, as its lead, keeps the session.
      await t.http.delete(`/v1/clients/${client.id}/care-team/${practitioner.id}`).set(owner);
      const off = await t.http.get(`/v1/sessions/${session.id}`).set(bearer(practitioner.token));
      expect(off.body).toMatchObject({ note: null, noteRedacted: true });
      await t.http.put(`/v1/clients/${client.id}/care-team/${practitioner.id}`).set(owner);
    });

    it('adds signed addenda, never edits, and keeps their text encrypted too', async () => {
      const text = 'Addendum: client called to clarify the March timeline.';
      const key = randomUUID();
      const res = await t.http.post(`/v1/sessions/${session.id}/addenda`).set(bearer(practitioner.token)).set('Idempotency-Key', key).send({ text });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ sessionId: session.id, authorUserId: practitioner.id, version: 1 });
      expect(res.body.text).toBeUndefined();
      const replay = await t.http.post(`/v1/sessions/${session.id}/addenda`).set(bearer(practitioner.token)).set('Idempotency-Key', key).send({ text });
      expect(replay.body).toEqual(res.body);
      await t.http.post(`/v1/sessions/${session.id}/addenda`).set(owner).send({ text: 'Second addendum.' });

      const read = await t.http.get(`/v1/sessions/${session.id}`).set(bearer(practitioner.token));
      expect(read.body.note.text).toBe(NOTE_TEXT);
      expect(read.body.addenda.map((a: { text: string; authorUserId: string }) => [a.text, a.authorUserId])).toEqual([
        [text, practitioner.id],
        ['Second addendum.', org.owner.id],
      ]);
      expect(read.body.addenda[0].signedAt).not.toBeNull();

      const rows: { text_ciphertext: string }[] = await t.dataSource.query('SELECT text_ciphertext FROM session_addenda WHERE session_id = $1', [session.id]);
      expect(rows).toHaveLength(2);
      for (const row of rows) expect(row.text_ciphertext).toMatch(/^v1:local-1:/);
      const stored = JSON.stringify([await t.dataSource.query('SELECT * FROM session_addenda'), await t.dataSource.query('SELECT * FROM idempotency_keys')]);
      expect(stored).not.toContain('March timeline');
      await expect(t.dataSource.query(`UPDATE session_addenda SET author_user_id = $1 WHERE session_id = $2`, [org.owner.id, session.id])).rejects.toThrow(/append-only/);
      await expect(t.dataSource.query(`DELETE FROM session_addenda WHERE session_id = $1`, [session.id])).rejects.toThrow(/append-only/);

      expectProblem(await t.http.post(`/v1/sessions/${session.id}/addenda`).set(integrationKey).send({ text: 'x' }), 403, 'FORBIDDEN');
      expectProblem(await t.http.post(`/v1/sessions/${session.id}/addenda`).set(readonlyKey).send({ text: 'x' }), 403, 'FORBIDDEN');
      expectProblem(await t.http.post(`/v1/sessions/${session.id}/addenda`).set(bearer(outsider.token)).send({ text: 'x' }), 404, 'NOT_FOUND');
    });

    it('keeps SOAP and DAP notes in their structure', async () => {
      const soap = { format: 'soap', subjective: 'Feels unheard.', objective: 'Tearful.', assessment: 'Progressing.', plan: 'Continue step 2.' };
      const s1 = await schedule(t, bearer(practitioner.token), { kind: 'individual', clientId: client.id, startsAt: pastDay()(9) });
      expect((await complete(bearer(practitioner.token), s1.id, { note: soap })).body.note).toEqual(soap);
      const dap = { format: 'dap', data: 'Discussed boundaries.', assessment: 'Engaged.', plan: 'Homework.' };
      const s2 = await schedule(t, bearer(practitioner.token), { kind: 'individual', clientId: client.id, startsAt: pastDay()(9) });
      expect((await complete(bearer(practitioner.token), s2.id, { note: dap })).body.note).toEqual(dap);
    });

    it('refuses to show a ciphertext moved onto another session (bound to its record)', async () => {
      const s1 = await schedule(t, owner, { kind: 'individual', clientId: client.id, startsAt: pastDay()(9) });
      await complete(owner, s1.id, { note: { format: 'free_text', text: 'Original of s1' } });
      const s2 = await schedule(t, owner, { kind: 'individual', clientId: client.id, startsAt: pastDay()(9) });
      await complete(owner, s2.id, { note: { format: 'free_text', text: 'Original of s2' } });
      await t.dataSource.query(
        `UPDATE therapy_sessions SET note_ciphertext = (SELECT note_ciphertext FROM therapy_sessions WHERE id = $1) WHERE id = $2`,
        [s1.id, s2.id],
      );
      const res = await t.http.get(`/v1/sessions/${s2.id}`).set(owner);
      expectProblem(res, 500, 'INTERNAL_ERROR');
      expect(res.text).not.toContain('Original');
    });
  });

  describe('a facilitator’s view', () => {
    it('runs group sessions of their groups, writes and reads the group note, and sees nothing else', async () => {
      const as = bearer(facilitator.token);
      const at = pastDay();
      expectProblem(
        await t.http.post('/v1/sessions').set(as).send({ kind: 'individual', clientId: client.id, startsAt: at(9), durationMinutes: 50, modality: 'video' }),
        404,
        'NOT_FOUND',
      );
      const groupSession = await schedule(t, as, { kind: 'group', groupId: group.id, startsAt: at(18), durationMinutes: 90 });
      const byOwner = await schedule(t, owner, { kind: 'group', groupId: group.id, startsAt: at(20) });
      const individual = await schedule(t, bearer(practitioner.token), { kind: 'individual', clientId: client.id, startsAt: at(9) });

      const list = await t.http.get('/v1/sessions').query({ limit: 100 }).set(as);
      expect(list.body.data.length).toBeGreaterThanOrEqual(2);
      for (const s of list.body.data) expect(s).toMatchObject({ kind: 'group', groupId: group.id });
      expect(list.body.data.map((s: { id: string }) => s.id)).toEqual(expect.arrayContaining([groupSession.id, byOwner.id]));
      expectProblem(await t.http.get(`/v1/sessions/${individual.id}`).set(as), 404, 'NOT_FOUND');

      const wrong = await t.http.post(`/v1/sessions/${groupSession.id}/complete`).set(as).send({
        attendance: [{ clientId: members[0].id, attended: true }],
        stepsAddressed: [],
        note: { format: 'free_text', text: 'Group shared.' },
      });
      expectProblem(wrong, 400, 'VALIDATION_FAILED');
      const done = await t.http.post(`/v1/sessions/${groupSession.id}/complete`).set(as).send({
        attendance: members.map((m, i) => ({ clientId: m.id, attended: i === 0 })),
        stepsAddressed: ['open-honest-communication'],
        note: { format: 'dap', data: 'Group shared check-ins.', assessment: 'Cohesive.', plan: 'Step 3 next week.' },
      });
      expect(done.status).toBe(200);
      expect(done.body).toMatchObject({ status: 'completed', noteRedacted: false, note: { format: 'dap', data: 'Group shared check-ins.' } });
      // The group note is the facilitator's to read, also for a session someone else led in their group.
      const ownerLed = await t.http.post(`/v1/sessions/${byOwner.id}/complete`).set(owner).send({
        attendance: members.map((m) => ({ clientId: m.id, attended: true })),
        stepsAddressed: [],
        note: { format: 'free_text', text: 'Owner-led group note.' },
      });
      expect(ownerLed.status).toBe(200);
      expect((await t.http.get(`/v1/sessions/${byOwner.id}`).set(as)).body.note.text).toBe('Owner-led group note.');
      // ...but not a practitioner's who neither runs the group nor led the session.
      expectProblem(await t.http.get(`/v1/sessions/${groupSession.id}`).set(bearer(practitioner.token)), 404, 'NOT_FOUND');
      // Members by name only, and no client records.
      const roster = await t.http.get(`/v1/groups/${group.id}/members`).set(as);
      // The membership's own fields plus the member's names: no contact details, no clinical data.
      expect(Object.keys(roster.body.data[0]).sort()).toEqual(
        ['clientId', 'createdAt', 'firstName', 'groupId', 'id', 'joinedAt', 'lastName', 'leftAt', 'preferredName', 'updatedAt', 'version'],
      );
      expectProblem(await t.http.get(`/v1/clients/${members[0].id}`).set(as), 403, 'FORBIDDEN');
      expectProblem(await t.http.get(`/v1/couples/${couple.id}`).set(as), 403, 'FORBIDDEN');
    });

    it('never shows a facilitator the note of an individual or couple session, even one they lead', async () => {
      // A lead who was a practitioner and is now a facilitator.
      const former = await addStaff(t, org, 'practitioner');
      await t.http.put(`/v1/clients/${client.id}/care-team/${former.id}`).set(owner);
      const session = await schedule(t, bearer(former.token), { kind: 'individual', clientId: client.id, startsAt: pastDay()(9) });
      await complete(bearer(former.token), session.id, { note: { format: 'free_text', text: 'Individual note.' } });
      // There is no route that changes a role yet: the change is made in the database, as an admin tool would.
      await t.dataSource.query(`UPDATE staff_users SET role = 'facilitator' WHERE id = $1`, [former.id]);
      expectProblem(await t.http.get(`/v1/sessions/${session.id}`).set(bearer(former.token)), 404, 'NOT_FOUND');
      expectProblem(await t.http.post(`/v1/sessions/${session.id}/addenda`).set(bearer(former.token)).send({ text: 'x' }), 404, 'NOT_FOUND');
      const list = await t.http.get('/v1/sessions').query({ limit: 100 }).set(bearer(former.token));
      expect(list.body.data.map((x: { id: string }) => x.id)).not.toContain(session.id);
    });
  });

  describe('the enrollment timeline', () => {
    const enroll = async (as: Headers, body: Record<string, string>) => {
      const res = await t.http.post('/v1/enrollments').set(as).send({ programId: REBUILDING_TRUST_PROGRAM_ID, ...body });
      if (res.status !== 201) throw new Error(`enroll: ${res.status} ${res.text}`);
      return res.body.id as string;
    };
    const completedEvents = async (as: Headers, enrollmentId: string) => {
      const res = await t.http.get(`/v1/enrollments/${enrollmentId}/events`).query({ limit: 100 }).set(as);
      expect(res.status).toBe(200);
      return (res.body.data as { type: string }[]).filter((e) => e.type === 'session_completed');
    };

    it('records session_completed on the subject’s open enrollments, once, without the note', async () => {
      const as = bearer(practitioner.token);
      const solo = await createClient(t, as);
      const a = await createClient(t, as);
      const b = await createClient(t, as);
      const pair = (await t.http.post('/v1/couples').set(as).send({ partnerIds: [a.id, b.id] })).body.id as string;
      await screen(t, as, a.id, 'clear');
      await screen(t, as, b.id, 'clear');
      const soloEnrollment = await enroll(as, { clientId: solo.id });
      const coupleEnrollment = await enroll(as, { coupleId: pair });
      const partnerEnrollment = await enroll(as, { clientId: a.id });
      const at = pastDay();

      const individual = await schedule(t, as, { kind: 'individual', clientId: solo.id, startsAt: at(9) });
      const body = { attendance: [{ clientId: solo.id, attended: true }], stepsAddressed: ['acknowledge-the-hurt'], note: { format: 'free_text', text: NOTE_TEXT } };
      expect((await t.http.post(`/v1/sessions/${individual.id}/complete`).set(as).send(body)).status).toBe(200);
      expect((await t.http.post(`/v1/sessions/${individual.id}/complete`).set(as).send(body)).status).toBe(200);
      const soloEvents = await completedEvents(as, soloEnrollment);
      expect(soloEvents).toHaveLength(1);
      expect(soloEvents[0]).toMatchObject({
        stepKey: null,
        actor: { type: 'user', id: practitioner.id },
        data: { sessionId: individual.id, kind: 'individual', stepsAddressed: ['acknowledge-the-hurt'] },
        source: { type: 'session', id: individual.id },
        occurredAt: at(9),
      });

      const joint = await schedule(t, as, { kind: 'couple', coupleId: pair, startsAt: at(11) });
      const done = await t.http.post(`/v1/sessions/${joint.id}/complete`).set(as).send({
        attendance: [a, b].map((p) => ({ clientId: p.id, attended: true })),
        stepsAddressed: ['apologize-sincerely', 'open-honest-communication'],
        note: { format: 'free_text', text: NOTE_TEXT },
      });
      expect(done.status).toBe(200);
      const coupleEvents = await completedEvents(as, coupleEnrollment);
      expect(coupleEvents).toHaveLength(1);
      expect(coupleEvents[0]).toMatchObject({ data: { sessionId: joint.id, kind: 'couple', stepsAddressed: ['apologize-sincerely', 'open-honest-communication'] } });
      expect(await completedEvents(as, partnerEnrollment)).toEqual([]);
      const leaked = await t.dataSource.query(`SELECT count(*)::int AS n FROM enrollment_events WHERE data::text LIKE '%affair%'`);
      expect(leaked[0].n).toBe(0);
    });

    it('records a group session on the own enrollments of the members who attended', async () => {
      const as = bearer(facilitator.token);
      const present = await createClient(t, owner);
      const absent = await createClient(t, owner);
      const circle = (await t.http.post('/v1/groups').set(as).send({ name: 'Timeline circle' })).body.id as string;
      for (const m of [present, absent]) await t.http.put(`/v1/groups/${circle}/members/${m.id}`).set(as);
      const presentEnrollment = await enroll(owner, { clientId: present.id });
      const absentEnrollment = await enroll(owner, { clientId: absent.id });
      const session = await schedule(t, as, { kind: 'group', groupId: circle, startsAt: pastDay()(18) });
      const done = await t.http.post(`/v1/sessions/${session.id}/complete`).set(as).send({
        attendance: [
          { clientId: present.id, attended: true },
          { clientId: absent.id, attended: false },
        ],
        stepsAddressed: ['seek-professional-help'],
        note: { format: 'free_text', text: 'Group note: one member spoke about the affair.' },
      });
      expect(done.status).toBe(200);
      const events = await completedEvents(owner, presentEnrollment);
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({
        actor: { type: 'user', id: facilitator.id },
        data: { sessionId: session.id, kind: 'group', stepsAddressed: ['seek-professional-help'] },
        source: { type: 'session', id: session.id },
      });
      expect(await completedEvents(owner, absentEnrollment)).toEqual([]);
      expect(JSON.stringify(events)).not.toContain('affair');
    });
  });

  describe('tenancy, caseloads and keys', () => {
    let session: { id: string };

    beforeAll(async () => {
      session = await schedule(t, bearer(practitioner.token), { kind: 'individual', clientId: client.id, startsAt: newDay()(9) });
    });

    const everyRoute = (as: Headers, id: string) => [
      t.http.get(`/v1/sessions/${id}`).set(as),
      t.http.patch(`/v1/sessions/${id}`).set(as).send({ location: 'x' }),
      t.http.delete(`/v1/sessions/${id}`).set(as),
      t.http.post(`/v1/sessions/${id}/restore`).set(as),
      t.http.post(`/v1/sessions/${id}/complete`).set(as).send({ attendance: [], stepsAddressed: [], note: { format: 'free_text', text: 'x' } }),
      t.http.post(`/v1/sessions/${id}/addenda`).set(as).send({ text: 'x' }),
    ];

    it('answers 404 to a practitioner outside the caseload on every route', async () => {
      for (const res of await Promise.all(everyRoute(bearer(outsider.token), session.id))) expectProblem(res, 404, 'NOT_FOUND');
      const list = await t.http.get('/v1/sessions').query({ limit: 100 }).set(bearer(outsider.token));
      expect(list.body.data).toEqual([]);
    });

    it('answers 404 to another organization on every route, and lists nothing of ours', async () => {
      const other = await signupOrganization(t, 'Elsewhere');
      for (const res of await Promise.all(everyRoute(bearer(other.owner.token), session.id))) expectProblem(res, 404, 'NOT_FOUND');
      const { key } = await addApiKey(t, other, 'integration');
      for (const res of await Promise.all(everyRoute({ 'X-API-Key': key }, session.id).slice(0, 4))) expectProblem(res, 404, 'NOT_FOUND');
      expect((await t.http.get('/v1/sessions').set(bearer(other.owner.token))).body.data).toEqual([]);
      // Nor can another organization book our client or staff.
      expectProblem(
        await t.http.post('/v1/sessions').set(bearer(other.owner.token)).send({ kind: 'individual', clientId: client.id, startsAt: newDay()(9), durationMinutes: 50, modality: 'video' }),
        404,
        'NOT_FOUND',
      );
    });

    it('lets a readonly key read sessions but never notes, and never write', async () => {
      expect((await t.http.get(`/v1/sessions/${session.id}`).set(readonlyKey)).status).toBe(200);
      expectProblem(
        await t.http.post('/v1/sessions').set(readonlyKey).send({ kind: 'individual', clientId: client.id, startsAt: newDay()(9), durationMinutes: 50, modality: 'video' }),
        403,
        'FORBIDDEN',
      );
      expectProblem(await t.http.patch(`/v1/sessions/${session.id}`).set(readonlyKey).send({ location: 'x' }), 403, 'FORBIDDEN');
      expectProblem(await t.http.delete(`/v1/sessions/${session.id}`).set(readonlyKey), 403, 'FORBIDDEN');
    });

    it('lets an integration key schedule for a named lead', async () => {
      expectProblem(
        await t.http.post('/v1/sessions').set(integrationKey).send({ kind: 'individual', clientId: client.id, startsAt: newDay()(9), durationMinutes: 50, modality: 'video' }),
        400,
        'VALIDATION_FAILED',
      );
      const made = await schedule(t, integrationKey, { kind: 'individual', clientId: client.id, leadUserId: practitioner.id, startsAt: newDay()(9) });
      expect((await t.http.get(`/v1/sessions/${made.id}`).set(bearer(practitioner.token))).body.leadUserId).toBe(practitioner.id);
    });

    it('audits every read and write, with no note text', async () => {
      await t.http.get(`/v1/sessions/${session.id}`).set(readonlyKey);
      await t.app.get(AuditWriter).drain();
      const events: { action: string; resource_id: string; status: number }[] = await t.dataSource.query(
        `SELECT action, resource_id, status FROM audit_events WHERE resource_type = 'sessions' AND resource_id = $1 ORDER BY occurred_at DESC, id DESC`,
        [session.id],
      );
      expect(events[0]).toMatchObject({ action: 'getSession', status: 200 });
      const actions = new Set((await t.dataSource.query(`SELECT DISTINCT action FROM audit_events WHERE resource_type = 'sessions'`)).map((e: { action: string }) => e.action));
      for (const action of ['createSession', 'getSession', 'listSessions', 'updateSession', 'completeSession', 'createSessionAddendum', 'overrideSafetyGate']) {
        expect(actions).toContain(action);
      }
      expect(JSON.stringify(await t.dataSource.query('SELECT * FROM audit_events'))).not.toMatch(/affair|March timeline|Group shared/);
    });
  });
});

describe('note key rotation', () => {
  const oldKey = `old-2030:${randomBytes(32).toString('base64')}`;
  const newKey = `new-2031:${randomBytes(32).toString('base64')}`;
  let t: TestApp;

  beforeAll(async () => {
    // Webhook targets on this machine are allowed: a webhook's secret is rotated here, never delivered.
    t = await startTestApp({ NOTES_ENCRYPTION_KEYS: oldKey, NOTES_ENCRYPTION_KEY_ID: 'old-2030', WEBHOOKS_ALLOW_PRIVATE_TARGETS: 'true' });
  });
  afterAll(() => t.close());

  /** What restarting the API with these settings does to its keys. */
  const restartWithKeys = (keys: string, current: string) =>
    t.app.get(NoteCipherService).reload(loadConfig({ NODE_ENV: 'test', NOTES_ENCRYPTION_KEYS: keys, NOTES_ENCRYPTION_KEY_ID: current }));

  it('knows every encrypted column of the schema, so that rotation leaves none under an old key', async () => {
    const columns: { table_name: string; column_name: string }[] = await t.dataSource.query(
      `SELECT table_name, column_name FROM information_schema.columns
        WHERE table_schema = current_schema() AND (column_name LIKE '%\\_ciphertext' OR column_name LIKE '%\\_encrypted')
        ORDER BY 1, 2`,
    );
    expect(columns.length).toBeGreaterThan(0);
    const listed = ENCRYPTED_COLUMNS.map(({ table, column }) => `${table}.${column}`).sort();
    expect(columns.map((c) => `${c.table_name}.${c.column_name}`)).toEqual(listed);
  });

  it('moves every note and addendum to the new key, and every one stays readable once the old key is gone', async () => {
    const org = await signupOrganization(t);
    const owner = bearer(org.owner.token);
    const client = await createClient(t, owner);
    const expected = new Map<string, string>();
    const completeOne = async (text: string) => {
      const s = await schedule(t, owner, { kind: 'individual', clientId: client.id, startsAt: pastDay()(9) });
      const res = await t.http.post(`/v1/sessions/${s.id}/complete`).set(owner).send({
        attendance: [{ clientId: client.id, attended: true }],
        stepsAddressed: [],
        note: { format: 'free_text', text },
      });
      if (res.status !== 200) throw new Error(`complete: ${res.status} ${res.text}`);
      expected.set(s.id, text);
      return s;
    };
    for (let i = 0; i < 5; i++) await completeOne(`Old-key note ${i}`);
    const withAddendum = [...expected.keys()][0];
    await t.http.post(`/v1/sessions/${withAddendum}/addenda`).set(owner).send({ text: 'Old-key addendum' });
    expect(await t.app.get(NoteRekeying).keyUsage()).toEqual({ 'old-2030': 6 });

    // Add the new key and make it current: new notes use it, old ones stay readable.
    await restartWithKeys(`${oldKey},${newKey}`, 'new-2031');
    await completeOne('New-key note');
    expect(await t.app.get(NoteRekeying).keyUsage()).toEqual({ 'old-2030': 6, 'new-2031': 1 });
    const versions = new Map<string, number>();
    for (const [id, text] of expected) {
      const read = await t.http.get(`/v1/sessions/${id}`).set(owner);
      expect(read.body.note.text).toBe(text);
      versions.set(id, read.body.version);
    }

    const { rekeyed } = await t.app.get(NoteRekeying).rekey(t.app.get(NoteCipherService).cipher, { batchSize: 2 });
    expect(rekeyed).toEqual({ therapy_sessions: 5, session_addenda: 1, webhooks: 0, sso_connections: 0 });
    expect(await t.app.get(NoteRekeying).keyUsage()).toEqual({ 'new-2031': 7 });
    const raw: { note_ciphertext: string }[] = await t.dataSource.query('SELECT note_ciphertext FROM therapy_sessions WHERE note_ciphertext IS NOT NULL');
    for (const row of raw) expect(row.note_ciphertext).toMatch(/^v1:new-2031:/);
    expect((await t.app.get(NoteRekeying).rekey(t.app.get(NoteCipherService).cipher)).rekeyed).toEqual({ therapy_sessions: 0, session_addenda: 0, webhooks: 0, sso_connections: 0 });

    // The old key can go.
    await restartWithKeys(newKey, 'new-2031');
    for (const [id, text] of expected) {
      const read = await t.http.get(`/v1/sessions/${id}`).set(owner);
      expect(read.status).toBe(200);
      expect(read.body.note.text).toBe(text);
      expect(read.body.version).toBe(versions.get(id));
    }
    expect((await t.http.get(`/v1/sessions/${withAddendum}`).set(owner)).body.addenda[0].text).toBe('Old-key addendum');
  });

  it('moves webhook signing secrets, current and rotated-out, to the new key, and both still sign once the old key is gone', async () => {
    const org = await signupOrganization(t, 'Secret Rotation Clinic');
    const owner = bearer(org.owner.token);
    await restartWithKeys(oldKey, 'old-2030');
    const created = await t.http.post('/v1/webhooks').set(owner).send({ url: 'http://127.0.0.1:9/trustpath' });
    expect(created.status).toBe(201);
    const first = created.body.secret as string;
    const rotated = await t.http.patch(`/v1/webhooks/${created.body.id}`).set(owner).set('If-Match', `"${created.body.version}"`).send({ rotateSecret: true });
    expect(rotated.status).toBe(200);
    const second = rotated.body.secret as string;
    const stored = async () =>
      ((await t.dataSource.query('SELECT secret_encrypted, previous_secret_encrypted FROM webhooks WHERE id = $1', [created.body.id])) as { secret_encrypted: string; previous_secret_encrypted: string }[])[0];
    const before = await stored();
    expect(before.secret_encrypted).toMatch(/^v1:old-2030:/);
    expect(before.previous_secret_encrypted).toMatch(/^v1:old-2030:/);

    await restartWithKeys(`${oldKey},${newKey}`, 'new-2031');
    const { rekeyed } = await t.app.get(NoteRekeying).rekey(t.app.get(NoteCipherService).cipher);
    expect(rekeyed.webhooks).toBe(2);
    const after = await stored();
    expect(after.secret_encrypted).toMatch(/^v1:new-2031:/);
    expect(after.previous_secret_encrypted).toMatch(/^v1:new-2031:/);
    expect(after.secret_encrypted).not.toBe(before.secret_encrypted);

    // With the old key gone, the secrets still decrypt to what the integrator was shown, under the organization's binding.
    await restartWithKeys(newKey, 'new-2031');
    const cipher = t.app.get(NoteCipherService).cipher;
    expect(cipher.decrypt(after.secret_encrypted, secretAad(org.organizationId))).toBe(second);
    expect(cipher.decrypt(after.previous_secret_encrypted, secretAad(org.organizationId))).toBe(first);
    const read = await t.http.get(`/v1/webhooks/${created.body.id}`).set(owner);
    expect(read.body.version).toBe(rotated.body.version);
  });

  it('stops, naming the record, on a note no configured key can read', async () => {
    const org = await signupOrganization(t, 'Lost Key Clinic');
    const owner = bearer(org.owner.token);
    const client = await createClient(t, owner);
    await restartWithKeys(`${oldKey},${newKey}`, 'old-2030');
    const s = await schedule(t, owner, { kind: 'individual', clientId: client.id, startsAt: pastDay()(9) });
    await t.http.post(`/v1/sessions/${s.id}/complete`).set(owner).send({ attendance: [{ clientId: client.id, attended: true }], stepsAddressed: [], note: { format: 'free_text', text: 'x' } });
    const lost = `lost:${randomBytes(32).toString('base64')}`;
    await restartWithKeys(`${lost},${newKey}`, 'new-2031');
    await expect(t.app.get(NoteRekeying).rekey(t.app.get(NoteCipherService).cipher)).rejects.toThrow(new RegExp(`therapy_sessions .*${s.id}.*"old-2030" is not configured`));
  });
});
