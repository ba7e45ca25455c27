import { Injectable } from '@nestjs/common';
import { Subject, subjectColumn } from '../common/subject';
import { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { assignmentInReachSql, clientInCaseloadSql } from '../access/caseload';
import { Role } from '../auth/permissions';
import { clientSql } from '../clients/clients.repository';
import { IfMatch, lockVersioned, updateVersionedAs, writeReturningRows, WrittenRowShape } from '../common/concurrency';
import { keysetPage, Page, PageQueryDto } from '../common/pagination';
import { isoTimestampSql } from '../database/exact-timestamp';
import { SqlParameters } from '../database/sql-parameters';
import { Transactions } from '../database/transactions';
import { exerciseSql } from '../exercises/exercises.repository';
import { groupSql } from '../groups/groups.repository';
import type { DateWindow } from '../common/calendar-date';
import { Assignment } from './assignment.entity';
import { AssignmentChange, AssignmentStatus } from './assignment-transitions';

/** Today's date in UTC, YYYY-MM-DD: an assignment is overdue from the day after its due date. */
const TODAY_SQL = `(now() AT TIME ZONE 'UTC')::date`;

export type AssignmentListFilter = {
  organizationId: string;
  /**
   * Only what this staff member reaches, each with whether its client is in their caseload
   * (`clientInCaseload`); unset for those who see the whole organization.
   */
  reachOf?: { userId: string; role: Role };
  clientId?: string;
  coupleId?: string;
  groupId?: string;
  exerciseId?: string;
  status?: AssignmentStatus;
  dueBefore?: string;
  dueAfter?: string;
  overdue?: boolean;
};

/** One batch: one row per client, sharing everything else. */
export type NewAssignmentBatch = {
  organizationId: string;
  batchId: string;
  clientIds: string[];
  exerciseId: string;
  coupleId: string | null;
  groupId: string | null;
  assignedByType: 'user' | 'apiKey';
  assignedById: string;
  dueOn: string | null;
  instructions: string | null;
};

export type ClientName = { firstName: string; lastName: string; preferredName: string | null };

/** An assignment as reads hand it on: `dueOn` YYYY-MM-DD, instants ISO 8601 text. */
export interface AssignmentRow {
  id: string;
  organizationId: string;
  batchId: string;
  exerciseId: string;
  clientId: string;
  coupleId: string | null;
  groupId: string | null;
  assignedByType: Assignment['assignedByType'];
  assignedById: string;
  dueOn: string | null;
  instructions: string | null;
  status: AssignmentStatus;
  response: string | null;
  responseByType: Assignment['responseByType'];
  responseById: string | null;
  shareReflection: boolean;
  startedAt: string | null;
  completedAt: string | null;
  skippedAt: string | null;
  createdAt: string;
  updatedAt: string;
  version: number;
}

/** What an assignment's response shows beside it: its exercise, its client's names, and whether the reader has the client in their caseload. */
export interface AssignmentChildrenRow {
  exerciseKey: string;
  exerciseTitle: string;
  exerciseStepKey: string;
  exercisePracticeKey: string | null;
  exerciseBuiltIn: boolean;
  clientFirstName: string;
  clientLastName: string;
  clientPreferredName: string | null;
  /** False when no reader's caseload is asked about. */
  clientInCaseload: boolean;
}

export type AssignmentWithChildrenRow = AssignmentRow & AssignmentChildrenRow;

/**
 * Who reads an assignment by id: their id (`$3`), the access rules' condition narrowing it to what
 * they reach, and whether the statement tells if its client is in their caseload.
 */
export interface AssignmentReader {
  userId: string;
  reach?: string;
  caseload: boolean;
}

/** The select list of an `AssignmentRow` from the row `a`. */
function assignmentColumns(a: string): string {
  return `${a}.id, ${a}.organization_id AS "organizationId", ${a}.batch_id AS "batchId", ${a}.exercise_id AS "exerciseId",
          ${a}.client_id AS "clientId", ${a}.couple_id AS "coupleId", ${a}.group_id AS "groupId", ${a}.assigned_by_type AS "assignedByType",
          ${a}.assigned_by_id AS "assignedById", to_char(${a}.due_on, 'YYYY-MM-DD') AS "dueOn", ${a}.instructions, ${a}.status, ${a}.response,
          ${a}.response_by_type AS "responseByType", ${a}.response_by_id AS "responseById", ${a}.share_reflection AS "shareReflection",
          ${isoTimestampSql(`${a}.started_at`)} AS "startedAt", ${isoTimestampSql(`${a}.completed_at`)} AS "completedAt",
          ${isoTimestampSql(`${a}.skipped_at`)} AS "skippedAt", ${isoTimestampSql(`${a}.created_at`)} AS "createdAt",
          ${isoTimestampSql(`${a}.updated_at`)} AS "updatedAt", ${a}.version`;
}

/**
 * The children of the assignment rows `row` (whose columns are an `AssignmentRow`'s names), read for
 * those rows only; `caseloadOf` (a placeholder) is the staff member whose caseload `clientInCaseload` is about.
 */
function assignmentChildren(organizationId: string, caseloadOf: string | undefined) {
  return {
    columns: `ex.key AS "exerciseKey", ex.title AS "exerciseTitle", ex.step_key AS "exerciseStepKey", ex.practice_key AS "exercisePracticeKey",
              ex.built_in AS "exerciseBuiltIn", n.first_name AS "clientFirstName", n.last_name AS "clientLastName",
              n.preferred_name AS "clientPreferredName", ${caseloadOf ? 'cl.in_caseload' : 'false'} AS "clientInCaseload"`,
    joins: (row: string) =>
      `JOIN LATERAL (${exerciseSql.summary(`${row}."exerciseId"`)}) ex ON true
       JOIN LATERAL (${clientSql.names(`${row}."organizationId"`, `${row}."clientId"`)}) n ON true` +
      (caseloadOf ? ` CROSS JOIN LATERAL (SELECT coalesce(${clientInCaseloadSql(`${row}."clientId"`, organizationId, caseloadOf)}, false) AS in_caseload) cl` : ''),
  };
}

/** Written assignments answered as `findWithChildren` reads them, for the same reader. */
function writtenAssignment(organizationId: string, reader: AssignmentReader | undefined): WrittenRowShape {
  return {
    columns: assignmentColumns,
    children: (parameter) => (reader?.caseload ? assignmentChildren(parameter(organizationId), parameter(reader.userId)) : assignmentChildren('', undefined)),
  };
}

/** A current member of a group, by name, and how the group's assignments stand for them. */
export type MemberAssignmentCounts = ClientName & {
  clientId: string;
  assigned: number;
  inProgress: number;
  completed: number;
  skipped: number;
  overdue: number;
};

/** The `assignments` table's SQL. */
@Injectable()
export class AssignmentsRepository {
  constructor(private readonly db: Transactions) {}

  /** One page of assignments with their exercises and clients' names, in one statement. */
  list(filter: AssignmentListFilter, page: PageQueryDto): Promise<Page<AssignmentWithChildrenRow>> {
    const p = new SqlParameters();
    const org = p.add(filter.organizationId);
    const where = [`a.organization_id = ${org}`];
    let caseloadOf: string | undefined;
    if (filter.reachOf) {
      caseloadOf = p.add(filter.reachOf.userId);
      where.push(assignmentInReachSql('a', org, caseloadOf, filter.reachOf.role));
    }
    if (filter.clientId) where.push(`a.client_id = ${p.add(filter.clientId)}`);
    if (filter.coupleId) where.push(`a.couple_id = ${p.add(filter.coupleId)}`);
    if (filter.groupId) where.push(`a.group_id = ${p.add(filter.groupId)}`);
    if (filter.exerciseId) where.push(`a.exercise_id = ${p.add(filter.exerciseId)}`);
    if (filter.status) where.push(`a.status = ${p.add(filter.status)}`);
    if (filter.dueBefore) where.push(`a.due_on < CAST(${p.add(filter.dueBefore)} AS date)`);
    if (filter.dueAfter) where.push(`a.due_on > CAST(${p.add(filter.dueAfter)} AS date)`);
    const overdue = `(a.status IN ('assigned', 'in_progress') AND a.due_on < ${TODAY_SQL})`;
    if (filter.overdue === true) where.push(overdue);
    if (filter.overdue === false) where.push(`NOT COALESCE(${overdue}, false)`);
    return keysetPage<AssignmentWithChildrenRow>(
      {
        columns: assignmentColumns('a'),
        from: 'assignments a',
        where,
        parameters: p,
        created: 'a.created_at',
        updated: 'a.updated_at',
        id: 'a.id',
        children: assignmentChildren(org, caseloadOf),
      },
      page,
      (sql, parameters) => this.db.manager.query(sql, parameters),
    );
  }

  /**
   * The assignment with its children, in one statement; a `reader`'s `reach` (from the access rules,
   * with `$3` for their id) narrows it to what they reach. Null when missing or out of reach.
   */
  async findWithChildren(organizationId: string, id: string, reader?: AssignmentReader): Promise<AssignmentWithChildrenRow | null> {
    const rows = await this.withChildren(`a.organization_id = $1 AND a.id = $2${reader?.reach ? ` AND ${reader.reach}` : ''}`, [organizationId, id], reader);
    return rows[0] ?? null;
  }

  /** The assignments `where` finds (`$1`, `$2` its parameters; `$3` the reader's id), with their children. */
  private withChildren(where: string, parameters: [string, string], reader: AssignmentReader | undefined): Promise<AssignmentWithChildrenRow[]> {
    const children = assignmentChildren('$1', reader?.caseload ? '$3' : undefined);
    const usesReader = reader !== undefined && (reader.reach !== undefined || reader.caseload);
    return this.db.manager.query(
      `SELECT page.*, ${children.columns}
         FROM (SELECT ${assignmentColumns('a')} FROM assignments a WHERE ${where}) page
         ${children.joins('page')}`,
      usesReader ? [...parameters, reader.userId] : parameters,
    );
  }

  /** The assignment `FOR UPDATE`: 404 when missing. */
  lock(organizationId: string, id: string): Promise<Assignment> {
    return lockVersioned(this.db.manager, Assignment, { resource: 'Assignment', organizationId, id });
  }

  /**
   * Applies a PATCH's change (the stamped moments take the database's current time) and answers the
   * assignment as `findWithChildren` reads it for `reader`, from the UPDATE's own statement (a read
   * only when there was nothing to change).
   */
  async update(organizationId: string, id: string, change: AssignmentChange, ifMatch: IfMatch | undefined, reader?: AssignmentReader): Promise<AssignmentWithChildrenRow> {
    const changes: QueryDeepPartialEntity<Assignment> = {};
    if (change.status !== undefined) changes.status = change.status;
    for (const stamp of change.stamps) changes[stamp] = () => 'now()';
    if (change.response !== undefined) changes.response = change.response;
    if (change.responseBy !== undefined) {
      changes.responseByType = change.responseBy?.type ?? null;
      changes.responseById = change.responseBy?.id ?? null;
    }
    if (change.shareReflection !== undefined) changes.shareReflection = change.shareReflection;
    const target = { resource: 'Assignment', organizationId, id, ifMatch };
    const written = await updateVersionedAs<Assignment, AssignmentWithChildrenRow>(this.db.manager, Assignment, target, changes, writtenAssignment(organizationId, reader));
    if (written) return written;
    const current = await this.findWithChildren(organizationId, id, reader);
    if (!current) throw new Error(`assignment ${id} vanished under its lock`);
    return current;
  }

  /**
   * One statement for the whole batch: every person gets theirs, or (on any failure) no one does.
   * Answers the assignments it created as `findWithChildren` reads them for `reader`, in no particular order.
   */
  insertBatch(batch: NewAssignmentBatch, reader?: AssignmentReader): Promise<AssignmentWithChildrenRow[]> {
    return writeReturningRows<AssignmentWithChildrenRow>(
      this.db.manager,
      `INSERT INTO assignments (organization_id, client_id, exercise_id, couple_id, group_id, batch_id, assigned_by_type, assigned_by_id, due_on, instructions)
       SELECT $1::uuid, r.client_id, $3::uuid, $4::uuid, $5::uuid, $6::uuid, $7::text, $8::uuid, $9::date, $10::text
         FROM unnest($2::uuid[]) AS r(client_id)
       RETURNING *`,
      [
        batch.organizationId,
        batch.clientIds,
        batch.exerciseId,
        batch.coupleId,
        batch.groupId,
        batch.batchId,
        batch.assignedByType,
        batch.assignedById,
        batch.dueOn,
        batch.instructions,
      ],
      writtenAssignment(batch.organizationId, reader),
    );
  }

  /** Per current member of the group, in the order they joined: their names and the group's assignments by status. */
  async countsByGroupMember(organizationId: string, groupId: string): Promise<MemberAssignmentCounts[]> {
    const rows: {
      client_id: string;
      first_name: string;
      last_name: string;
      preferred_name: string | null;
      assigned: number;
      in_progress: number;
      completed: number;
      skipped: number;
      overdue: number;
    }[] = await this.db.manager.query(
      `SELECT m.client_id, n.first_name, n.last_name, n.preferred_name,
              count(a.id) FILTER (WHERE a.status = 'assigned')::int AS assigned,
              count(a.id) FILTER (WHERE a.status = 'in_progress')::int AS in_progress,
              count(a.id) FILTER (WHERE a.status = 'completed')::int AS completed,
              count(a.id) FILTER (WHERE a.status = 'skipped')::int AS skipped,
              count(a.id) FILTER (WHERE a.status IN ('assigned', 'in_progress') AND a.due_on < ${TODAY_SQL})::int AS overdue
         FROM (${groupSql.currentMembers('$1', '$2')}) AS m
         JOIN LATERAL (${clientSql.names('$1', 'm.client_id')}) AS n ON true
         LEFT JOIN assignments a ON a.organization_id = $1 AND a.group_id = $2 AND a.client_id = m.client_id
        GROUP BY m.client_id, n.first_name, n.last_name, n.preferred_name, m.joined_at
        ORDER BY m.joined_at, m.client_id`,
      [organizationId, groupId],
    );
    return rows.map((r) => ({
      clientId: r.client_id,
      firstName: r.first_name,
      lastName: r.last_name,
      preferredName: r.preferred_name,
      assigned: r.assigned,
      inProgress: r.in_progress,
      completed: r.completed,
      skipped: r.skipped,
      overdue: r.overdue,
    }));
  }

  /**
   * The subject's assignments in `window` (calendar days in `timeZone`): how many were given, and how
   * many were completed or skipped, then; and how many of those given are still open now.
   */
  async countsBetween(
    organizationId: string,
    subject: Subject,
    window: DateWindow,
    timeZone: string,
  ): Promise<{ given: number; completed: number; skipped: number; open: number }> {
    const [row] = await this.db.manager.query(
      `WITH bounds AS (SELECT ($3::date::timestamp AT TIME ZONE $5) AS starts, (($4::date + 1)::timestamp AT TIME ZONE $5) AS ends)
       SELECT count(*) FILTER (WHERE a.created_at >= b.starts AND a.created_at < b.ends)::int AS given,
              count(*) FILTER (WHERE a.completed_at >= b.starts AND a.completed_at < b.ends)::int AS completed,
              count(*) FILTER (WHERE a.skipped_at >= b.starts AND a.skipped_at < b.ends)::int AS skipped,
              count(*) FILTER (WHERE a.created_at >= b.starts AND a.created_at < b.ends AND a.status IN ('assigned', 'in_progress'))::int AS open
         FROM assignments a CROSS JOIN bounds b
        WHERE a.organization_id = $1 AND a.${subjectColumn(subject).column} = $2`,
      [organizationId, subjectColumn(subject).id, window.from, window.to, timeZone],
    );
    return row;
  }
}
