import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AccessService, Resource } from '../access/access.service';
import { Actor, seesWholeOrganization } from '../auth/actor';
import { IfMatch } from '../common/concurrency';
import { Page } from '../common/pagination';
import { CouplesRepository } from '../couples/couples.repository';
import { Transactions } from '../database/transactions';
import { EnrollmentTimeline, timelineActorOf } from '../enrollments/enrollment-timeline';
import { DomainError } from '../errors/domain-error';
import { GroupsService } from '../groups/groups.service';
import {
  AddendumReceiptDto,
  CompleteSessionDto,
  CreateAddendumDto,
  CreateSessionDto,
  ListSessionsQueryDto,
  SessionDto,
  toAddendumReceiptDto,
  toSessionDto,
  UpdateSessionDto,
} from './dto/session.dto';
import { SessionAddendaRepository } from './session-addenda.repository';
import { SessionNotesService } from './session-notes.service';
import * as rules from './session-rules';
import { Booking, SessionScheduling } from './session-scheduling.service';
import { SessionChanges, SessionsRepository, SessionWithChildrenRow } from './sessions.repository';
import { Attendance, TherapySession } from './therapy-session.entity';

@Injectable()
export class SessionsService {
  constructor(
    private readonly db: Transactions,
    private readonly access: AccessService,
    private readonly sessions: SessionsRepository,
    private readonly addenda: SessionAddendaRepository,
    private readonly notes: SessionNotesService,
    private readonly scheduling: SessionScheduling,
    private readonly couples: CouplesRepository,
    private readonly groups: GroupsService,
    private readonly timeline: EnrollmentTimeline,
  ) {}

  async list(actor: Actor, query: ListSessionsQueryDto): Promise<Page<SessionDto>> {
    const { from, to, status, kind, coupleId, groupId, clientId } = query;
    const page = await this.sessions.list(
      {
        organizationId: actor.organizationId,
        reachOf: seesWholeOrganization(actor) ? undefined : { userId: actor.id, role: actor.role },
        leadUserId: query.staffId === 'me' ? actor.id : query.staffId,
        from,
        to,
        status,
        kind,
        coupleId,
        groupId,
        clientId,
      },
      query,
    );
    return { data: page.data.map((session) => this.toDto(actor, session)), nextCursor: page.nextCursor };
  }

  /** The access check and the read in one statement: out of reach reads as missing, a 404 either way. */
  async get(actor: Actor, id: string): Promise<SessionDto> {
    const reach = this.access.reachSql(actor, Resource.Session, 's', '$1', '$3');
    const session = await this.sessions.findWithChildren(actor.organizationId, id, reach ? { userId: actor.id, reach } : this.notes.readerOf(actor));
    if (!session) throw this.access.notFound(Resource.Session);
    return this.toDto(actor, session);
  }

  async create(actor: Actor, dto: CreateSessionDto): Promise<SessionDto> {
    const subject = rules.subjectOfInput(dto);
    const override = dto.kind === 'couple' ? dto.safetyOverride : undefined;
    await this.access.require(actor, rules.SUBJECT_RESOURCE[subject.kind], [subject.id]);
    rules.checkOverrideAllowed(actor, override, subject.kind);
    const leadUserId = rules.leadOf(actor, dto.leadUserId);
    const startsAt = new Date(dto.startsAt);
    const booking: Booking = { organizationId: actor.organizationId, leadUserId, startsAt, endsAt: rules.endOf(startsAt, dto.durationMinutes) };
    const id = randomUUID();
    let overridden = false;
    let created: SessionWithChildrenRow | undefined;
    await this.scheduling.book(() => booking, async () => {
      await this.scheduling.checkLead(actor.organizationId, leadUserId, subject);
      if (subject.kind === 'couple') overridden = await this.scheduling.safetyGate(actor.organizationId, subject.id, override);
      await this.scheduling.refuseOverlap(booking);
      created = await this.sessions.insert(
        {
        organizationId: actor.organizationId,
        id,
        kind: subject.kind,
        clientId: subject.kind === 'individual' ? subject.id : null,
        coupleId: subject.kind === 'couple' ? subject.id : null,
        groupId: subject.kind === 'group' ? subject.id : null,
        leadUserId,
        startsAt,
        durationMinutes: dto.durationMinutes,
        endsAt: booking.endsAt,
        modality: dto.modality,
        location: dto.location ?? null,
        plannedStepKeys: [...new Set(dto.plannedStepKeys ?? [])],
        status: 'scheduled',
        safetyOverrideReason: overridden ? override!.reason : null,
        safetyOverrideByUserId: overridden ? actor.id : null,
        attendance: null,
        stepsAddressed: [],
        archivedAt: null,
        },
        this.notes.readerOf(actor),
      );
    });
    if (overridden) this.scheduling.recordOverride(actor, id, subject.id, 201);
    return this.toDto(actor, created!);
  }

