import { ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsString, MaxLength } from 'class-validator';
import { RESPONSE_MAX } from '../../assignments/dto/assignment.dto';
import { CreateBreachDto } from '../../boundaries/dto/breach.dto';
import { CreateMeasurementDto } from '../../measurements/dto/measurement.dto';
import { Optional } from '../../http/optional';

export const PORTAL_ASSIGNMENT_MOVES = ['in_progress', 'completed'] as const;

/** What a client changes on their own assignment: start it, complete it, and their reflection. */
export class UpdatePortalAssignmentDto {
  /** `in_progress` to start it; `completed` to finish it (final). */
  @ApiPropertyOptional({ enum: PORTAL_ASSIGNMENT_MOVES })
  @Optional()
  @IsIn(PORTAL_ASSIGNMENT_MOVES)
  status?: (typeof PORTAL_ASSIGNMENT_MOVES)[number];

  /** The client's reflection, in their own words; `null` clears it. Private to them and their practitioners. */
  @Optional({ nullable: true })
  @IsString()
  @MaxLength(RESPONSE_MAX)
  reflection?: string | null;

  /**
   * `true` shares my reflection with the facilitators of the group that gave me the assignment;
   * `false` stops sharing it. My practitioners read it either way. Off until I set it; may be
   * changed on a completed assignment too.
   */
  @Optional()
  @IsBoolean()
  shareReflection?: boolean;
}

/** A breach the client reports themselves: they are the reporter. */
export class CreatePortalBreachDto extends OmitType(CreateBreachDto, ['reportedBy'] as const) {}

/** The client's own answers to an instrument: they are the respondent (as a partner of `coupleId`, or on their own). */
export class CreatePortalMeasurementDto extends OmitType(CreateMeasurementDto, ['clientId', 'sessionId', 'supersedesId', 'reason'] as const) {}
