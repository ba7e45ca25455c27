import { Injectable } from '@nestjs/common';
import { Subject, subjectColumn } from '../common/subject';
import { sessionInReachSql, sessionSubjectInReachSql } from '../access/caseload';
import { archiveAs, IfMatch, lockVersioned, restoreAs, updateVersionedAs, writeReturningRows, WrittenRowShape } from '../common/concurrency';
import { keysetPage, Page, PageQueryDto } from '../common/pagination';
import { coupleSql } from '../couples/couples.repository';
import { isoTimestampSql } from '../database/exact-timestamp';
import { SqlParameters } from '../database/sql-parameters';
import { Transactions } from '../database/transactions';
import { groupSql } from '../groups/groups.repository';
import { AddendumRow, addendumSql } from './session-addenda.repository';
import { Attendance, NoteFormat, SESSION_STATUSES, SessionKind, SessionModality, SessionStatus, TherapySession } from './therapy-session.entity';
import type { DateWindow } from '../common/calendar-date';

export interface SessionListFilter {
  organizationId: string;
  /**
   * Only the sessions this staff member reaches, each with whether its subject is in their caseload
   * or groups (`subjectInReach`); left out for those who see the whole organization.
   */
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

/** A session as reads hand it on: instants ISO 8601 text, the note still encrypted. */
export interface SessionRow {
  id: string;
  organizationId: string;
  kind: SessionKind;
  clientId: string | null;
  coupleId: string | null;
  groupId: string | null;
  leadUserId: string;
  startsAt: string;
  durationMinutes: number;
  endsAt: string;
  modality: SessionModality;
  location: string | null;
  plannedStepKeys: string[];
  status: SessionStatus;
  cancelledReason: string | null;
  safetyOverrideReason: string | null;
  safetyOverrideByUserId: string | null;
  completedAt: string | null;
  attendance: Attendance[] | null;
  stepsAddressed: string[];
  noteCiphertext: string | null;
  signedAt: string | null;
  signedByUserId: string | null;
  archivedAt: string | null;
  createdAt: string;
  updatedAt: string;
  version: number;
}

/** A session with what its response needs beside it, read in the same statement. */
export interface SessionWithChildrenRow extends SessionRow {
  /** Whether the reader's caseload (client, couple) or groups (group) include the session's subject; false when no reader is named. */
  subjectInReach: boolean;
  /** Its addenda, oldest first (only a completed session has any). */
  addenda: AddendumRow[];
}

/** The select list of a `SessionRow` from the row `s`. */
function sessionColumns(s: string): string {
  return `${s}.id, ${s}.organization_id AS "organizationId", ${s}.kind, ${s}.client_id AS "clientId", ${s}.couple_id AS "coupleId",
          ${s}.group_id AS "groupId", ${s}.lead_user_id AS "leadUserId", ${isoTimestampSql(`${s}.starts_at`)} AS "startsAt",
          ${s}.duration_minutes AS "durationMinutes", ${isoTimestampSql(`${s}.ends_at`)} AS "endsAt", ${s}.modality, ${s}.location,
          ${s}.planned_step_keys AS "plannedStepKeys", ${s}.status, ${s}.cancelled_reason AS "cancelledReason",
          ${s}.safety_override_reason AS "safetyOverrideReason", ${s}.safety_override_by_user_id AS "safetyOverrideByUserId",
          ${isoTimestampSql(`${s}.completed_at`)} AS "completedAt", ${s}.attendance, ${s}.steps_addressed AS "stepsAddressed",
          ${s}.note_ciphertext AS "noteCiphertext", ${isoTimestampSql(`${s}.signed_at`)} AS "signedAt", ${s}.signed_by_user_id AS "signedByUserId",
          ${isoTimestampSql(`${s}.archived_at`)} AS "archivedAt", ${isoTimestampSql(`${s}.created_at`)} AS "createdAt",
          ${isoTimestampSql(`${s}.updated_at`)} AS "updatedAt", ${s}.version`;
}

/**
 * The children of the session rows `row` (whose columns are a `SessionRow`'s names), read for those
 * rows only: their addenda, and whether the reader (`readerId`, a placeholder) reaches their subject.
 */
function sessionChildren(organizationId: string, readerId: string | undefined) {
  return {
    columns: `${readerId ? 'sr.subject_in_reach' : 'false'} AS "subjectInReach", ad.addenda`,
    joins: (row: string) =>
      (readerId
        ? `LEFT JOIN LATERAL (SELECT coalesce(${sessionSubjectInReachSql(
            { clientId: `${row}."clientId"`, coupleId: `${row}."coupleId"`, groupId: `${row}."groupId"` },
            organizationId,
            readerId,
          )}, false) AS subject_in_reach) sr ON true `
        : '') + `LEFT JOIN LATERAL (${addendumSql.ofSession(`${row}."organizationId"`, `${row}.id`)}) ad ON true`,
  };
}

/** A written session answered as `findWithChildren` reads it, for the same reader. */
function writtenSession(organizationId: string, reader: SessionReader | undefined): WrittenRowShape {
  return {
    columns: sessionColumns,
    children: (parameter) => sessionChildren(reader ? parameter(organizationId) : '', reader ? parameter(reader.userId) : undefined),
  };
}

/** Whose reach of a session's subject a read or write answers (`subjectInReach`); none for those who see the whole organization. */
export type SessionReader = { userId: string };

const RESOURCE = 'Session';

/** The `therapy_sessions` table's SQL. */
@Injectable()
export class SessionsRepository {
  constructor(private readonly db: Transactions) {}

