import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AccessService, Resource } from '../access/access.service';
import { Actor, ClientActor, RequestActor, seesWholeOrganization } from '../auth/actor';
import { ClientsRepository } from '../clients/clients.repository';
import { IfMatch } from '../common/concurrency';
import { Page, PageQueryDto } from '../common/pagination';
import { CouplesRepository } from '../couples/couples.repository';
import { Transactions } from '../database/transactions';
import { EnrollmentTimeline, timelineActorOf } from '../enrollments/enrollment-timeline';
import { DomainError } from '../errors/domain-error';
import { ErrorCode } from '../errors/error-code';
import { ExercisesService } from '../exercises/exercises.service';
import { GroupsRepository } from '../groups/groups.repository';
import {
  AssignmentTargetRef,
  checkAssignerMayTarget,
  checkGroupTakesAssignments,
  clientRecipients,
  coupleRecipients,
  groupRecipients,
  Recipients,
  targetOf,
} from './assignment-targets';
import { assignmentChange } from './assignment-transitions';
import { AssignmentReader, AssignmentsRepository, AssignmentWithChildrenRow } from './assignments.repository';
import {
  AssignmentBatchDto,
  AssignmentDto,
  CreateAssignmentDto,
  GroupAssignmentSummaryDto,
  ListAssignmentsQueryDto,
  toAssignmentDto,
  toGroupAssignmentSummaryDto,
  UpdateAssignmentDto,
} from './dto/assignment.dto';

const RESOURCE_OF = { client: Resource.Client, couple: Resource.Couple, group: Resource.Group } as const;

/**
 * Exercises given to clients: one row per person, fanned out to both partners of a couple or to the
 * current members of a group in one transaction. Completing one records `assignment_completed` on
 * the open enrollments of the client (and of the couple it came from), without the response.
 *
 * Who reaches an assignment: owners, admins and API keys all of the organization's; practitioners
 * those of clients in their caseload and of groups they run; facilitators those given to groups
 * they run, but never anything given to a member on their own or as a couple, nor the members'
 * client records. A response is read by those who may read the client's record (and the client);
 * others who reach the assignment (a group's facilitator) read it only once the client shared it.
 */
@Injectable()
export class AssignmentsService {
  constructor(
    private readonly db: Transactions,
    private readonly access: AccessService,
    private readonly repository: AssignmentsRepository,
    private readonly exercises: ExercisesService,
    private readonly clients: ClientsRepository,
    private readonly couples: CouplesRepository,
    private readonly groups: GroupsRepository,
    private readonly timeline: EnrollmentTimeline,
  ) {}

  async list(actor: Actor, query: ListAssignmentsQueryDto): Promise<Page<AssignmentDto>> {
    const page = await this.repository.list(
      { ...query, organizationId: actor.organizationId, reachOf: seesWholeOrganization(actor) ? undefined : { userId: actor.id, role: actor.role } },
      query,
    );
    return { data: this.toDtos(actor, page.data), nextCursor: page.nextCursor };
  }

  /** A client's own assignments in the portal, whatever their origin (theirs, their couple's, their group's): never another's. */
  async listOwn(client: ClientActor, page: PageQueryDto): Promise<Page<AssignmentDto>> {
    const found = await this.repository.list({ organizationId: client.organizationId, clientId: client.id }, page);
    return { data: this.toDtos(client, found.data), nextCursor: found.nextCursor };
  }

  /** The access check and the read in one statement: out of reach reads as missing, a 404 either way. */
  async get(actor: RequestActor, id: string): Promise<AssignmentDto> {
    const reach = this.access.reachSql(actor, Resource.Assignment, 'a', '$1', '$3');
    const assignment = await this.repository.findWithChildren(actor.organizationId, id, { ...readerOf(actor), reach });
    if (!assignment) throw this.access.notFound(Resource.Assignment);
    return this.toDtos(actor, [assignment])[0];
  }

