import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AccessService, Resource } from '../access/access.service';
import { sessionInReachSql } from '../access/caseload';
import { Actor, seesWholeOrganization } from '../auth/actor';
import { AuditWriter } from '../audit/audit.writer';
import { CLIENTS } from '../clients/clients.service';
import { canonicalJson } from '../common/canonical-json';
import { archive, IfMatch, lockVersioned, restore, updateVersioned } from '../common/concurrency';
import { Page, paginate } from '../common/pagination';
import { COUPLES } from '../couples/couples.service';
import { Couple } from '../couples/couple.entity';
import { Transactions } from '../database/transactions';
import { isExclusionViolation } from '../database/unique-violation';
import { EnrollmentTimeline, timelineActorOf } from '../enrollments/enrollment-timeline';
import { DomainError, FieldError } from '../errors/domain-error';
import { ErrorCode } from '../errors/error-code';
import { GROUPS, GroupsService } from '../groups/groups.service';
import { StaffDirectory } from '../staff/staff-directory';
import { noteAad } from '../notes/note-cipher';
import { NoteCipherService } from '../notes/note-cipher.service';
import { combineSafety, SafetyScreeningsService } from '../screenings/safety-screenings.service';
import {
  AddendumReceiptDto,
  CompleteSessionDto,
  CreateAddendumDto,
  CreateSessionDto,
  ListSessionsQueryDto,
  NoteInputDto,
  SafetyOverrideInputDto,
  SessionAddendumDto,
  SessionDto,
  SessionNoteDto,
  UpdateSessionDto,
} from './dto/session.dto';
import { canReadNotes } from './note-access';
import { SessionAddendum } from './session-addendum.entity';
import { Attendance, NoteFormat, SessionKind, TherapySession } from './therapy-session.entity';

export const SESSIONS = Resource.Session;
/** The encrypted tables and the AAD each encrypted value is bound to. */
export const SESSION_NOTE_TABLE = 'therapy_sessions';
export const ADDENDUM_TABLE = 'session_addenda';
const NO_OVERLAP = 'therapy_sessions_no_overlap';

/** The fields each note format has, all required. */
export const NOTE_FIELDS: Record<NoteFormat, readonly (keyof SessionNoteDto)[]> = {
  free_text: ['text'],
  soap: ['subjective', 'objective', 'assessment', 'plan'],
  dap: ['data', 'assessment', 'plan'],
};
const ALL_NOTE_FIELDS = ['text', 'subjective', 'objective', 'data', 'assessment', 'plan'] as const;

/** Who may lead individual and couple sessions: staff who can hold a caseload. */
const CLINICAL_LEADS = ['owner', 'admin', 'practitioner'] as const;
const GROUP_LEADS = ['owner', 'admin', 'practitioner', 'facilitator'] as const;

type Subject = { kind: SessionKind; id: string };

function subjectOf(session: Pick<TherapySession, 'kind' | 'clientId' | 'coupleId' | 'groupId'>): Subject {
  const id = session.kind === 'individual' ? session.clientId : session.kind === 'couple' ? session.coupleId : session.groupId;
  return { kind: session.kind, id: id! };
}

const RESOURCE_OF: Record<SessionKind, Resource> = { individual: CLIENTS, couple: COUPLES, group: GROUPS };

/** The note as stored (encrypted): exactly the format's fields. */
function noteFromInput(note: NoteInputDto): SessionNoteDto {
  const errors: FieldError[] = [];
  const allowed = NOTE_FIELDS[note.format];
  for (const field of ALL_NOTE_FIELDS) {
    const present = note[field] !== undefined && note[field] !== null;
    if (allowed.includes(field) && !present) errors.push({ field: `note.${field}`, message: `is required in a ${note.format} note` });
    if (!allowed.includes(field) && present) errors.push({ field: `note.${field}`, message: `is not part of a ${note.format} note` });
  }
  if (errors.length > 0) throw DomainError.validation(errors);
  const stored: SessionNoteDto = { format: note.format };
  for (const field of allowed) (stored as unknown as Record<string, string>)[field] = note[field as keyof NoteInputDto] as string;
  return stored;
}

