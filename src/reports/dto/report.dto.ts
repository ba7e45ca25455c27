import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { CALENDAR_DATE_PATTERN, IsCalendarDate } from '../../common/calendar-date';
import { ApiKebabKey } from '../../http/key-param';
import { ENROLLMENT_STATUSES, type EnrollmentStatus } from '../../enrollments/enrollment.entity';
import { STEP_STATUSES, type StepStatus } from '../../enrollments/enrollment-step.entity';
import { MeasureTrendsDto } from '../../measurements/dto/measure-trends.dto';
import { PeriodReliabilityDto, WeekReliabilityDto } from '../../reliability/dto/reliability.dto';
import { BOUNDARY_STATUSES, type BoundaryStatus } from '../../boundaries/rules/boundary-state';
import { BREACH_SEVERITIES, type BreachSeverity } from '../../boundaries/boundary-breach.entity';

const DATE = { type: String, format: 'date', pattern: CALENDAR_DATE_PATTERN } as const;
const COUNT = { type: 'integer', minimum: 0 } as const;

/** The longest period one report covers, in days (both ends included). */
export const MAX_REPORT_DAYS = 731;
/** The period a report covers when `from` is left out: `to` and the days before it. */
export const DEFAULT_REPORT_DAYS = 90;

export class ReportQueryDto {
  /** The first day of the period (included), in the organization's time zone. `to` − 89 days when left out. */
  @ApiPropertyOptional({ ...DATE, example: '2031-01-01' })
  @IsOptional()
  @IsCalendarDate()
  from?: string;

  /** The last day of the period (included): today when left out, and never after today. At most 731 days after `from`. */
  @ApiPropertyOptional({ ...DATE, example: '2031-03-31' })
  @IsOptional()
  @IsCalendarDate()
  to?: string;
}

export class ReportPersonDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;
  firstName!: string;
  lastName!: string;
  preferredName!: string | null;
}

export class ReportSubjectDto {
  @ApiProperty({ enum: ['couple', 'client'] })
  type!: 'couple' | 'client';
  @ApiProperty({ format: 'uuid' })
  id!: string;
  /** The couple's two partners in its order, or the client. */
  @ApiProperty({ type: [ReportPersonDto], minItems: 1, maxItems: 2 })
  people!: ReportPersonDto[];
}

export class ReportOrganizationDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;
  name!: string;
  /** The IANA time zone every day of the report is counted in. */
  timeZone!: string;
}

export class ReportPeriodDto {
  @ApiProperty(DATE)
  from!: string;
  @ApiProperty(DATE)
  to!: string;
}

export class ReportStepDto {
  @ApiKebabKey()
  key!: string;
  @ApiProperty({ type: 'integer', minimum: 1 })
  position!: number;
  title!: string;
  @ApiProperty({ enum: STEP_STATUSES })
  status!: StepStatus;
  startedAt!: Date | null;
  completedAt!: Date | null;
  /** How many times the step went back from completed, ever. */
  @ApiProperty(COUNT)
  setbacks!: number;
}

export class ReportSetbackDto {
  @ApiKebabKey()
  stepKey!: string;
  occurredAt!: Date;
  /** Why the step was taken back, as the practitioner recorded it. */
  reason!: string;
}

/** The subject's open enrollment (else the last one) as it stands now, and its setbacks in the period. */
export class ReportEnrollmentDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;
  programKey!: string;
  /** The program's title in the enrollment's version. */
  programTitle!: string;
  @ApiProperty({ type: 'integer', minimum: 1 })
  programVersion!: number;
  @ApiProperty({ enum: ENROLLMENT_STATUSES })
  status!: EnrollmentStatus;
  startedAt!: Date;
  completedAt!: Date | null;
  /** The first step, in order, that is not completed; null when every step is. */
  @ApiKebabKey({ nullable: true })
  currentStepKey!: string | null;
  @ApiProperty(COUNT)
  completedSteps!: number;
  @ApiProperty(COUNT)
  totalSteps!: number;
  steps!: ReportStepDto[];
  /** Setbacks that occurred in the period, oldest first. */
  setbacksInPeriod!: ReportSetbackDto[];
}

/** Sessions of the subject (joint sessions for a couple) that start in the period, by status. */
export class ReportSessionsDto {
  /** Held: completed with a signed note. */
  @ApiProperty(COUNT)
  attended!: number;
  @ApiProperty(COUNT)
  missed!: number;
  @ApiProperty(COUNT)
  cancelled!: number;
  /** Still scheduled (the period may reach today). */
  @ApiProperty(COUNT)
  scheduled!: number;
}

/** Exercises given to the subject in the period, and those completed or skipped in it. */
export class ReportAssignmentsDto {
  @ApiProperty(COUNT)
  given!: number;
  @ApiProperty(COUNT)
  completed!: number;
  @ApiProperty(COUNT)
  skipped!: number;
  /** Of those given in the period, how many are still open. */
  @ApiProperty(COUNT)
  open!: number;
}

export class ReportReliabilityDto {
  /** The committer: a partner, or the client. */
  @ApiProperty({ format: 'uuid' })
  clientId!: string;
  /** The whole period. */
  period!: PeriodReliabilityDto;
  /** Each ISO week the period touches; the first and last may be partial. */
  @ApiProperty({ type: [WeekReliabilityDto] })
  weekly!: WeekReliabilityDto[];
}

export class ReportBreachDto {
  @ApiProperty({ format: 'uuid' })
  breachedBy!: string;
  occurredAt!: Date;
  @ApiProperty({ enum: BREACH_SEVERITIES })
  severity!: BreachSeverity;
  acknowledged!: boolean;
}

export class ReportBoundaryDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;
  /** The current version's text. */
  text!: string;
  @ApiProperty({ enum: BOUNDARY_STATUSES })
  status!: BoundaryStatus;
  @ApiProperty({ type: 'integer', minimum: 1 })
  currentVersion!: number;
  /** Breaches that occurred in the period, oldest first, without their notes. */
  breaches!: ReportBreachDto[];
}

/**
 * A progress report on a couple or a client over a period, for the chart: progress through the
 * program, sessions, exercises, commitments' reliability, boundaries and measures. It holds no
 * session-note text, no exercise responses, no answers to items and no breach or outcome notes.
 */
export class ReportDto {
  generatedAt!: Date;
  organization!: ReportOrganizationDto;
  subject!: ReportSubjectDto;
  period!: ReportPeriodDto;
  enrollment!: ReportEnrollmentDto | null;
  sessions!: ReportSessionsDto;
  assignments!: ReportAssignmentsDto;
  /** One per committer: both partners in the couple's order, or the client. */
  reliability!: ReportReliabilityDto[];
  /** The couple's boundaries still in use (none for a client), oldest first. */
  boundaries!: ReportBoundaryDto[];
  /**
   * The trend of each instrument answered in the period (most answered first), over the period:
   * series, baseline, latest, change, crossings and the partners' gap, as `GET .../measures` gives them.
   */
  @ApiProperty({ type: [MeasureTrendsDto] })
  measures!: MeasureTrendsDto[];
}
