import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsIn, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { PageQueryDto } from '../../common/pagination';
import type { Program } from '../../programs/program.entity';
import { KEY_MAX_LENGTH, KEY_PATTERN } from '../../programs/program-rules';
import { STEP_STATUSES, StepStatus } from '../enrollment-step.entity';
import { ENROLLMENT_STATUSES, EnrollmentStatus } from '../enrollment.entity';
import type { EnrollmentRow } from '../enrollments.repository';
import { progressOf, STEP_TARGETS, StepTarget } from '../step-transitions';
import { ApiKebabKey } from '../../http/key-param';
import { OptionalText } from '../../http/text-field';
import { Optional } from '../../http/optional';
import { NotGiven, Union } from '../../http/unions';

/** What every new enrollment names: the program version. */
export abstract class NewEnrollmentDto {
  /** The program version to work through (the built-in `rebuilding-trust` or one of the organization's). */
  @IsUUID('all')
  programId!: string;
}

/** Enrolls a couple: both partners work through the program together. */
export class EnrollCoupleDto extends NewEnrollmentDto {
  /** The couple to enroll. */
  @IsUUID('all')
  coupleId!: string;

  @NotGiven('Left out (or null): an enrollment of a couple names no client.')
  clientId?: null;
}

/** Enrolls a client on their own. */
export class EnrollClientDto extends NewEnrollmentDto {
  /** The client to enroll on their own. */
  @IsUUID('all')
  clientId!: string;

  @NotGiven('Left out (or null): an enrollment of a client names no couple.')
  coupleId?: null;
}

/** Enrolls exactly one subject: a couple (`coupleId`) or a client (`clientId`). */
export type CreateEnrollmentDto = EnrollCoupleDto | EnrollClientDto;
export const CREATE_ENROLLMENT_VARIANTS = Union.byPresence({ coupleId: EnrollCoupleDto, clientId: EnrollClientDto });

export class UpdateEnrollmentDto {
  /** `active ⇄ paused`; `completed` (every step completed) and `withdrawn` are final. */
  @IsIn(ENROLLMENT_STATUSES)
  status!: EnrollmentStatus;
}

export class ListEnrollmentsQueryDto extends PageQueryDto {
  @IsOptional()
  @IsUUID('all')
  coupleId?: string;

  @IsOptional()
  @IsUUID('all')
  clientId?: string;

  @IsOptional()
  @IsIn(ENROLLMENT_STATUSES)
  status?: EnrollmentStatus;

  /** One program version. */
  @IsOptional()
  @IsUUID('all')
  programId?: string;

  /** Every version of one program. */
  @ApiKebabKey({ required: false })
  @IsOptional()
  @IsString()
  @MaxLength(KEY_MAX_LENGTH)
  @Matches(KEY_PATTERN, { message: 'programKey must be a kebab-case program key' })
  programKey?: string;
}

/** Moves one step. A note may go with any move; a setback needs a reason. */
export class MoveStepDto {
  /** `in_progress` starts a step (or, from `completed`, is a setback); `completed` completes it. */
  @IsIn(STEP_TARGETS)
  status!: StepTarget;

  /** Why a completed step goes back to in progress: required for a setback; left out of any other move. */
  @OptionalText(2000)
  reason?: string;

  /** The practitioner's note on this move; it goes on the timeline. */
  @OptionalText(4000)
  note?: string;
}

/** Ticks or unticks one practice, from one partner's viewpoint or both. */
export class TickPracticeDto {
  /** true: done; false: not (any more). */
  @IsBoolean()
  done!: boolean;

  /** Whose viewpoint: partners of the couple (default both), or the enrolled client (the default). */
  @Optional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(2)
  @IsUUID('all', { each: true })
  partnerIds?: string[];

  /** The practitioner's note; it goes on the timeline. */
  @OptionalText(4000)
  note?: string;
}

export class ListEnrollmentEventsQueryDto extends PageQueryDto {
  /** Only events of this type, e.g. `setback`. */
  @IsOptional()
  @IsString()
  @MaxLength(64)
  @Matches(/^[a-z][a-z0-9]*(_[a-z0-9]+)*$/, { message: 'type must be an event type such as step_completed' })
  type?: string;
}

export class ActorRefDto {
  /** `client`: the client themselves, in the portal. */
  @ApiProperty({ enum: ['user', 'apiKey', 'client', 'system'] })
  type!: 'user' | 'apiKey' | 'client' | 'system';
  /** The staff user's, API key's or client's id; null for the system. */
  id!: string | null;
}

