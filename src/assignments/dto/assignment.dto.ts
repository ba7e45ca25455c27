import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, IsString, IsUUID, MaxLength, ValidateIf } from 'class-validator';
import { IsCalendarDate } from '../../common/calendar-date';
import { PageQueryDto } from '../../common/pagination';
import { queryBoolean } from '../../http/transforms';
import { ASSIGNMENT_STATUSES, ASSIGNMENT_TARGETS, AssignmentStatus, AssignmentTarget, isClosed } from '../assignment-transitions';
import type { AssignmentWithChildrenRow, MemberAssignmentCounts } from '../assignments.repository';
import { ApiKebabKey } from '../../http/key-param';
import { OptionalText } from '../../http/text-field';
import { Optional } from '../../http/optional';
import { ApiPracticeKey, ApiStepKey } from '../../programs/built-in/built-in-keys';
import { NotGiven, Union } from '../../http/unions';

/** Longest response or reflection a client may give, in characters. */
export const RESPONSE_MAX = 20_000;

/** What every new assignment has, whoever gets it. */
export abstract class NewAssignmentDto {
  /** A built-in exercise or one of the organization's (not archived). */
  @IsUUID('all')
  exerciseId!: string;

  /** The calendar day it is due, YYYY-MM-DD. */
  @ApiPropertyOptional({ format: 'date', example: '2031-03-01' })
  @Optional()
  @IsCalendarDate()
  dueOn?: string;

  /** Extra instructions for this assignment, beside the exercise's own. */
  @OptionalText(4000)
  instructions?: string;
}

/** Gives the exercise to one client. */
export class AssignToClientDto extends NewAssignmentDto {
  /** The client. */
  @IsUUID('all')
  clientId!: string;

  @NotGiven('Left out (or null) when assigning to a client.')
  coupleId?: null;

  @NotGiven('Left out (or null) when assigning to a client.')
  groupId?: null;
}

/** Gives the exercise to both partners of a couple: one assignment each. */
export class AssignToCoupleDto extends NewAssignmentDto {
  /** The couple: each partner gets the exercise. */
  @IsUUID('all')
  coupleId!: string;

  @NotGiven('Left out (or null) when assigning to a couple.')
  clientId?: null;

  @NotGiven('Left out (or null) when assigning to a couple.')
  groupId?: null;
}

/** Gives the exercise to every current member of a group (facilitators assign only to groups they run). */
export class AssignToGroupDto extends NewAssignmentDto {
  /** The group: each current member gets the exercise. */
  @IsUUID('all')
  groupId!: string;

  @NotGiven('Left out (or null) when assigning to a group.')
  clientId?: null;

  @NotGiven('Left out (or null) when assigning to a group.')
  coupleId?: null;
}

/**
 * Gives one exercise to one client, to both partners of a couple, or to every current member of a
 * group: exactly one of `clientId`, `coupleId`, `groupId`. One assignment per person is created.
 */
export type CreateAssignmentDto = AssignToClientDto | AssignToCoupleDto | AssignToGroupDto;
export const CREATE_ASSIGNMENT_VARIANTS = Union.byPresence({ clientId: AssignToClientDto, coupleId: AssignToCoupleDto, groupId: AssignToGroupDto });

/**
 * Moves an assignment on and/or records the client's response: `assigned → in_progress`,
 * `assigned | in_progress → completed | skipped`. Completed and skipped assignments are final.
 */
export class UpdateAssignmentDto {
  @ApiPropertyOptional({ enum: ASSIGNMENT_TARGETS })
  @Optional()
  @IsIn(ASSIGNMENT_TARGETS)
  status?: AssignmentTarget;

  /** The client's response or reflection, as they gave it; `null` clears it. */
  @Optional({ nullable: true })
  @IsString()
  @MaxLength(RESPONSE_MAX)
  response?: string | null;
}

export class ListAssignmentsQueryDto extends PageQueryDto {
  /** Assignments of this client (whatever their origin). */
  @ValidateIf((_object: object, value: unknown) => value !== undefined)
  @IsUUID('all')
  clientId?: string;

  /** Assignments given to this couple. */
  @ValidateIf((_object: object, value: unknown) => value !== undefined)
  @IsUUID('all')
  coupleId?: string;

  /** Assignments given to this group. */
  @ValidateIf((_object: object, value: unknown) => value !== undefined)
  @IsUUID('all')
  groupId?: string;

  @IsOptional()
  @IsUUID('all')
  exerciseId?: string;

  @ApiPropertyOptional({ enum: ASSIGNMENT_STATUSES })
  @IsOptional()
  @IsIn(ASSIGNMENT_STATUSES)
  status?: AssignmentStatus;

  /** Due strictly before this day (YYYY-MM-DD); assignments without a due date are left out. */
  @ApiPropertyOptional({ format: 'date' })
  @IsOptional()
  @IsCalendarDate()
  dueBefore?: string;

  /** Due strictly after this day (YYYY-MM-DD); assignments without a due date are left out. */
  @ApiPropertyOptional({ format: 'date' })
  @IsOptional()
  @IsCalendarDate()
  dueAfter?: string;

  /** `true`: open (assigned or in progress) and due before today (UTC); `false`: all others. */
  @ApiPropertyOptional()
  @IsOptional()
  @Transform(queryBoolean)
  @IsBoolean()
  overdue?: boolean;
}

export class AssignedByDto {
  @ApiProperty({ enum: ['user', 'apiKey'] })
  type!: 'user' | 'apiKey';
  id!: string;
}