  /** One page of sessions with their addenda (and, for a reader, whether they reach each subject), in one statement. */
  list(filter: SessionListFilter, page: PageQueryDto): Promise<Page<SessionWithChildrenRow>> {
    const p = new SqlParameters();
    const org = p.add(filter.organizationId);
    const where = [`s.organization_id = ${org}`];
    let readerId: string | undefined;
    if (filter.reachOf) {
      readerId = p.add(filter.reachOf.userId);
      where.push(sessionInReachSql('s', org, readerId, filter.reachOf.role));
    }
    if (filter.from) where.push(`s.starts_at >= CAST(${p.add(filter.from)} AS timestamptz)`);
    if (filter.to) where.push(`s.starts_at < CAST(${p.add(filter.to)} AS timestamptz)`);
    if (filter.leadUserId) where.push(`s.lead_user_id = ${p.add(filter.leadUserId)}`);
    if (filter.status) where.push(`s.status = ${p.add(filter.status)}`);
    if (filter.kind) where.push(`s.kind = ${p.add(filter.kind)}`);
    if (filter.coupleId) where.push(`s.couple_id = ${p.add(filter.coupleId)}`);
    if (filter.groupId) where.push(`s.group_id = ${p.add(filter.groupId)}`);
    if (filter.clientId) {
      const clientId = p.add(filter.clientId);
      where.push(`(s.client_id = ${clientId}
                   OR s.couple_id IN (${coupleSql.idsWithPartner('s.organization_id', clientId)})
                   OR s.group_id IN (${groupSql.idsWithCurrentMember('s.organization_id', clientId)}))`);
    }
    return keysetPage<SessionWithChildrenRow>(
      {
        columns: sessionColumns('s'),
        from: 'therapy_sessions s',
        where,
        parameters: p,
        created: 's.created_at',
        updated: 's.updated_at',
        id: 's.id',
        archivedAt: 's.archived_at',
        children: sessionChildren(org, readerId),
      },
      page,
      (sql, parameters) => this.db.manager.query(sql, parameters),
    );
  }

