import { Injectable } from '@nestjs/common';
import { Subject, subjectColumn } from '../common/subject';
import { sessionInReachSql } from '../access/caseload';
import { archive, IfMatch, lockVersioned, restore, updateVersioned } from '../common/concurrency';
import { Page, paginate, PageQueryDto } from '../common/pagination';
import { coupleSql } from '../couples/couples.repository';
import { Transactions } from '../database/transactions';
import { groupSql } from '../groups/groups.repository';
import { Attendance, NoteFormat, SESSION_STATUSES, SessionKind, SessionStatus, TherapySession } from './therapy-session.entity';
import type { DateWindow } from '../common/calendar-date';

export interface SessionListFilter {
  organizationId: string;
  /** Only the sessions this staff member reaches; left out for those who see the whole organization. */
  reachOf?: { userId: string; role: string };
  from?: string;
  to?: string;
  leadUserId?: string;
  status?: SessionStatus;
  kind?: SessionKind;
  coupleId?: string;
  groupId?: string;
  /** The client's individual sessions, their couples' and their current groups'. */
  clientId?: string;
}

export type NewSession = Omit<
  TherapySession,
  'createdAt' | 'updatedAt' | 'version' | 'completedAt' | 'cancelledReason' | 'noteFormat' | 'noteCiphertext' | 'signedAt' | 'signedByUserId'
>;

export type SessionChanges = Partial<
  Pick<
    TherapySession,
    | 'startsAt'
    | 'durationMinutes'
    | 'endsAt'
    | 'modality'
    | 'location'
    | 'plannedStepKeys'
    | 'status'
    | 'cancelledReason'
    | 'safetyOverrideReason'
    | 'safetyOverrideByUserId'
  >
>;

export interface SessionCompletion {
  attendance: Attendance[];
  stepsAddressed: string[];
  noteFormat: NoteFormat;
  noteCiphertext: string;
  signedByUserId: string;
}

const RESOURCE = 'Session';

/** The `therapy_sessions` table's SQL. */
@Injectable()
export class SessionsRepository {
  constructor(private readonly db: Transactions) {}

  list(filter: SessionListFilter, page: PageQueryDto): Promise<Page<TherapySession>> {
    const qb = this.db.manager
      .createQueryBuilder(TherapySession, 's')
      .where('s.organizationId = :organizationId', { organizationId: filter.organizationId });
    if (filter.reachOf) {
      qb.andWhere(sessionInReachSql('s', ':organizationId', ':actorId', filter.reachOf.role), { actorId: filter.reachOf.userId });
    }
    if (filter.from) qb.andWhere('s.startsAt >= CAST(:from AS timestamptz)', { from: filter.from });
    if (filter.to) qb.andWhere('s.startsAt < CAST(:to AS timestamptz)', { to: filter.to });
    if (filter.leadUserId) qb.andWhere('s.leadUserId = :staffId', { staffId: filter.leadUserId });
    if (filter.status) qb.andWhere('s.status = :status', { status: filter.status });
    if (filter.kind) qb.andWhere('s.kind = :kind', { kind: filter.kind });
    if (filter.coupleId) qb.andWhere('s.coupleId = :coupleId', { coupleId: filter.coupleId });
    if (filter.groupId) qb.andWhere('s.groupId = :groupId', { groupId: filter.groupId });
    if (filter.clientId) {
      qb.andWhere(
        `(s.client_id = :clientId
          OR s.couple_id IN (${coupleSql.idsWithPartner('s.organization_id', ':clientId')})
          OR s.group_id IN (${groupSql.idsWithCurrentMember('s.organization_id', ':clientId')}))`,
        { clientId: filter.clientId },
      );
    }
    return paginate(qb, page);
  }

  findById(organizationId: string, id: string): Promise<TherapySession | null> {
    return this.db.manager.findOneBy(TherapySession, { organizationId, id });
  }

  async insert(session: NewSession): Promise<void> {
    await this.db.manager.insert(TherapySession, session);
  }

  /** The session, locked for the rest of the transaction. */
  lock(organizationId: string, id: string): Promise<TherapySession> {
    return lockVersioned(this.db.manager, TherapySession, { resource: RESOURCE, organizationId, id });
  }

  update(organizationId: string, id: string, changes: SessionChanges, ifMatch?: IfMatch): Promise<TherapySession> {
    return updateVersioned(this.db.manager, TherapySession, { resource: RESOURCE, organizationId, id, ifMatch }, changes);
  }

  /** Writes the completion, signed and timed by the database clock. */
  complete(organizationId: string, id: string, completion: SessionCompletion): Promise<TherapySession> {
    return updateVersioned(
      this.db.manager,
      TherapySession,
      { resource: RESOURCE, organizationId, id },
      {
        ...completion,
        status: 'completed',
        completedAt: () => 'now()',
        attendance: completion.attendance as never,
        signedAt: () => 'now()',
      },
    );
  }

  archive(organizationId: string, id: string, ifMatch?: IfMatch): Promise<TherapySession> {
    return archive(this.db.manager, TherapySession, { resource: RESOURCE, organizationId, id, ifMatch });
  }

  restore(organizationId: string, id: string, ifMatch?: IfMatch): Promise<TherapySession> {
    return restore(this.db.manager, TherapySession, { resource: RESOURCE, organizationId, id, ifMatch });
  }

  /** The first live session of the lead in [startsAt, endsAt), other than `exceptId`: cancelled and archived ones do not count. */
  async findOverlap(organizationId: string, leadUserId: string, startsAt: Date, endsAt: Date, exceptId?: string): Promise<string | null> {
    const [row]: { id: string }[] = await this.db.manager.query(
      `SELECT id FROM therapy_sessions
        WHERE organization_id = $1 AND lead_user_id = $2 AND status <> 'cancelled' AND archived_at IS NULL
          AND starts_at < $4 AND ends_at > $3 AND ($5::uuid IS NULL OR id <> $5::uuid)
        ORDER BY starts_at, id LIMIT 1`,
      [organizationId, leadUserId, startsAt, endsAt, exceptId ?? null],
    );
    return row?.id ?? null;
  }

  /** Marks the session changed (a new addendum) so sync sees it through updatedAt and version. */
  async touch(organizationId: string, id: string): Promise<void> {
    await this.db.manager.query(`UPDATE therapy_sessions SET updated_at = now(), version = version + 1 WHERE organization_id = $1 AND id = $2`, [
      organizationId,
      id,
    ]);
  }

  /**
   * The subject's sessions (archived ones left out) that start within `window`, counted by status;
   * a day is a calendar day in `timeZone`. A couple's are its joint sessions; a client's, their own.
   */
  async countsByStatus(organizationId: string, subject: Subject, window: DateWindow, timeZone: string): Promise<Record<SessionStatus, number>> {
    const rows: { status: SessionStatus; n: number }[] = await this.db.manager.query(
      `SELECT status, count(*)::int AS n FROM therapy_sessions
        WHERE organization_id = $1 AND ${subjectColumn(subject).column} = $2 AND archived_at IS NULL
          AND starts_at >= ($3::date::timestamp AT TIME ZONE $5) AND starts_at < (($4::date + 1)::timestamp AT TIME ZONE $5)
        GROUP BY status`,
      [organizationId, subjectColumn(subject).id, window.from, window.to, timeZone],
    );
    const counts = Object.fromEntries(SESSION_STATUSES.map((status) => [status, 0])) as Record<SessionStatus, number>;
    for (const row of rows) counts[row.status] = row.n;
    return counts;
  }
}