/** The exercise, as much of it as a list needs; the full text is at `GET /v1/exercises/{id}`. */
export class AssignmentExerciseDto {
  id!: string;
  @ApiKebabKey()
  key!: string;
  title!: string;
  @ApiStepKey()
  stepKey!: string;
  @ApiPracticeKey({ nullable: true })
  practiceKey!: string | null;
  builtIn!: boolean;
}

/** Who wrote the response: `client` is the client themselves, in the portal; `user` or `apiKey` staff entering it for them. */
export class ResponseByDto {
  @ApiProperty({ enum: ['user', 'apiKey', 'client'] })
  type!: 'user' | 'apiKey' | 'client';
  id!: string;
}

/** The client, by name only: facilitators see this much of their groups' members and no more. */
export class AssignmentClientDto {
  id!: string;
  firstName!: string;
  lastName!: string;
  preferredName!: string | null;
}

export class AssignmentDto {
  id!: string;
  organizationId!: string;
  /** Shared by the assignments one request created (both partners, a whole group). */
  batchId!: string;
  exerciseId!: string;
  exercise!: AssignmentExerciseDto;
  clientId!: string;
  client!: AssignmentClientDto;
  /** The couple it was given to, if it was fanned out to both partners. */
  coupleId!: string | null;
  /** The group it was given to, if it was fanned out to the group's members. */
  groupId!: string | null;
  assignedBy!: AssignedByDto;
  @ApiProperty({ type: String, format: 'date' })
  dueOn!: string | null;
  instructions!: string | null;
  @ApiProperty({ enum: ASSIGNMENT_STATUSES })
  status!: AssignmentStatus;
  /** Open (assigned or in progress) past its due date (UTC). */
  overdue!: boolean;
  /**
   * The client's response or reflection, as they gave it. `null` when there is none, and also for
   * a reader who reaches the assignment but not the client's record (a group's facilitator) while
   * the client has not shared it (`shareReflection` false).
   */
  response!: string | null;
  /** Who wrote the response (`client`: the client's own words); null when `response` is null. */
  responseBy!: ResponseByDto | null;
  /** The client chose (in the portal) to share their reflection with the group's facilitators. */
  shareReflection!: boolean;
  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  startedAt!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  completedAt!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  skippedAt!: string | null;
  @ApiProperty({ type: String, format: 'date-time' })
  createdAt!: string;
  @ApiProperty({ type: String, format: 'date-time' })
  updatedAt!: string;
  version!: number;
}

/** What `POST /v1/assignments` answers: the batch and the assignment of each person in it. */
export class AssignmentBatchDto {
  batchId!: string;
  assignments!: AssignmentDto[];
}

/** One current member of a group and how the group's assignments stand for them. Names only. */
export class GroupMemberAssignmentSummaryDto {
  clientId!: string;
  firstName!: string;
  lastName!: string;
  preferredName!: string | null;
  assigned!: number;
  inProgress!: number;
  completed!: number;
  skipped!: number;
  /** Open (assigned or in progress) past the due date; counted in `assigned` or `inProgress` too. */
  overdue!: number;
}

export class GroupAssignmentSummaryDto {
  groupId!: string;
  /** Current members, in the order they joined: not those who left, nor clients archived since (archiving ends a membership). */
  members!: GroupMemberAssignmentSummaryDto[];
}

/**
 * `today` is the current UTC date, YYYY-MM-DD: an open assignment due before it is overdue.
 * `readsRecord`: the reader may read the client's record (or is the client), so sees the response
 * whether shared or not; other readers see it only when the client shared it.
 */
export function toAssignmentDto(a: AssignmentWithChildrenRow, today: string, readsRecord: boolean): AssignmentDto {
  return {
    id: a.id,
    organizationId: a.organizationId,
    batchId: a.batchId,
    exerciseId: a.exerciseId,
    exercise: {
      id: a.exerciseId,
      key: a.exerciseKey,
      title: a.exerciseTitle,
      stepKey: a.exerciseStepKey,
      practiceKey: a.exercisePracticeKey,
      builtIn: a.exerciseBuiltIn,
    },
    clientId: a.clientId,
    client: { id: a.clientId, firstName: a.clientFirstName, lastName: a.clientLastName, preferredName: a.clientPreferredName },
    coupleId: a.coupleId,
    groupId: a.groupId,
    assignedBy: { type: a.assignedByType, id: a.assignedById },
    dueOn: a.dueOn,
    instructions: a.instructions,
    status: a.status,
    overdue: !isClosed(a.status) && a.dueOn !== null && a.dueOn < today,
    response: readsRecord || a.shareReflection ? a.response : null,
    responseBy: (readsRecord || a.shareReflection) && a.responseByType && a.responseById ? { type: a.responseByType, id: a.responseById } : null,
    shareReflection: a.shareReflection,
    startedAt: a.startedAt,
    completedAt: a.completedAt,
    skippedAt: a.skippedAt,
    createdAt: a.createdAt,
    updatedAt: a.updatedAt,
    version: a.version,
  };
}

export function toGroupAssignmentSummaryDto(groupId: string, members: MemberAssignmentCounts[]): GroupAssignmentSummaryDto {
  return {
    groupId,
    members: members.map((m) => ({
      clientId: m.clientId,
      firstName: m.firstName,
      lastName: m.lastName,
      preferredName: m.preferredName,
      assigned: m.assigned,
      inProgress: m.inProgress,
      completed: m.completed,
      skipped: m.skipped,
      overdue: m.overdue,
    })),
  };
}