  /**
   * The session with its addenda, in one statement. With a `reader`, also whether they reach its
   * subject, and `reach` (from the access rules, with `$3` for the reader's id) narrows it to what
   * they reach. Null when missing or out of reach.
   */
  async findWithChildren(organizationId: string, id: string, reader?: SessionReader & { reach?: string }): Promise<SessionWithChildrenRow | null> {
    const children = sessionChildren('$1', reader ? '$3' : undefined);
    const rows: SessionWithChildrenRow[] = await this.db.manager.query(
      `SELECT page.*, ${children.columns}
         FROM (SELECT ${sessionColumns('s')} FROM therapy_sessions s WHERE s.organization_id = $1 AND s.id = $2${reader?.reach ? ` AND ${reader.reach}` : ''}) page
         ${children.joins('page')}`,
      reader ? [organizationId, id, reader.userId] : [organizationId, id],
    );
    return rows[0] ?? null;
  }

  findById(organizationId: string, id: string): Promise<TherapySession | null> {
    return this.db.manager.findOneBy(TherapySession, { organizationId, id });
  }

  /** Inserts the session and answers it as `findWithChildren` would, in the same statement. */
  async insert(session: NewSession, reader?: SessionReader): Promise<SessionWithChildrenRow> {
    const [sql, parameters] = this.db.manager.createQueryBuilder().insert().into(TherapySession).values(session).returning('*').getQueryAndParameters();
    const [row] = await writeReturningRows<SessionWithChildrenRow>(this.db.manager, sql, parameters, writtenSession(session.organizationId, reader));
    return row;
  }

  /** The session, locked for the rest of the transaction. */
  lock(organizationId: string, id: string): Promise<TherapySession> {
    return lockVersioned(this.db.manager, TherapySession, { resource: RESOURCE, organizationId, id });
  }

  /**
   * The writes below answer the session as `findWithChildren` reads it for `reader`, from the write's
   * own statement; when there was nothing to change, they read it (404 and 412 as `updateVersioned`).
   */
  async update(organizationId: string, id: string, changes: SessionChanges, ifMatch: IfMatch | undefined, reader?: SessionReader): Promise<SessionWithChildrenRow> {
    const written = await updateVersionedAs<TherapySession, SessionWithChildrenRow>(
      this.db.manager,
      TherapySession,
      { resource: RESOURCE, organizationId, id, ifMatch },
      changes,
      writtenSession(organizationId, reader),
    );
    return written ?? this.reread(organizationId, id, reader);
  }

  /** Writes the completion, signed and timed by the database clock. */
  async complete(organizationId: string, id: string, completion: SessionCompletion, reader?: SessionReader): Promise<SessionWithChildrenRow> {
    const written = await updateVersionedAs<TherapySession, SessionWithChildrenRow>(
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
      writtenSession(organizationId, reader),
    );
    return written ?? this.reread(organizationId, id, reader);
  }

  async archive(organizationId: string, id: string, ifMatch: IfMatch | undefined, reader?: SessionReader): Promise<SessionWithChildrenRow> {
    const target = { resource: RESOURCE, organizationId, id, ifMatch };
    const written = await archiveAs<TherapySession, SessionWithChildrenRow>(this.db.manager, TherapySession, target, writtenSession(organizationId, reader));
    return written ?? this.reread(organizationId, id, reader);
  }

  async restore(organizationId: string, id: string, ifMatch: IfMatch | undefined, reader?: SessionReader): Promise<SessionWithChildrenRow> {
    const target = { resource: RESOURCE, organizationId, id, ifMatch };
    const written = await restoreAs<TherapySession, SessionWithChildrenRow>(this.db.manager, TherapySession, target, writtenSession(organizationId, reader));
    return written ?? this.reread(organizationId, id, reader);
  }

  /** The session a write left as it was (it exists: the write locked it). */
  async reread(organizationId: string, id: string, reader?: SessionReader): Promise<SessionWithChildrenRow> {
    const session = await this.findWithChildren(organizationId, id, reader);
    if (!session) throw new Error(`session ${id} vanished under its lock`);
    return session;
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