  async create(actor: Actor, dto: CreateAssignmentDto): Promise<AssignmentBatchDto> {
    const target = targetOf(dto);
    checkAssignerMayTarget(actor.role, target.kind);
    await this.access.require(actor, RESOURCE_OF[target.kind], [target.id]);
    await this.access.require(actor, Resource.Exercise, [dto.exerciseId]);
    const batchId = randomUUID();
    return this.db.run(async () => {
      const exercise = await this.exercises.find(actor.organizationId, dto.exerciseId);
      if (exercise.archivedAt) {
        throw new DomainError(ErrorCode.ExerciseArchived, 'The exercise is archived: restore it before assigning it.');
      }
      const recipients = await this.recipientsOf(actor.organizationId, target);
      const rows = await this.repository.insertBatch(
        {
        organizationId: actor.organizationId,
        batchId,
        clientIds: recipients.clientIds,
        exerciseId: exercise.id,
        coupleId: recipients.coupleId,
        groupId: recipients.groupId,
        assignedByType: actor.kind,
        assignedById: actor.id,
        dueOn: dto.dueOn ?? null,
        instructions: dto.instructions ?? null,
        },
        readerOf(actor),
      );
      const order = new Map(recipients.clientIds.map((id, i) => [id, i]));
      rows.sort((x, y) => order.get(x.clientId)! - order.get(y.clientId)!);
      return { batchId, assignments: this.toDtos(actor, rows) };
    });
  }

  /** `shareReflection` is the client's own choice: only the portal passes it. */
  async update(actor: RequestActor, id: string, dto: UpdateAssignmentDto & { shareReflection?: boolean }, ifMatch?: IfMatch): Promise<AssignmentDto> {
    await this.access.require(actor, Resource.Assignment, [id]);
    return this.db.run(async () => {
      const current = await this.repository.lock(actor.organizationId, id);
      const change = assignmentChange(current, dto);
      if (change.response !== undefined) change.responseBy = change.response === null ? null : { type: actor.kind, id: actor.id };
      const updated = await this.repository.update(actor.organizationId, id, change, ifMatch, readerOf(actor));
      if (dto.status === 'completed') await this.recordCompletion(actor, updated);
      return this.toDtos(actor, [updated])[0];
    });
  }

  /** Per current member of the group: how the group's assignments stand, by name only. */
  async groupSummary(actor: Actor, groupId: string): Promise<GroupAssignmentSummaryDto> {
    await this.access.require(actor, Resource.Group, [groupId]);
    return toGroupAssignmentSummaryDto(groupId, await this.repository.countsByGroupMember(actor.organizationId, groupId));
  }

  /**
   * Who gets the exercise, read inside the transaction: the client; both partners; or the group's
   * current members at this moment (a share lock on the group row waits for a membership change in
   * flight, which locks or updates that row). Members whose client record is archived are left out.
   */
  private async recipientsOf(organizationId: string, target: AssignmentTargetRef): Promise<Recipients> {
    if (target.kind === 'client') return clientRecipients(target.id, await this.clients.findState(organizationId, target.id));
    if (target.kind === 'couple') return coupleRecipients(target.id, await this.couples.findPartners(organizationId, target.id));
    checkGroupTakesAssignments(await this.groups.findStateForShare(organizationId, target.id));
    return groupRecipients(target.id, await this.groups.currentMemberIdsOfCurrentClients(organizationId, target.id));
  }

  /** `assignment_completed` on the client's open enrollments and, for a couple's assignment, the couple's. */
  private async recordCompletion(actor: RequestActor, assignment: AssignmentWithChildrenRow): Promise<void> {
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
        stepKey: assignment.exerciseStepKey,
        practiceKey: assignment.exercisePracticeKey,
        // Never the response: the timeline shows that the work was done, not what the client wrote.
        data: { exerciseId: assignment.exerciseId, exerciseTitle: assignment.exerciseTitle, clientId: assignment.clientId },
        source: { type: 'assignment', id: assignment.id },
      });
    }
  }

  private toDtos(actor: RequestActor, assignments: AssignmentWithChildrenRow[]): AssignmentDto[] {
    const today = new Date().toISOString().slice(0, 10);
    return assignments.map((a) => toAssignmentDto(a, today, readsRecord(actor, a)));
  }
}

/** Whom an assignment row is read for: a staff member whose caseload decides whether they read its client's record. */
function readerOf(actor: RequestActor): AssignmentReader {
  return { userId: actor.id, caseload: actor.kind !== 'client' && !seesWholeOrganization(actor) };
}

/**
 * Whether the actor reads the client's record (and so the response, shared or not): the client
 * themselves; staff by their reach of clients (the whole organization, or their caseload).
 */
function readsRecord(actor: RequestActor, assignment: AssignmentWithChildrenRow): boolean {
  if (actor.kind === 'client') return assignment.clientId === actor.id;
  return seesWholeOrganization(actor) || assignment.clientInCaseload;
}
