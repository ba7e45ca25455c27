import { Injectable } from '@nestjs/common';
import { Subject, subjectColumn } from '../common/subject';
import { SelectQueryBuilder } from 'typeorm';
import { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { assignmentInReachSql } from '../access/caseload';
import { Role } from '../auth/permissions';
import { clientSql } from '../clients/clients.repository';
import { IfMatch, lockVersioned, updateVersioned } from '../common/concurrency';
import { Transactions } from '../database/transactions';
import { groupSql } from '../groups/groups.repository';
import type { DateWindow } from '../common/calendar-date';
import { Assignment } from './assignment.entity';
import { AssignmentChange, AssignmentStatus } from './assignment-transitions';

/** Today's date in UTC, YYYY-MM-DD: an assignment is overdue from the day after its due date. */
const TODAY_SQL = `(now() AT TIME ZONE 'UTC')::date`;

export type AssignmentListFilter = {
  organizationId: string;
  /** Only what this staff member reaches; unset for those who see the whole organization. */
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

  /** The list query, filtered, for `paginate`. */
  listQuery(filter: AssignmentListFilter): SelectQueryBuilder<Assignment> {
    const qb = this.db.manager.createQueryBuilder(Assignment, 'a').where('a.organizationId = :organizationId', { organizationId: filter.organizationId });
    if (filter.reachOf) {
      qb.andWhere(assignmentInReachSql('a', ':organizationId', ':actorId', filter.reachOf.role), { actorId: filter.reachOf.userId });
    }
    if (filter.clientId) qb.andWhere('a.clientId = :clientId', { clientId: filter.clientId });
    if (filter.coupleId) qb.andWhere('a.coupleId = :coupleId', { coupleId: filter.coupleId });
    if (filter.groupId) qb.andWhere('a.groupId = :groupId', { groupId: filter.groupId });
    if (filter.exerciseId) qb.andWhere('a.exerciseId = :exerciseId', { exerciseId: filter.exerciseId });
    if (filter.status) qb.andWhere('a.status = :status', { status: filter.status });
    if (filter.dueBefore) qb.andWhere('a.dueOn < CAST(:dueBefore AS date)', { dueBefore: filter.dueBefore });
    if (filter.dueAfter) qb.andWhere('a.dueOn > CAST(:dueAfter AS date)', { dueAfter: filter.dueAfter });
    const overdue = `(a.status IN ('assigned', 'in_progress') AND a.due_on < ${TODAY_SQL})`;
    if (filter.overdue === true) qb.andWhere(overdue);
    if (filter.overdue === false) qb.andWhere(`NOT COALESCE(${overdue}, false)`);
    return qb;
  }

  find(organizationId: string, id: string): Promise<Assignment | null> {
    return this.db.manager.findOneBy(Assignment, { organizationId, id });
  }

  /** The assignment `FOR UPDATE`: 404 when missing. */
  lock(organizationId: string, id: string): Promise<Assignment> {
    return lockVersioned(this.db.manager, Assignment, { resource: 'Assignment', organizationId, id });
  }

  /** Applies a PATCH's change; the stamped moments take the database's current time. */
  update(organizationId: string, id: string, change: AssignmentChange, ifMatch?: IfMatch): Promise<Assignment> {
    const changes: QueryDeepPartialEntity<Assignment> = {};
    if (change.status !== undefined) changes.status = change.status;
    for (const stamp of change.stamps) changes[stamp] = () => 'now()';
    if (change.response !== undefined) changes.response = change.response;
    if (change.responseBy !== undefined) {
      changes.responseByType = change.responseBy?.type ?? null;
      changes.responseById = change.responseBy?.id ?? null;
    }
    if (change.shareReflection !== undefined) changes.shareReflection = change.shareReflection;
    return updateVersioned(this.db.manager, Assignment, { resource: 'Assignment', organizationId, id, ifMatch }, changes);
  }

  /** One statement for the whole batch: every person gets theirs, or (on any failure) no one does. */
  async insertBatch(batch: NewAssignmentBatch): Promise<void> {
    await this.db.manager.query(
      `INSERT INTO assignments (organization_id, client_id, exercise_id, couple_id, group_id, batch_id, assigned_by_type, assigned_by_id, due_on, instructions)
       SELECT $1::uuid, r.client_id, $3::uuid, $4::uuid, $5::uuid, $6::uuid, $7::text, $8::uuid, $9::date, $10::text
         FROM unnest($2::uuid[]) AS r(client_id)`,
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
    );
  }

  findBatch(organizationId: string, batchId: string): Promise<Assignment[]> {
    return this.db.manager.findBy(Assignment, { organizationId, batchId });
  }

  /** The names of the clients the given assignments are for, by client id. */
  async clientNames(organizationId: string, assignmentIds: string[]): Promise<Map<string, ClientName>> {
    if (assignmentIds.length === 0) return new Map();
    const rows: { client_id: string; first_name: string; last_name: string; preferred_name: string | null }[] = await this.db.manager.query(
      `SELECT DISTINCT a.client_id, n.first_name, n.last_name, n.preferred_name
         FROM assignments a
         JOIN LATERAL (${clientSql.names('a.organization_id', 'a.client_id')}) AS n ON true
        WHERE a.organization_id = $1 AND a.id = ANY($2::uuid[])`,
      [organizationId, assignmentIds],
    );
    return new Map(rows.map((r) => [r.client_id, { firstName: r.first_name, lastName: r.last_name, preferredName: r.preferred_name }]));
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
