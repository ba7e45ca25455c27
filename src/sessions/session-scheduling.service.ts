import { Injectable } from '@nestjs/common';
import { AccessService } from '../access/access.service';
import { Actor, seesWholeOrganization } from '../auth/actor';
import { AuditWriter } from '../audit/audit.writer';
import { CASELOAD_ROLES, GROUP_LEAD_ROLES } from '../auth/permissions';
import { CouplesRepository } from '../couples/couples.repository';
import { Transactions } from '../database/transactions';
import { isExclusionViolation } from '../database/unique-violation';
import { DomainError } from '../errors/domain-error';
import { combineSafety } from '../screenings/couple-safety';
import { SafetyScreeningsService } from '../screenings/safety-screenings.service';
import { StaffDirectory } from '../staff/staff-directory';
import { SafetyOverrideInputDto } from './dto/session.dto';
import { overlapError, passSafetyGate, SessionSubject, SUBJECT_RESOURCE } from './session-rules';
import { SessionsRepository } from './sessions.repository';

const NO_OVERLAP = 'therapy_sessions_no_overlap';

/** The time a lead is booked for, which no other live session of theirs may overlap. */
export interface Booking {
  organizationId: string;
  leadUserId: string;
  startsAt: Date;
  endsAt: Date;
  /** The session being moved or restored: it does not clash with itself. */
  exceptId?: string;
}

/** What scheduling a session checks against other records: the lead, the couple's safety gate, the lead's other bookings. */
@Injectable()
export class SessionScheduling {
  constructor(
    private readonly db: Transactions,
    private readonly access: AccessService,
    private readonly sessions: SessionsRepository,
    private readonly couples: CouplesRepository,
    private readonly screenings: SafetyScreeningsService,
    private readonly staff: StaffDirectory,
    private readonly audit: AuditWriter,
  ) {}

  /** Groups are led by any active staff member; individual and couple sessions by one who reaches the subject. */
  async checkLead(organizationId: string, leadUserId: string, subject: SessionSubject): Promise<void> {
    const roles = subject.kind === 'group' ? GROUP_LEAD_ROLES : CASELOAD_ROLES;
    const role = await this.staff.requireActive(organizationId, leadUserId, 'leadUserId', roles);
    if (subject.kind === 'group') return;
    const lead: Actor = { kind: 'user', id: leadUserId, organizationId, role };
    if (seesWholeOrganization(lead)) return;
    const reach = await this.access.reachable(lead, SUBJECT_RESOURCE[subject.kind], [subject.id]);
    if (!reach.has(subject.id)) {
      throw DomainError.validation([{ field: 'leadUserId', message: `must have the ${subject.kind === 'couple' ? 'couple' : 'client'} in their caseload` }]);
    }
  }

  /**
   * A couple session passes on both partners' latest screenings, neither missing nor `unsafe`, or by
   * an (already authorised) override: returns whether the override was used.
   */
  async safetyGate(organizationId: string, coupleId: string, override?: SafetyOverrideInputDto): Promise<boolean> {
    const couple = await this.couples.findPartners(organizationId, coupleId);
    if (!couple) throw DomainError.notFound('Couple');
    const latest = await this.screenings.latestResults(organizationId, [couple.partnerAId, couple.partnerBId]);
    const safety = combineSafety(latest.get(couple.partnerAId) ?? null, latest.get(couple.partnerBId) ?? null);
    return passSafetyGate(safety, override !== undefined);
  }

  async refuseOverlap(booking: Booking): Promise<void> {
    const clash = await this.findOverlap(booking);
    if (clash) throw overlapError(clash);
  }

  /**
   * Runs a write that books a lead (`booking` is known once the write has read the session). A
   * concurrent booking can pass the overlap check and lose at the exclusion constraint instead: the
   * transaction is then over, and the clashing session is looked up again to name it.
   */
  async book(booking: () => Booking | undefined, write: () => Promise<void>): Promise<void> {
    try {
      await this.db.run(write);
    } catch (error) {
      const lost = booking();
      if (!lost || !isExclusionViolation(error, NO_OVERLAP)) throw error;
      throw overlapError(await this.findOverlap(lost));
    }
  }

  recordOverride(actor: Actor, sessionId: string, coupleId: string, status: number): void {
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

  private findOverlap(booking: Booking): Promise<string | null> {
    return this.sessions.findOverlap(booking.organizationId, booking.leadUserId, booking.startsAt, booking.endsAt, booking.exceptId);
  }
}