@Injectable()
export class SessionsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly db: Transactions,
    private readonly access: AccessService,
    private readonly screenings: SafetyScreeningsService,
    private readonly groups: GroupsService,
    private readonly notes: NoteCipherService,
    private readonly audit: AuditWriter,
    private readonly timeline: EnrollmentTimeline,
    private readonly staff: StaffDirectory,
  ) {}

  async list(actor: Actor, query: ListSessionsQueryDto): Promise<Page<SessionDto>> {
    const qb = this.dataSource
      .getRepository(TherapySession)
      .createQueryBuilder('s')
      .where('s.organizationId = :organizationId', { organizationId: actor.organizationId });
    if (!seesWholeOrganization(actor)) {
      qb.andWhere(sessionInReachSql('s', ':organizationId', ':actorId', actor.role), { actorId: actor.id });
    }
    if (query.from) qb.andWhere('s.startsAt >= CAST(:from AS timestamptz)', { from: query.from });
    if (query.to) qb.andWhere('s.startsAt < CAST(:to AS timestamptz)', { to: query.to });
    if (query.staffId) qb.andWhere('s.leadUserId = :staffId', { staffId: query.staffId === 'me' ? actor.id : query.staffId });
    if (query.status) qb.andWhere('s.status = :status', { status: query.status });
    if (query.kind) qb.andWhere('s.kind = :kind', { kind: query.kind });
    if (query.coupleId) qb.andWhere('s.coupleId = :coupleId', { coupleId: query.coupleId });
    if (query.groupId) qb.andWhere('s.groupId = :groupId', { groupId: query.groupId });
    if (query.clientId) {
      qb.andWhere(
        `(s.client_id = :clientId
          OR s.couple_id IN (SELECT k.id FROM couples k WHERE k.organization_id = s.organization_id AND (k.partner_a_id = :clientId OR k.partner_b_id = :clientId))
          OR s.group_id IN (SELECT gm.group_id FROM group_members gm WHERE gm.organization_id = s.organization_id AND gm.client_id = :clientId AND gm.left_at IS NULL))`,
        { clientId: query.clientId },
      );
    }
    const page = await paginate(qb, query);
    return { data: await this.toDtos(this.dataSource.manager, actor, page.data), nextCursor: page.nextCursor };
  }

  async get(actor: Actor, id: string): Promise<SessionDto> {
    await this.access.require(actor, SESSIONS, [id]);
    return this.read(this.dataSource.manager, actor, id);
  }

  async create(actor: Actor, dto: CreateSessionDto): Promise<SessionDto> {
    const subject = this.subjectOfInput(dto);
    await this.access.require(actor, RESOURCE_OF[subject.kind], [subject.id]);
    this.checkOverrideAllowed(actor, dto.safetyOverride, subject.kind);
    const leadUserId = (dto.leadUserId ?? (actor.kind === 'user' ? actor.id : undefined))?.toLowerCase();
    if (!leadUserId) throw DomainError.validation([{ field: 'leadUserId', message: 'is required when an API key schedules a session' }]);
    const startsAt = new Date(dto.startsAt);
    const endsAt = new Date(startsAt.getTime() + dto.durationMinutes * 60_000);
    const id = randomUUID();
    let overridden = false;
    try {
      await this.db.run(async () => {
        const manager = this.db.manager;
        await this.checkLead(manager, actor.organizationId, leadUserId, subject);
        if (subject.kind === 'couple') overridden = await this.safetyGate(manager, actor.organizationId, subject.id, dto.safetyOverride);
        await this.refuseOverlap(manager, actor.organizationId, leadUserId, startsAt, endsAt);
        await manager.insert(TherapySession, {
          organizationId: actor.organizationId,
          id,
          kind: subject.kind,
          clientId: subject.kind === 'individual' ? subject.id : null,
          coupleId: subject.kind === 'couple' ? subject.id : null,
          groupId: subject.kind === 'group' ? subject.id : null,
          leadUserId,
          startsAt,
          durationMinutes: dto.durationMinutes,
          endsAt,
          modality: dto.modality,
          location: dto.location ?? null,
          plannedStepKeys: [...new Set(dto.plannedStepKeys ?? [])],
          status: 'scheduled',
          safetyOverrideReason: overridden ? dto.safetyOverride!.reason : null,
          safetyOverrideByUserId: overridden ? actor.id : null,
          attendance: null,
          stepsAddressed: [],
          archivedAt: null,
        });
      });
    } catch (error) {
      throw await this.overlapOr(error, actor.organizationId, leadUserId, startsAt, endsAt);
    }
    if (overridden) this.recordOverride(actor, id, subject.id, 201);
    return this.read(this.dataSource.manager, actor, id);
  }

  async update(actor: Actor, id: string, dto: UpdateSessionDto, ifMatch?: IfMatch): Promise<SessionDto> {
    await this.access.require(actor, SESSIONS, [id]);
    if (dto.cancelledReason !== undefined && dto.status !== 'cancelled') {
      throw DomainError.validation([{ field: 'cancelledReason', message: 'is only given with status "cancelled"' }]);
    }
    let window: { leadUserId: string; startsAt: Date; endsAt: Date } | undefined;
    let overridden = false;
    let coupleId: string | null = null;
    try {
      await this.db.run(async () => {
        const manager = this.db.manager;
        const session = await this.lockScheduled(manager, actor.organizationId, id);
        this.checkOverrideAllowed(actor, dto.safetyOverride, session.kind);
        const startsAt = dto.startsAt !== undefined ? new Date(dto.startsAt) : session.startsAt;
        const durationMinutes = dto.durationMinutes ?? session.durationMinutes;
        const endsAt = new Date(startsAt.getTime() + durationMinutes * 60_000);
        const moved = startsAt.getTime() !== session.startsAt.getTime() || endsAt.getTime() !== session.endsAt.getTime();
        window = { leadUserId: session.leadUserId, startsAt, endsAt };
        coupleId = session.coupleId;
        const changes: Partial<TherapySession> = {};
        if (moved) {
          if (session.kind === 'couple') overridden = await this.safetyGate(manager, actor.organizationId, session.coupleId!, dto.safetyOverride);
          if (dto.status !== 'cancelled') await this.refuseOverlap(manager, actor.organizationId, session.leadUserId, startsAt, endsAt, id);
          Object.assign(changes, { startsAt, durationMinutes, endsAt });
        }
        if (overridden) Object.assign(changes, { safetyOverrideReason: dto.safetyOverride!.reason, safetyOverrideByUserId: actor.id });
        if (dto.modality !== undefined) changes.modality = dto.modality;
        if (dto.location !== undefined) changes.location = dto.location;
        if (dto.plannedStepKeys !== undefined) changes.plannedStepKeys = [...new Set(dto.plannedStepKeys)];
        if (dto.status !== undefined) changes.status = dto.status;
        if (dto.cancelledReason !== undefined) changes.cancelledReason = dto.cancelledReason;
        await updateVersioned(manager, TherapySession, { resource: 'Session', organizationId: actor.organizationId, id, ifMatch }, changes);
      });
    } catch (error) {
      throw window ? await this.overlapOr(error, actor.organizationId, window.leadUserId, window.startsAt, window.endsAt, id) : error;
    }
    if (overridden) this.recordOverride(actor, id, coupleId!, 200);
    return this.read(this.dataSource.manager, actor, id);
  }

  /** DELETE archives a session that is not signed: a signed note is a record that stays. */
  async archive(actor: Actor, id: string, ifMatch?: IfMatch): Promise<SessionDto> {
    await this.access.require(actor, SESSIONS, [id]);
    await this.db.run(async () => {
        const manager = this.db.manager;
      const session = await this.lock(manager, actor.organizationId, id);
      if (session.status === 'completed') throw this.locked();
      await archive(manager, TherapySession, { resource: 'Session', organizationId: actor.organizationId, id, ifMatch });
    });
    return this.read(this.dataSource.manager, actor, id);
  }

  async restore(actor: Actor, id: string, ifMatch?: IfMatch): Promise<SessionDto> {
    await this.access.require(actor, SESSIONS, [id]);
    let session: TherapySession | undefined;
    try {
      await this.db.run(async () => {
        const manager = this.db.manager;
        session = await this.lock(manager, actor.organizationId, id);
        if (session.archivedAt && session.status !== 'cancelled') {
          await this.refuseOverlap(manager, actor.organizationId, session.leadUserId, session.startsAt, session.endsAt, id);
        }
        await restore(manager, TherapySession, { resource: 'Session', organizationId: actor.organizationId, id, ifMatch });
      });
    } catch (error) {
      throw session ? await this.overlapOr(error, actor.organizationId, session.leadUserId, session.startsAt, session.endsAt, id) : error;
    }
    return this.read(this.dataSource.manager, actor, id);
  }

  /**
   * Completes a scheduled session: attendance, steps addressed, and the note, encrypted and signed
   * by the actor. Safe to retry: the same body again answers the completed session; another is 409.
   */
  async complete(actor: Actor, id: string, dto: CompleteSessionDto): Promise<SessionDto> {
    await this.access.require(actor, SESSIONS, [id]);
    await this.requireNoteWriter(actor, id);
    const note = noteFromInput(dto.note);
    const attendance = dto.attendance.map((a) => ({ clientId: a.clientId.toLowerCase(), attended: a.attended }));
    const stepsAddressed = [...new Set(dto.stepsAddressed)];
    await this.db.run(async () => {
        const manager = this.db.manager;
      const session = await this.lock(manager, actor.organizationId, id);
      if (session.status === 'completed') {
        const stored = this.decryptNote(session);
        const same =
          session.signedByUserId === actor.id &&
          canonicalJson({ attendance: session.attendance, stepsAddressed: session.stepsAddressed, note: stored }) ===
            canonicalJson({ attendance, stepsAddressed, note });
        if (same) return;
        throw this.locked();
      }
      if (session.status !== 'scheduled' || session.archivedAt) throw this.notScheduled(session);
      await this.checkAttendance(manager, session, attendance);
      await updateVersioned(
        manager,
        TherapySession,
        { resource: 'Session', organizationId: actor.organizationId, id },
        {
          status: 'completed',
          completedAt: () => 'now()',
          attendance: attendance as never,
          stepsAddressed,
          noteFormat: note.format,
          noteCiphertext: this.notes.cipher.encrypt(JSON.stringify(note), noteAad(SESSION_NOTE_TABLE, actor.organizationId, id)),
          signedAt: () => 'now()',
          signedByUserId: actor.id,
        },
      );
      await this.recordCompletion(manager, actor, session, attendance, stepsAddressed);
    });
    return this.read(this.dataSource.manager, actor, id);
  }

  /** Adds a signed addendum to a completed session's note; the note itself never changes. */
  async addAddendum(actor: Actor, id: string, dto: CreateAddendumDto): Promise<AddendumReceiptDto> {
    await this.access.require(actor, SESSIONS, [id]);
    await this.requireNoteWriter(actor, id);
    const addendumId = randomUUID();
    await this.db.run(async () => {
        const manager = this.db.manager;
      const session = await this.lock(manager, actor.organizationId, id);
      if (session.status !== 'completed') {
        throw new DomainError(ErrorCode.SessionNotCompleted, 'Addenda are added to completed sessions; complete the session first.');
      }
      await manager.query(
        `INSERT INTO session_addenda (organization_id, id, session_id, author_user_id, signed_at, text_ciphertext)
         VALUES ($1, $2, $3, $4, now(), $5)`,
        [actor.organizationId, addendumId, id, actor.id, this.notes.cipher.encrypt(dto.text, noteAad(ADDENDUM_TABLE, actor.organizationId, addendumId))],
      );
      // The session's representation changed: sync sees it through updatedAt and version.
      await manager.query(`UPDATE therapy_sessions SET updated_at = now(), version = version + 1 WHERE organization_id = $1 AND id = $2`, [
        actor.organizationId,
        id,
      ]);
    });
    const addendum = await this.dataSource.manager.findOneByOrFail(SessionAddendum, { organizationId: actor.organizationId, id: addendumId });
    return toReceipt(addendum);
  }

  /**
   * `session_completed` on the open enrollments of the session's subject, in the completing
   * transaction: the client's own enrollments for an individual session, the couple's for a couple
   * session, and for a group session the own enrollments of each member who attended (the group
   * itself is never enrolled). The event carries the steps addressed, never the note.
   */
  private async recordCompletion(
    manager: EntityManager,
    actor: Actor,
    session: TherapySession,
    attendance: Attendance[],
    stepsAddressed: string[],
  ): Promise<void> {
    const subjects =
      session.kind === 'individual'
        ? [{ clientId: session.clientId! }]
        : session.kind === 'couple'
          ? [{ coupleId: session.coupleId! }]
          : attendance.filter((a) => a.attended).map((a) => ({ clientId: a.clientId }));
    for (const subject of subjects) {
      for (const enrollment of await this.timeline.activeEnrollmentsOf(session.organizationId, subject)) {
        await this.timeline.append({
          organizationId: session.organizationId,
          enrollmentId: enrollment.id,
          type: 'session_completed',
          actor: timelineActorOf(actor),
          data: { sessionId: session.id, kind: session.kind, stepsAddressed },
          source: { type: 'session', id: session.id },
          occurredAt: session.startsAt,
        });
      }
    }
  }

  // ---- rules ----

  private subjectOfInput(dto: CreateSessionDto): Subject {
    const given = { individual: dto.clientId, couple: dto.coupleId, group: dto.groupId };
    const field = { individual: 'clientId', couple: 'coupleId', group: 'groupId' } as const;
    const errors: FieldError[] = [];
    for (const kind of Object.keys(given) as SessionKind[]) {
      if (kind === dto.kind && !given[kind]) errors.push({ field: field[kind], message: `is required for a ${kind} session` });
      if (kind !== dto.kind && given[kind]) errors.push({ field: field[kind], message: `is not given for a ${dto.kind} session` });
    }
    if (errors.length > 0) throw DomainError.validation(errors);
    return { kind: dto.kind, id: given[dto.kind]!.toLowerCase() };
  }

  private checkOverrideAllowed(actor: Actor, override: SafetyOverrideInputDto | undefined, kind: SessionKind): void {
    if (!override) return;
    if (kind !== 'couple') throw DomainError.validation([{ field: 'safetyOverride', message: 'applies to couple sessions only' }]);
    if (actor.kind !== 'user' || (actor.role !== 'owner' && actor.role !== 'admin')) {
      throw new DomainError(ErrorCode.Forbidden, 'Only an owner or admin may override the safety screening gate.');
    }
  }

  /**
   * Couple sessions need both partners' latest safety screenings, neither `unsafe`. Returns whether
   * an (already authorised) override was used to pass.
   */
  private async safetyGate(manager: EntityManager, organizationId: string, coupleId: string, override?: SafetyOverrideInputDto): Promise<boolean> {
    const couple = await manager.findOneByOrFail(Couple, { organizationId, id: coupleId });
    const latest = await this.screenings.latestResults(organizationId, [couple.partnerAId, couple.partnerBId]);
    const safety = combineSafety(latest.get(couple.partnerAId) ?? null, latest.get(couple.partnerBId) ?? null);
    if (safety !== 'unsafe' && safety !== 'missing') return false;
    if (override) return true;
    const detail =
      safety === 'unsafe'
        ? 'A partner’s latest safety screening is unsafe: a joint session cannot be scheduled.'
        : 'A partner has no safety screening: screen both partners before scheduling a joint session.';
    throw new DomainError(ErrorCode.SafetyScreeningRequired, detail, { extensions: { safetyStatus: safety } });
  }

  private async checkLead(manager: EntityManager, organizationId: string, leadUserId: string, subject: Subject): Promise<void> {
    if (subject.kind === 'group') {
      await this.staff.requireActive(organizationId, leadUserId, 'leadUserId', GROUP_LEADS);
      return;
    }
    await this.staff.requireActive(organizationId, leadUserId, 'leadUserId', CLINICAL_LEADS);
    const lead = { kind: 'user' as const, id: leadUserId, organizationId, role: (await this.roleOf(manager, organizationId, leadUserId)) as Actor['role'] };
    if (!seesWholeOrganization(lead)) {
      const reach = await this.access.reachable(lead, RESOURCE_OF[subject.kind], [subject.id]);
      if (!reach.has(subject.id)) {
        throw DomainError.validation([{ field: 'leadUserId', message: `must have the ${subject.kind === 'couple' ? 'couple' : 'client'} in their caseload` }]);
      }
    }
  }

  private async roleOf(manager: EntityManager, organizationId: string, userId: string): Promise<string> {
    const [row]: { role: string }[] = await manager.query(`SELECT role FROM staff_users WHERE organization_id = $1 AND id = $2`, [organizationId, userId]);
    return row.role;
  }

  /** The clashing session of a lead in [startsAt, endsAt), if any (cancelled and archived ones do not count). */
  private async findOverlap(
    manager: EntityManager,
    organizationId: string,
    leadUserId: string,
    startsAt: Date,
    endsAt: Date,
    exceptId?: string,
  ): Promise<string | null> {
    const [row]: { id: string }[] = await manager.query(
      `SELECT id FROM therapy_sessions
        WHERE organization_id = $1 AND lead_user_id = $2 AND status <> 'cancelled' AND archived_at IS NULL
          AND starts_at < $4 AND ends_at > $3 AND ($5::uuid IS NULL OR id <> $5::uuid)
        ORDER BY starts_at, id LIMIT 1`,
      [organizationId, leadUserId, startsAt, endsAt, exceptId ?? null],
    );
    return row?.id ?? null;
  }

  private async refuseOverlap(manager: EntityManager, organizationId: string, leadUserId: string, startsAt: Date, endsAt: Date, exceptId?: string) {
    const clash = await this.findOverlap(manager, organizationId, leadUserId, startsAt, endsAt, exceptId);
    if (clash) throw this.overlap(clash);
  }

  /**
   * A concurrent booking can pass the check above and lose at the exclusion constraint instead:
   * the transaction is then over, and the clashing session is looked up again to name it.
   */
  private async overlapOr(error: unknown, organizationId: string, leadUserId: string, startsAt: Date, endsAt: Date, exceptId?: string): Promise<unknown> {
    if (!isExclusionViolation(error, NO_OVERLAP)) return error;
    return this.overlap(await this.findOverlap(this.dataSource.manager, organizationId, leadUserId, startsAt, endsAt, exceptId));
  }

  private overlap(conflictingSessionId: string | null): DomainError {
    return new DomainError(ErrorCode.SessionOverlap, 'The lead is already booked for a session that overlaps this time.', {
      extensions: conflictingSessionId ? { conflictingSessionId } : undefined,
    });
  }

  private async checkAttendance(manager: EntityManager, session: TherapySession, attendance: Attendance[]): Promise<void> {
    let expected: string[];
    if (session.kind === 'individual') expected = [session.clientId!];
    else if (session.kind === 'couple') {
      const couple = await manager.findOneByOrFail(Couple, { organizationId: session.organizationId, id: session.coupleId! });
      expected = [couple.partnerAId, couple.partnerBId];
    } else expected = await this.groups.currentMemberIds(session.organizationId, session.groupId!);
    const given = attendance.map((a) => a.clientId);
    const same = new Set(given).size === given.length && given.length === expected.length && expected.every((id) => given.includes(id));
    if (!same) {
      const who = { individual: 'the client', couple: 'both partners', group: 'the group’s current members' }[session.kind];
      throw DomainError.validation([{ field: 'attendance', message: `must list each participant once: ${who}` }]);
    }
  }

  /** Writing a note (completing, or an addendum) needs the right to read it. */
  private async requireNoteWriter(actor: Actor, id: string): Promise<void> {
    const session = await this.dataSource.manager.findOneByOrFail(TherapySession, { organizationId: actor.organizationId, id });
    const [readable] = await this.noteAccess(this.dataSource.manager, actor, [session]);
    if (!readable) throw new DomainError(ErrorCode.Forbidden, 'You may not write this session’s clinical note.');
  }

  private lock(manager: EntityManager, organizationId: string, id: string): Promise<TherapySession> {
    return lockVersioned(manager, TherapySession, { resource: 'Session', organizationId, id });
  }

  private async lockScheduled(manager: EntityManager, organizationId: string, id: string): Promise<TherapySession> {
    const session = await this.lock(manager, organizationId, id);
    if (session.status === 'completed') throw this.locked();
    if (session.status !== 'scheduled') throw this.notScheduled(session);
    return session;
  }

  private locked(): DomainError {
    return new DomainError(ErrorCode.SessionLocked, 'The session is completed and its note signed: it no longer changes. Add an addendum instead.');
  }

  private notScheduled(session: TherapySession): DomainError {
    return new DomainError(
      ErrorCode.SessionNotScheduled,
      session.archivedAt ? 'The session is archived.' : `The session is ${session.status.replace('_', '-')}, not scheduled.`,
      { extensions: { status: session.status } },
    );
  }

  private recordOverride(actor: Actor, sessionId: string, coupleId: string, status: number): void {
    // The reason stays on the session row: the audit trail holds no clinical text.
    this.audit.record({
      organizationId: actor.organizationId,
      actorType: actor.kind,
      actorId: actor.id,
      action: 'overrideSafetyGate',
      resourceType: 'sessions',
      resourceId: sessionId,
      status,
      detail: { coupleId },
    });
  }

  // ---- reading ----

  private async read(manager: EntityManager, actor: Actor, id: string): Promise<SessionDto> {
    const session = await manager.findOneBy(TherapySession, { organizationId: actor.organizationId, id });
    if (!session) throw DomainError.notFound('Session');
    return (await this.toDtos(manager, actor, [session]))[0];
  }

  /** For each session, whether the actor may read its notes (one query per subject kind at most). */
  private async noteAccess(manager: EntityManager, actor: Actor, sessions: TherapySession[]): Promise<boolean[]> {
    if (actor.kind !== 'user') return sessions.map(() => false);
    const reach = new Map<SessionKind, Set<string>>();
    if (!seesWholeOrganization(actor)) {
      for (const kind of ['individual', 'couple', 'group'] as SessionKind[]) {
        const ids = sessions.filter((s) => s.kind === kind).map((s) => subjectOf(s).id);
        if (ids.length > 0) reach.set(kind, await this.access.reachable(actor, RESOURCE_OF[kind], ids));
      }
    }
    return sessions.map((s) => canReadNotes(actor, s, reach.get(s.kind)?.has(subjectOf(s).id) ?? false));
  }

  private decryptNote(session: TherapySession): SessionNoteDto {
    return JSON.parse(this.notes.cipher.decrypt(session.noteCiphertext!, noteAad(SESSION_NOTE_TABLE, session.organizationId, session.id))) as SessionNoteDto;
  }

  private async toDtos(manager: EntityManager, actor: Actor, sessions: TherapySession[]): Promise<SessionDto[]> {
    if (sessions.length === 0) return [];
    const readable = await this.noteAccess(manager, actor, sessions);
    const withNotes = sessions.filter((s, i) => readable[i] && s.status === 'completed').map((s) => s.id);
    const addenda = new Map<string, SessionAddendumDto[]>();
    if (withNotes.length > 0) {
      const rows = await manager
        .createQueryBuilder(SessionAddendum, 'a')
        .where('a.organizationId = :organizationId AND a.sessionId IN (:...ids)', { organizationId: actor.organizationId, ids: withNotes })
        .orderBy('a.createdAt', 'ASC')
        .addOrderBy('a.id', 'ASC')
        .getMany();
      for (const row of rows) {
        const text = this.notes.cipher.decrypt(row.textCiphertext, noteAad(ADDENDUM_TABLE, row.organizationId, row.id));
        addenda.set(row.sessionId, [...(addenda.get(row.sessionId) ?? []), { ...toReceipt(row), text }]);
      }
    }
    return sessions.map((s, i) => {
      const mayRead = readable[i];
      return {
        id: s.id,
        organizationId: s.organizationId,
        kind: s.kind,
        clientId: s.clientId,
        coupleId: s.coupleId,
        groupId: s.groupId,
        leadUserId: s.leadUserId,
        startsAt: s.startsAt,
        durationMinutes: s.durationMinutes,
        endsAt: s.endsAt,
        modality: s.modality,
        location: s.location,
        plannedStepKeys: s.plannedStepKeys,
        status: s.status,
        cancelledReason: s.cancelledReason,
        safetyOverride: s.safetyOverrideByUserId
          ? { byUserId: s.safetyOverrideByUserId, reason: mayRead ? s.safetyOverrideReason : null }
          : null,
        completedAt: s.completedAt,
        attendance: s.attendance,
        stepsAddressed: s.stepsAddressed,
        signedAt: s.signedAt,
        signedByUserId: s.signedByUserId,
        note: mayRead && s.noteCiphertext ? this.decryptNote(s) : null,
        noteRedacted: !mayRead,
        addenda: addenda.get(s.id) ?? [],
        archivedAt: s.archivedAt,
        createdAt: s.createdAt,
        updatedAt: s.updatedAt,
        version: s.version,
      };
    });
  }
}

function toReceipt(a: SessionAddendum): AddendumReceiptDto {
  return {
    id: a.id,
    sessionId: a.sessionId,
    authorUserId: a.authorUserId,
    signedAt: a.signedAt,
    createdAt: a.createdAt,
    updatedAt: a.updatedAt,
    version: a.version,
  };
}