  async update(actor: Actor, id: string, dto: UpdateSessionDto, ifMatch?: IfMatch): Promise<SessionDto> {
    await this.access.require(actor, Resource.Session, [id]);
    rules.checkCancelledReason(dto);
    let booking: Booking | undefined;
    let overridden = false;
    let coupleId: string | null = null;
    let updated: SessionWithChildrenRow | undefined;
    await this.scheduling.book(() => booking, async () => {
      const session = await this.lockScheduled(actor.organizationId, id);
      rules.checkOverrideAllowed(actor, dto.safetyOverride, session.kind);
      const window = rules.windowAfter(session, dto);
      booking = { organizationId: actor.organizationId, leadUserId: session.leadUserId, startsAt: window.startsAt, endsAt: window.endsAt, exceptId: id };
      coupleId = session.coupleId;
      const changes: SessionChanges = rules.plainChanges(dto);
      if (window.moved) {
        if (session.kind === 'couple') overridden = await this.scheduling.safetyGate(actor.organizationId, session.coupleId!, dto.safetyOverride);
        if (dto.status !== 'cancelled') await this.scheduling.refuseOverlap(booking);
        Object.assign(changes, { startsAt: window.startsAt, durationMinutes: window.durationMinutes, endsAt: window.endsAt });
      }
      if (overridden) Object.assign(changes, { safetyOverrideReason: dto.safetyOverride!.reason, safetyOverrideByUserId: actor.id });
      updated = await this.sessions.update(actor.organizationId, id, changes, ifMatch, this.notes.readerOf(actor));
    });
    if (overridden) this.scheduling.recordOverride(actor, id, coupleId!, 200);
    return this.toDto(actor, updated!);
  }

  /** DELETE archives a session that is not signed: a signed note is a record that stays. */
  async archive(actor: Actor, id: string, ifMatch?: IfMatch): Promise<SessionDto> {
    await this.access.require(actor, Resource.Session, [id]);
    const archived = await this.db.run(async () => {
      const session = await this.sessions.lock(actor.organizationId, id);
      if (session.status === 'completed') throw rules.lockedError();
      return this.sessions.archive(actor.organizationId, id, ifMatch, this.notes.readerOf(actor));
    });
    return this.toDto(actor, archived);
  }

  async restore(actor: Actor, id: string, ifMatch?: IfMatch): Promise<SessionDto> {
    await this.access.require(actor, Resource.Session, [id]);
    let booking: Booking | undefined;
    let restored: SessionWithChildrenRow | undefined;
    await this.scheduling.book(() => booking, async () => {
      const session = await this.sessions.lock(actor.organizationId, id);
      booking = { organizationId: actor.organizationId, leadUserId: session.leadUserId, startsAt: session.startsAt, endsAt: session.endsAt, exceptId: id };
      if (session.archivedAt && session.status !== 'cancelled') await this.scheduling.refuseOverlap(booking);
      restored = await this.sessions.restore(actor.organizationId, id, ifMatch, this.notes.readerOf(actor));
    });
    return this.toDto(actor, restored!);
  }

