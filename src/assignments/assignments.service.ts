import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AccessService, Resource } from '../access/access.service';
import { assignmentInReachSql } from '../access/caseload';
import { Actor, seesWholeOrganization } from '../auth/actor';
import { CLIENTS } from '../clients/clients.service';
import { IfMatch, lockVersioned, updateVersioned } from '../common/concurrency';
import { Page, paginate } from '../common/pagination';
import { COUPLES } from '../couples/couples.service';
import { EnrollmentTimeline, timelineActorOf } from '../enrollments/enrollment-timeline';
import { DomainError, FieldError } from '../errors/domain-error';
import { ErrorCode } from '../errors/error-code';
import { Exercise } from '../exercises/exercise.entity';
import { EXERCISES, ExercisesService } from '../exercises/exercises.service';
import { GROUPS } from '../groups/groups.service';
import { Assignment } from './assignment.entity';
import { assignmentTransitionRefusal, isClosed } from './assignment-transitions';
import {
  AssignmentBatchDto,
  AssignmentClientDto,
  AssignmentDto,
  CreateAssignmentDto,
  GroupAssignmentSummaryDto,
  ListAssignmentsQueryDto,
  UpdateAssignmentDto,
} from './dto/assignment.dto';
import { Transactions } from '../database/transactions';

export const ASSIGNMENTS = Resource.Assignment;
/** Today's date in UTC, YYYY-MM-DD: an assignment is overdue from the day after its due date. */
const TODAY_SQL = `(now() AT TIME ZONE 'UTC')::date`;

type Recipients = { clientIds: string[]; coupleId: string | null; groupId: string | null };

/**
 * Exercises given to clients: one row per person, fanned out to both partners of a couple or to the
 * current members of a group in one transaction. Completing one records `assignment_completed` on
 * the open enrollments of the client (and of the couple it came from), without the response.
 *
 * Who reaches an assignment: owners, admins and API keys all of the organization's; practitioners
 * those of clients in their caseload and of groups they run; facilitators those given to groups
 * they run, response included (it is the group's homework), but never anything given to a member
 * on their own or as a couple, nor the members' client records.
 */