export class SubjectDto {
  @ApiProperty({ enum: ['couple', 'client'] })
  type!: 'couple' | 'client';
  id!: string;
}

export class PracticeTickDto {
  /** Whose viewpoint: a partner of the couple, or the enrolled client. */
  partnerId!: string;
  tickedAt!: Date;
  tickedBy!: ActorRefDto;
}

export class EnrollmentPracticeDto {
  /** The practice's key in the enrollment's program (an organization's own program has its own keys). */
  @ApiKebabKey()
  key!: string;
  title!: string;
  /** One per viewpoint that marked the practice done. */
  ticks!: PracticeTickDto[];
}

export class EnrollmentStepDto {
  /** The step's key in the enrollment's program (an organization's own program has its own keys). */
  @ApiKebabKey()
  key!: string;
  position!: number;
  title!: string;
  @ApiProperty({ enum: STEP_STATUSES })
  status!: StepStatus;
  /** When the step was first started. */
  startedAt!: Date | null;
  /** When the step was completed; cleared by a setback. */
  completedAt!: Date | null;
  /** How many times the step went from completed back to in progress. */
  setbacks!: number;
  practices!: EnrollmentPracticeDto[];
}

export class ProgressDto {
  completedSteps!: number;
  totalSteps!: number;
  /** completedSteps / totalSteps, from 0 to 1, rounded to 4 decimals. */
  @ApiProperty({ format: 'double', minimum: 0, maximum: 1 })
  share!: number;
}

export class EnrollmentDto {
  id!: string;
  organizationId!: string;
  programId!: string;
  @ApiKebabKey()
  programKey!: string;
  /** The program version this enrollment is pinned to. */
  programVersion!: number;
  subject!: SubjectDto;
  @ApiProperty({ enum: ENROLLMENT_STATUSES })
  status!: EnrollmentStatus;
  startedAt!: Date;
  completedAt!: Date | null;
  /** Every step of the program version, in order. */
  steps!: EnrollmentStepDto[];
  /** The first step, in order, that is not completed; null when every step is. */
  @ApiKebabKey({ nullable: true })
  currentStepKey!: string | null;
  progress!: ProgressDto;
  createdAt!: Date;
  updatedAt!: Date;
  version!: number;
}

/** An enrollment with every step of its program version, in order, from its row (its steps' states and its ticks in the order they were made). */
export function toEnrollmentDto(enrollment: EnrollmentRow, program: Program): EnrollmentDto {
  const stepOf = new Map(enrollment.steps.map((step) => [step.stepKey, step]));
  const ticksOf = new Map<string, PracticeTickDto[]>();
  for (const tick of enrollment.ticks) {
    const key = `${tick.stepKey}/${tick.practiceKey}`;
    const dto = { partnerId: tick.clientId, tickedAt: new Date(tick.tickedAt), tickedBy: { type: tick.tickedByType, id: tick.tickedById } };
    ticksOf.set(key, [...(ticksOf.get(key) ?? []), dto]);
  }
  const stepDtos: EnrollmentStepDto[] = program.steps.map((definition) => {
    const state = stepOf.get(definition.key);
    return {
      key: definition.key,
      position: definition.position,
      title: definition.title,
      status: state?.status ?? 'not_started',
      startedAt: dateOrNull(state?.startedAt),
      completedAt: dateOrNull(state?.completedAt),
      setbacks: state?.setbacks ?? 0,
      practices: definition.practices.map((practice) => ({
        key: practice.key,
        title: practice.title,
        ticks: ticksOf.get(`${definition.key}/${practice.key}`) ?? [],
      })),
    };
  });
  const { currentStepKey, ...progress } = progressOf(stepDtos);
  return {
    id: enrollment.id,
    organizationId: enrollment.organizationId,
    programId: enrollment.programId,
    programKey: enrollment.programKey,
    programVersion: enrollment.programVersion,
    subject: enrollment.coupleId ? { type: 'couple', id: enrollment.coupleId } : { type: 'client', id: enrollment.clientId! },
    status: enrollment.status,
    startedAt: new Date(enrollment.startedAt),
    completedAt: dateOrNull(enrollment.completedAt),
    steps: stepDtos,
    currentStepKey,
    progress,
    createdAt: new Date(enrollment.createdAt),
    updatedAt: new Date(enrollment.updatedAt),
    version: enrollment.version,
  };
}

/** The reports take an enrollment's instants as Dates: ISO text back to a Date, without the driver's timestamp parser. */
const dateOrNull = (text: string | null | undefined): Date | null => (text ? new Date(text) : null);
