import { Actor } from '../src/auth/actor';
import { AuditWriter } from '../src/audit/audit.writer';
import { CreateCoupleSessionDto, CreateIndividualSessionDto, CreateSessionDto } from '../src/sessions/dto/session.dto';
import { SessionsService } from '../src/sessions/sessions.service';
import { Seed } from './support/seed';
import { startTestApp, TestApp } from './support/test-app';

/** A distinct far-future day per call, so no two tests book the same slot by accident. */
let dayCounter = 0;
function newDay(): (hour: number, minute?: number) => string {
  const day = new Date(Date.UTC(2033, 0, 1) + dayCounter++ * 86_400_000).toISOString().slice(0, 10);
  return (hour, minute = 0) => `${day}T${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}:00.000Z`;
}

/** Scheduling, the overlap refusal and the couple safety gate of SessionsService, on seeded rows. */
describe('SessionsService on seeded rows', () => {
  let t: TestApp;
  let seed: Seed;
  let sessions: SessionsService;

  beforeAll(async () => {
    t = await startTestApp();
    seed = new Seed(t.dataSource);
    sessions = t.app.get(SessionsService);
  });
  afterAll(() => t.close());

  /** An organization with an owner, and a practitioner with one client on their care team. */
  async function practice() {
    const { organizationId } = await seed.organization();
    const owner = await seed.staff(organizationId, 'owner');
    const practitioner = await seed.staff(organizationId, 'practitioner');
    const client = await seed.client(organizationId);
    await seed.careTeam('client', organizationId, client.id, practitioner.id);
    return { organizationId, owner, practitioner, client };
  }

  const individual = (clientId: string, startsAt: string, more: Partial<CreateIndividualSessionDto> = {}): CreateIndividualSessionDto => ({
    kind: 'individual',
    clientId,
    startsAt,
    durationMinutes: 50,
    modality: 'in_person',
    ...more,
  });

  describe('who leads a session', () => {
    it('books the practitioner who has the client in their caseload', async () => {
      const { owner, practitioner, client } = await practice();
      const session = await sessions.create(owner.actor, individual(client.id, newDay()(9), { leadUserId: practitioner.id }));
      expect(session).toMatchObject({ leadUserId: practitioner.id, clientId: client.id, status: 'scheduled', durationMinutes: 50 });
      const [row] = await t.dataSource.query('SELECT lead_user_id, ends_at FROM therapy_sessions WHERE id = $1', [session.id]);
      expect(row.lead_user_id).toBe(practitioner.id);
      expect(row.ends_at.getTime() - new Date(session.startsAt).getTime()).toBe(50 * 60_000);
    });

    it('refuses a lead who is not active clinical staff of the organization', async () => {
      const { organizationId, owner, client } = await practice();
      const facilitator = await seed.staff(organizationId, 'facilitator');
      const departed = await seed.staff(organizationId, 'practitioner', { deactivatedAt: new Date() });
      const elsewhere = await seed.staff((await seed.organization()).organizationId, 'practitioner');
      const at = newDay();
      for (const lead of [facilitator, departed, elsewhere]) {
        await expect(sessions.create(owner.actor, individual(client.id, at(9), { leadUserId: lead.id }))).rejects.toMatchObject({
          code: 'VALIDATION_FAILED',
          options: { errors: [{ field: 'leadUserId', message: 'must be an active staff member (owner, admin, practitioner) of the organization' }] },
        });
      }
      expect(await t.dataSource.query('SELECT id FROM therapy_sessions WHERE organization_id = $1', [organizationId])).toEqual([]);
    });

    it('refuses a practitioner without the client, or the couple, in their caseload', async () => {
      const { organizationId, owner, client } = await practice();
      const stranger = await seed.staff(organizationId, 'practitioner');
      const couple = await seed.couple(organizationId);
      await seed.screening(organizationId, couple.partnerAId, 'clear');
      await seed.screening(organizationId, couple.partnerBId, 'clear');
      const at = newDay();
      await expect(sessions.create(owner.actor, individual(client.id, at(9), { leadUserId: stranger.id }))).rejects.toMatchObject({
        options: { errors: [{ field: 'leadUserId', message: 'must have the client in their caseload' }] },
      });
      const coupleSession: CreateSessionDto = { kind: 'couple', coupleId: couple.id, leadUserId: stranger.id, startsAt: at(11), durationMinutes: 50, modality: 'video' };
      await expect(sessions.create(owner.actor, coupleSession)).rejects.toMatchObject({
        options: { errors: [{ field: 'leadUserId', message: 'must have the couple in their caseload' }] },
      });
      await seed.careTeam('couple', organizationId, couple.id, stranger.id);
      expect((await sessions.create(owner.actor, coupleSession)).leadUserId).toBe(stranger.id);
    });

    it('lets any active staff member lead a group session, and lets an admin lead without a caseload', async () => {
      const { organizationId, owner, client } = await practice();
      const facilitator = await seed.staff(organizationId, 'facilitator');
      const admin = await seed.staff(organizationId, 'admin');
      const group = await seed.group(organizationId, facilitator.id, [client.id]);
      const at = newDay();
      const grouped = await sessions.create(owner.actor, { kind: 'group', groupId: group.id, leadUserId: facilitator.id, startsAt: at(18), durationMinutes: 90, modality: 'in_person' });
      expect(grouped).toMatchObject({ kind: 'group', groupId: group.id, leadUserId: facilitator.id });
      expect((await sessions.create(owner.actor, individual(client.id, at(9), { leadUserId: admin.id }))).leadUserId).toBe(admin.id);
    });

    it('makes an API key name the lead, and defaults a user’s booking to themselves', async () => {
      const { organizationId, practitioner, client } = await practice();
      const key: Actor = seed.apiKeyActor(organizationId, 'integration');
      const at = newDay();
      await expect(sessions.create(key, individual(client.id, at(9)))).rejects.toMatchObject({
        options: { errors: [{ field: 'leadUserId', message: 'is required when an API key schedules a session' }] },
      });
      expect((await sessions.create(key, individual(client.id, at(9), { leadUserId: practitioner.id }))).leadUserId).toBe(practitioner.id);
      expect((await sessions.create(practitioner.actor, individual(client.id, at(11)))).leadUserId).toBe(practitioner.id);
    });
  });

  describe('overlapping bookings', () => {
    it('refuses a second booking of the lead that overlaps, naming the one it clashes with', async () => {
      const { owner, practitioner, client } = await practice();
      const at = newDay();
      const first = await sessions.create(practitioner.actor, individual(client.id, at(9)));
      await expect(sessions.create(owner.actor, individual(client.id, at(9, 30), { leadUserId: practitioner.id }))).rejects.toMatchObject({
        code: 'SESSION_OVERLAP',
        options: { extensions: { conflictingSessionId: first.id } },
      });
      // Another lead is free at the same time.
      expect((await sessions.create(owner.actor, individual(client.id, at(9, 30)))).leadUserId).toBe(owner.id);
    });

    it('allows back-to-back sessions: an interval ends where the next begins', async () => {
      const { practitioner, client } = await practice();
      const at = newDay();
      await sessions.create(practitioner.actor, individual(client.id, at(9)));
      const before = await sessions.create(practitioner.actor, individual(client.id, at(8, 10)));
      const after = await sessions.create(practitioner.actor, individual(client.id, at(9, 50)));
      expect([before.endsAt, after.startsAt].map((d) => new Date(d).toISOString())).toEqual([at(9), at(9, 50)]);
    });

    it('does not count cancelled or archived sessions, until an archived one is restored', async () => {
      const { practitioner, client } = await practice();
      const at = newDay();
      const cancelled = await sessions.create(practitioner.actor, individual(client.id, at(9)));
      await sessions.update(practitioner.actor, cancelled.id, { status: 'cancelled', cancelledReason: 'Client unwell' });
      const archived = await sessions.create(practitioner.actor, individual(client.id, at(9)));
      await sessions.archive(practitioner.actor, archived.id);
      const rebooked = await sessions.create(practitioner.actor, individual(client.id, at(9)));
      await expect(sessions.restore(practitioner.actor, archived.id)).rejects.toMatchObject({
        code: 'SESSION_OVERLAP',
        options: { extensions: { conflictingSessionId: rebooked.id } },
      });
    });

    it('refuses moving a session onto another, but not within its own slot', async () => {
      const { practitioner, client } = await practice();
      const at = newDay();
      const early = await sessions.create(practitioner.actor, individual(client.id, at(9)));
      const late = await sessions.create(practitioner.actor, individual(client.id, at(11)));
      await expect(sessions.update(practitioner.actor, late.id, { startsAt: at(9, 40) })).rejects.toMatchObject({
        code: 'SESSION_OVERLAP',
        options: { extensions: { conflictingSessionId: early.id } },
      });
      const moved = await sessions.update(practitioner.actor, early.id, { startsAt: at(9, 20) });
      expect(new Date(moved.startsAt).toISOString()).toBe(at(9, 20));
      expect(moved.version).toBe(early.version + 1);
    });
  });

  describe('the couple safety gate', () => {
    /** A couple on the practitioner's caseload, screened as given (null: not screened). */
    async function screenedCouple(a: 'clear' | 'concern' | 'unsafe' | null, b: 'clear' | 'concern' | 'unsafe' | null) {
      const setting = await practice();
      const couple = await seed.couple(setting.organizationId);
      await seed.careTeam('couple', setting.organizationId, couple.id, setting.practitioner.id);
      if (a) await seed.screening(setting.organizationId, couple.partnerAId, a);
      if (b) await seed.screening(setting.organizationId, couple.partnerBId, b);
      const booking = (startsAt: string, more: Partial<CreateCoupleSessionDto> = {}): CreateCoupleSessionDto => ({
        kind: 'couple',
        coupleId: couple.id,
        leadUserId: setting.practitioner.id,
        startsAt,
        durationMinutes: 60,
        modality: 'in_person',
        ...more,
      });
      return { ...setting, couple, booking };
    }

    it('refuses while a partner has no screening', async () => {
      const { practitioner, booking, organizationId } = await screenedCouple('clear', null);
      await expect(sessions.create(practitioner.actor, booking(newDay()(9)))).rejects.toMatchObject({
        code: 'SAFETY_SCREENING_REQUIRED',
        options: { extensions: { safetyStatus: 'missing' } },
      });
      expect(await t.dataSource.query('SELECT id FROM therapy_sessions WHERE organization_id = $1', [organizationId])).toEqual([]);
    });

    it('refuses while a partner’s latest screening is unsafe', async () => {
      const { practitioner, booking } = await screenedCouple('concern', 'unsafe');
      await expect(sessions.create(practitioner.actor, booking(newDay()(9)))).rejects.toMatchObject({
        code: 'SAFETY_SCREENING_REQUIRED',
        options: { extensions: { safetyStatus: 'unsafe' } },
      });
    });

    it('passes when both partners’ latest screenings are safe, however an earlier one read', async () => {
      const { organizationId, practitioner, couple, booking } = await screenedCouple('clear', null);
      await seed.screening(organizationId, couple.partnerBId, 'unsafe', new Date(Date.now() - 86_400_000));
      await seed.screening(organizationId, couple.partnerBId, 'concern');
      const session = await sessions.create(practitioner.actor, booking(newDay()(9)));
      expect(session).toMatchObject({ kind: 'couple', coupleId: couple.id, safetyOverride: null });
    });

    it('lets an owner override, keeping the reason on the session and out of the audit trail', async () => {
      const { owner, couple, booking } = await screenedCouple('unsafe', null);
      const reason = 'Court-ordered joint session; safety plan reviewed with both.';
      const session = await sessions.create(owner.actor, booking(newDay()(9), { safetyOverride: { reason } }));
      expect(session.safetyOverride).toEqual({ byUserId: owner.id, reason });
      const [row] = await t.dataSource.query('SELECT safety_override_reason, safety_override_by_user_id FROM therapy_sessions WHERE id = $1', [session.id]);
      expect(row).toEqual({ safety_override_reason: reason, safety_override_by_user_id: owner.id });
      await t.app.get(AuditWriter).drain();
      const events = await t.dataSource.query(`SELECT actor_id, status, detail FROM audit_events WHERE action = 'overrideSafetyGate' AND resource_id = $1`, [session.id]);
      expect(events).toEqual([{ actor_id: owner.id, status: 201, detail: { coupleId: couple.id } }]);
    });

    it('refuses an override from a practitioner, even with the couple in their caseload', async () => {
      const { practitioner, booking } = await screenedCouple('unsafe', 'clear');
      await expect(sessions.create(practitioner.actor, booking(newDay()(9), { safetyOverride: { reason: 'Reviewed' } }))).rejects.toMatchObject({
        code: 'FORBIDDEN',
      });
    });

    it('checks the gate again when a couple session moves, not when only its room changes', async () => {
      const { organizationId, owner, practitioner, couple, booking } = await screenedCouple('clear', 'clear');
      const at = newDay();
      const session = await sessions.create(practitioner.actor, booking(at(9)));
      await seed.screening(organizationId, couple.partnerAId, 'unsafe');
      expect((await sessions.update(practitioner.actor, session.id, { location: 'Room 4' })).location).toBe('Room 4');
      await expect(sessions.update(practitioner.actor, session.id, { startsAt: at(14) })).rejects.toMatchObject({
        code: 'SAFETY_SCREENING_REQUIRED',
        options: { extensions: { safetyStatus: 'unsafe' } },
      });
      const moved = await sessions.update(owner.actor, session.id, { startsAt: at(14), safetyOverride: { reason: 'Reviewed' } });
      expect(moved.safetyOverride).toEqual({ byUserId: owner.id, reason: 'Reviewed' });
    });
  });
});