  /**
   * Completes a scheduled session that has started: attendance, steps addressed, and the note,
   * encrypted and signed by the actor. Safe to retry: the same body again answers the completed
   * session; another is 409.
   */
  async complete(actor: Actor, id: string, dto: CompleteSessionDto): Promise<SessionDto> {
    await this.access.require(actor, Resource.Session, [id]);
    await this.notes.requireWriter(actor, id);
    const note = rules.noteFromInput(dto.note);
    const attendance = dto.attendance.map((a) => ({ clientId: a.clientId.toLowerCase(), attended: a.attended }));
    const stepsAddressed = [...new Set(dto.stepsAddressed)];
    const completed = await this.db.run(async () => {
      const session = await this.sessions.lock(actor.organizationId, id);
      if (session.status === 'completed') {
        if (rules.isSameCompletion(session, this.notes.decryptNote(session), actor.id, { attendance, stepsAddressed, note })) {
          return this.sessions.reread(actor.organizationId, id, this.notes.readerOf(actor));
        }
        throw rules.lockedError();
      }
      if (session.status !== 'scheduled' || session.archivedAt) throw rules.notScheduledError(session);
      rules.checkStarted(session, new Date());
      rules.checkAttendance(session.kind, await this.participantIds(session), attendance);
      const written = await this.sessions.complete(
        actor.organizationId,
        id,
        {
          attendance,
          stepsAddressed,
          noteFormat: note.format,
          noteCiphertext: this.notes.encryptNote(actor.organizationId, id, note),
          signedByUserId: actor.id,
        },
        this.notes.readerOf(actor),
      );
      await this.recordCompletion(actor, session, attendance, stepsAddressed);
      return written;
    });
    return this.toDto(actor, completed);
  }

  /** Adds a signed addendum to a completed session's note; the note itself never changes. */
  async addAddendum(actor: Actor, id: string, dto: CreateAddendumDto): Promise<AddendumReceiptDto> {
    await this.access.require(actor, Resource.Session, [id]);
    await this.notes.requireWriter(actor, id);
    const addendumId = randomUUID();
    return this.db.run(async () => {
      const session = await this.sessions.lock(actor.organizationId, id);
      if (session.status !== 'completed') throw rules.notCompletedError();
      const textCiphertext = this.notes.encryptAddendum(actor.organizationId, addendumId, dto.text);
      const addendum = await this.addenda.insert({ organizationId: actor.organizationId, id: addendumId, sessionId: id, authorUserId: actor.id, textCiphertext });
      // The session's representation changed: sync sees it through updatedAt and version.
      await this.sessions.touch(actor.organizationId, id);
      return toAddendumReceiptDto(addendum);
    });
  }

  /** `session_completed` on the open enrollments of the session's subjects, in the completing transaction; never the note. */
  private async recordCompletion(actor: Actor, session: TherapySession, attendance: Attendance[], stepsAddressed: string[]): Promise<void> {
    for (const subject of rules.completionSubjects(session, attendance)) {
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

  private async participantIds(session: TherapySession): Promise<string[]> {
    if (session.kind === 'individual') return [session.clientId!];
    if (session.kind === 'group') return this.groups.currentMemberIds(session.organizationId, session.groupId!);
    const couple = await this.couples.findPartners(session.organizationId, session.coupleId!);
    if (!couple) throw DomainError.notFound('Couple');
    return [couple.partnerAId, couple.partnerBId];
  }

  private async lockScheduled(organizationId: string, id: string): Promise<TherapySession> {
    const session = await this.sessions.lock(organizationId, id);
    if (session.status === 'completed') throw rules.lockedError();
    if (session.status !== 'scheduled') throw rules.notScheduledError(session);
    return session;
  }

  /** The note and addenda decrypted only for those who may read them. */
  private toDto(actor: Actor, session: SessionWithChildrenRow): SessionDto {
    const mayReadNote = this.notes.readable(actor, session);
    return toSessionDto(session, {
      mayReadNote,
      note: mayReadNote && session.noteCiphertext ? this.notes.decryptNote(session) : null,
      addenda: mayReadNote ? this.notes.decryptAddenda(session.organizationId, session.addenda) : [],
    });
  }
}