@Injectable()
export class AssignmentsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly db: Transactions,
    private readonly access: AccessService,
    private readonly exercises: ExercisesService,
    private readonly timeline: EnrollmentTimeline,
  ) {}

  async list(actor: Actor, query: ListAssignmentsQueryDto): Promise<Page<AssignmentDto>> {
    const qb = this.dataSource
      .getRepository(Assignment)
      .createQueryBuilder('a')
      .where('a.organizationId = :organizationId', { organizationId: actor.organizationId });
    if (!seesWholeOrganization(actor)) qb.andWhere(assignmentInReachSql('a', ':organizationId', ':actorId', actor.role), { actorId: actor.id });
    if (query.clientId) qb.andWhere('a.clientId = :clientId', { clientId: query.clientId });
    if (query.coupleId) qb.andWhere('a.coupleId = :coupleId', { coupleId: query.coupleId });
    if (query.groupId) qb.andWhere('a.groupId = :groupId', { groupId: query.groupId });
    if (query.exerciseId) qb.andWhere('a.exerciseId = :exerciseId', { exerciseId: query.exerciseId });
    if (query.status) qb.andWhere('a.status = :status', { status: query.status });
    if (query.dueBefore) qb.andWhere('a.dueOn < CAST(:dueBefore AS date)', { dueBefore: query.dueBefore });
    if (query.dueAfter) qb.andWhere('a.dueOn > CAST(:dueAfter AS date)', { dueAfter: query.dueAfter });
    const overdue = `(a.status IN ('assigned', 'in_progress') AND a.due_on < ${TODAY_SQL})`;
    if (query.overdue === true) qb.andWhere(overdue);
    if (query.overdue === false) qb.andWhere(`NOT COALESCE(${overdue}, false)`);
    const page = await paginate(qb, query);
    return { data: await this.toDtos(this.dataSource.manager, actor.organizationId, page.data), nextCursor: page.nextCursor };
  }

  async get(actor: Actor, id: string): Promise<AssignmentDto> {
    await this.access.require(actor, ASSIGNMENTS, [id]);
    return this.read(this.dataSource.manager, actor.organizationId, id);
  }

  async create(actor: Actor, dto: CreateAssignmentDto): Promise<AssignmentBatchDto> {
    const target = this.targetOf(dto);
    if (actor.role === 'facilitator' && target.kind !== 'group') {
      throw new DomainError(ErrorCode.Forbidden, 'Facilitators assign exercises to the groups they run, not to clients or couples.');
    }
    await this.access.require(actor, { client: CLIENTS, couple: COUPLES, group: GROUPS }[target.kind], [target.id]);
    await this.access.require(actor, EXERCISES, [dto.exerciseId]);
    const batchId = randomUUID();
    return this.db.run(async () => {
      const manager = this.db.manager;
      const exercise = await this.exercises.find(actor.organizationId, dto.exerciseId);
      if (exercise.archivedAt) {
        throw new DomainError(ErrorCode.ExerciseArchived, 'The exercise is archived: restore it before assigning it.');
      }
      const recipients = await this.recipientsOf(manager, actor.organizationId, target);
      // One statement for the whole batch: every person gets theirs, or (on any failure) no one does.
      await manager.query(
        `INSERT INTO assignments (organization_id, client_id, exercise_id, couple_id, group_id, batch_id, assigned_by_type, assigned_by_id, due_on, instructions)
         SELECT $1::uuid, r.client_id, $3::uuid, $4::uuid, $5::uuid, $6::uuid, $7::text, $8::uuid, $9::date, $10::text
           FROM unnest($2::uuid[]) AS r(client_id)`,
        [
          actor.organizationId,
          recipients.clientIds,
          exercise.id,
          recipients.coupleId,
          recipients.groupId,
          batchId,
          actor.kind,
          actor.id,
          dto.dueOn ?? null,
          dto.instructions ?? null,
        ],
      );
      const rows = await manager
        .createQueryBuilder(Assignment, 'a')
        .where('a.organizationId = :organizationId AND a.batchId = :batchId', { organizationId: actor.organizationId, batchId })
        .getMany();
      const order = new Map(recipients.clientIds.map((id, i) => [id, i]));
      rows.sort((x, y) => order.get(x.clientId)! - order.get(y.clientId)!);
      return { batchId, assignments: await this.toDtos(manager, actor.organizationId, rows) };
    });
  }

  async update(actor: Actor, id: string, dto: UpdateAssignmentDto, ifMatch?: IfMatch): Promise<AssignmentDto> {
    await this.access.require(actor, ASSIGNMENTS, [id]);
    if (dto.status === undefined && dto.response === undefined) {
      throw DomainError.validation([{ field: 'status', message: 'give a status, a response, or both' }]);
    }
    return this.db.run(async () => {
      const manager = this.db.manager;
      const current = await this.lock(manager, actor.organizationId, id);
      const changes: Partial<Record<keyof Assignment, unknown>> = {};
      if (dto.status !== undefined) {
        const refusal = assignmentTransitionRefusal(current.status, dto.status);
        if (refusal) throw new DomainError(refusal.code, refusal.detail, { extensions: { status: current.status } });
        changes.status = dto.status;
        // Completing straight from `assigned` also starts it; skipping leaves startedAt as it was.
        if (dto.status === 'in_progress' || (dto.status === 'completed' && !current.startedAt)) changes.startedAt = () => 'now()';
        if (dto.status === 'completed') changes.completedAt = () => 'now()';
        if (dto.status === 'skipped') changes.skippedAt = () => 'now()';
      } else if (isClosed(current.status)) {
        throw new DomainError(ErrorCode.AssignmentClosed, `The assignment is ${current.status}: it no longer changes.`, {
          extensions: { status: current.status },
        });
      }
      if (dto.response !== undefined) changes.response = dto.response;
      const updated = await updateVersioned(manager, Assignment, { resource: 'Assignment', organizationId: actor.organizationId, id, ifMatch }, changes as never);
      if (dto.status === 'completed') await this.recordCompletion(manager, actor, updated);
      return this.read(manager, actor.organizationId, id);
    });
  }

  /** Per current member of the group: how the group's assignments stand, by name only. */
  async groupSummary(actor: Actor, groupId: string): Promise<GroupAssignmentSummaryDto> {
    await this.access.require(actor, GROUPS, [groupId]);
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
    }[] = await this.dataSource.query(
      `SELECT m.client_id, c.first_name, c.last_name, c.preferred_name,
              count(a.id) FILTER (WHERE a.status = 'assigned')::int AS assigned,
              count(a.id) FILTER (WHERE a.status = 'in_progress')::int AS in_progress,
              count(a.id) FILTER (WHERE a.status = 'completed')::int AS completed,
              count(a.id) FILTER (WHERE a.status = 'skipped')::int AS skipped,
              count(a.id) FILTER (WHERE a.status IN ('assigned', 'in_progress') AND a.due_on < ${TODAY_SQL})::int AS overdue
         FROM group_members m
         JOIN clients c ON c.organization_id = m.organization_id AND c.id = m.client_id
         LEFT JOIN assignments a ON a.organization_id = m.organization_id AND a.group_id = m.group_id AND a.client_id = m.client_id
        WHERE m.organization_id = $1 AND m.group_id = $2 AND m.left_at IS NULL
        GROUP BY m.client_id, c.first_name, c.last_name, c.preferred_name, m.joined_at
        ORDER BY m.joined_at, m.client_id`,
      [actor.organizationId, groupId],
    );
    return {
      groupId,
      members: rows.map((r) => ({
        clientId: r.client_id,
        firstName: r.first_name,
        lastName: r.last_name,
        preferredName: r.preferred_name,
        assigned: r.assigned,
        inProgress: r.in_progress,
        completed: r.completed,
        skipped: r.skipped,
        overdue: r.overdue,
      })),
    };
  }

  // ---- rules ----

  private targetOf(dto: CreateAssignmentDto): { kind: 'client' | 'couple' | 'group'; id: string } {
    const given = (['clientId', 'coupleId', 'groupId'] as const).filter((field) => dto[field] !== undefined);
    if (given.length !== 1) {
      const message = 'give exactly one of clientId, coupleId and groupId';
      const errors: FieldError[] = (given.length === 0 ? (['clientId', 'coupleId', 'groupId'] as const) : given).map((field) => ({ field, message }));
      throw DomainError.validation(errors);
    }
    const field = given[0];
    return { kind: field === 'clientId' ? 'client' : field === 'coupleId' ? 'couple' : 'group', id: dto[field]!.toLowerCase() };
  }

  /**
   * Who gets the exercise, read inside the transaction: the client; both partners; or the group's
   * current members at this moment (a share lock on the group row waits for a membership change in
   * flight, which locks or updates that row). Members whose client record is archived are left out.
   */
  private async recipientsOf(manager: EntityManager, organizationId: string, target: { kind: string; id: string }): Promise<Recipients> {
    if (target.kind === 'client') {
      const [client]: { archived_at: Date | null }[] = await manager.query(`SELECT archived_at FROM clients WHERE organization_id = $1 AND id = $2`, [
        organizationId,
        target.id,
      ]);
      if (!client) throw DomainError.notFound('Client');
      if (client.archived_at) throw new DomainError(ErrorCode.SubjectArchived, 'The client is archived; restore them before assigning them an exercise.');
      return { clientIds: [target.id], coupleId: null, groupId: null };
    }
    if (target.kind === 'couple') {
      const [couple]: { partner_a_id: string; partner_b_id: string; archived_at: Date | null }[] = await manager.query(
        `SELECT partner_a_id, partner_b_id, archived_at FROM couples WHERE organization_id = $1 AND id = $2`,
        [organizationId, target.id],
      );
      if (!couple) throw DomainError.notFound('Couple');
      if (couple.archived_at) throw new DomainError(ErrorCode.SubjectArchived, 'The couple is archived; restore it before assigning it an exercise.');
      return { clientIds: [couple.partner_a_id, couple.partner_b_id], coupleId: target.id, groupId: null };
    }
    const [group]: { status: string; archived_at: Date | null }[] = await manager.query(
      `SELECT status, archived_at FROM groups WHERE organization_id = $1 AND id = $2 FOR SHARE`,
      [organizationId, target.id],
    );
    if (!group) throw DomainError.notFound('Group');
    if (group.status === 'closed' || group.archived_at) {
      throw new DomainError(ErrorCode.GroupClosed, 'The group is closed or archived: it takes no new assignments.');
    }
    const members: { client_id: string }[] = await manager.query(
      `SELECT m.client_id FROM group_members m JOIN clients c ON c.organization_id = m.organization_id AND c.id = m.client_id
        WHERE m.organization_id = $1 AND m.group_id = $2 AND m.left_at IS NULL AND c.archived_at IS NULL
        ORDER BY m.joined_at, m.client_id`,
      [organizationId, target.id],
    );
    if (members.length === 0) throw new DomainError(ErrorCode.GroupHasNoMembers, 'The group has no current members to assign the exercise to.');
    return { clientIds: members.map((m) => m.client_id), coupleId: null, groupId: target.id };
  }

  /** `assignment_completed` on the client's open enrollments and, for a couple's assignment, the couple's. */
  private async recordCompletion(manager: EntityManager, actor: Actor, assignment: Assignment): Promise<void> {
    const exercise = await manager.findOneByOrFail(Exercise, { id: assignment.exerciseId });
    const enrollments = [
      ...(await this.timeline.activeEnrollmentsOf(actor.organizationId, { clientId: assignment.clientId })),
      ...(assignment.coupleId ? await this.timeline.activeEnrollmentsOf(actor.organizationId, { coupleId: assignment.coupleId }) : []),
    ];
    for (const enrollment of enrollments) {
      await this.timeline.append({
        organizationId: actor.organizationId,
        enrollmentId: enrollment.id,
        type: 'assignment_completed',
        actor: timelineActorOf(actor),
        stepKey: exercise.stepKey,
        practiceKey: exercise.practiceKey,
        // Never the response: the timeline shows that the work was done, not what the client wrote.
        data: { exerciseId: exercise.id, exerciseTitle: exercise.title, clientId: assignment.clientId },
        source: { type: 'assignment', id: assignment.id },
      });
    }
  }

  // ---- reading ----

  private lock(manager: EntityManager, organizationId: string, id: string): Promise<Assignment> {
    return lockVersioned(manager, Assignment, { resource: 'Assignment', organizationId, id });
  }

  private async read(manager: EntityManager, organizationId: string, id: string): Promise<AssignmentDto> {
    const assignment = await manager.findOneBy(Assignment, { organizationId, id });
    if (!assignment) throw DomainError.notFound('Assignment');
    return (await this.toDtos(manager, organizationId, [assignment]))[0];
  }

  private async toDtos(manager: EntityManager, organizationId: string, assignments: Assignment[]): Promise<AssignmentDto[]> {
    if (assignments.length === 0) return [];
    const exerciseIds = [...new Set(assignments.map((a) => a.exerciseId))];
    const clientIds = [...new Set(assignments.map((a) => a.clientId))];
    const exercises = new Map(
      (await manager.createQueryBuilder(Exercise, 'e').where('e.id IN (:...ids)', { ids: exerciseIds }).getMany()).map((e) => [e.id, e]),
    );
    const names: { id: string; first_name: string; last_name: string; preferred_name: string | null }[] = await manager.query(
      `SELECT id, first_name, last_name, preferred_name FROM clients WHERE organization_id = $1 AND id = ANY($2::uuid[])`,
      [organizationId, clientIds],
    );
    const clients = new Map<string, AssignmentClientDto>(
      names.map((c) => [c.id, { id: c.id, firstName: c.first_name, lastName: c.last_name, preferredName: c.preferred_name }]),
    );
    const today = new Date().toISOString().slice(0, 10);
    return assignments.map((a) => {
      const exercise = exercises.get(a.exerciseId)!;
      return {
        id: a.id,
        organizationId: a.organizationId,
        batchId: a.batchId,
        exerciseId: a.exerciseId,
        exercise: {
          id: exercise.id,
          key: exercise.key,
          title: exercise.title,
          stepKey: exercise.stepKey,
          practiceKey: exercise.practiceKey,
          builtIn: exercise.organizationId === null,
        },
        clientId: a.clientId,
        client: clients.get(a.clientId)!,
        coupleId: a.coupleId,
        groupId: a.groupId,
        assignedBy: { type: a.assignedByType, id: a.assignedById },
        dueOn: a.dueOn,
        instructions: a.instructions,
        status: a.status,
        overdue: !isClosed(a.status) && a.dueOn !== null && a.dueOn < today,
        response: a.response,
        startedAt: a.startedAt,
        completedAt: a.completedAt,
        skippedAt: a.skippedAt,
        createdAt: a.createdAt,
        updatedAt: a.updatedAt,
        version: a.version,
      };
    });
  }
}
