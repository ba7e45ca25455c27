import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsDefined, IsIn, IsInt, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min, MinLength, ValidateNested } from 'class-validator';
import { PageQueryDto } from '../../common/pagination';
import { IsTimestamp } from '../../common/pagination/timestamp';
import { REBUILDING_TRUST_PROGRAM } from '../../programs/built-in/rebuilding-trust';
import {
  NOTE_FORMATS,
  NoteFormat,
  SESSION_KINDS,
  SESSION_MODALITIES,
  SESSION_STATUSES,
  SessionKind,
  SessionModality,
  SessionStatus,
  TherapySession,
} from '../therapy-session.entity';
import { SessionAddendum } from '../session-addendum.entity';
import { trim } from '../../http/transforms';
import { Optional } from '../../http/optional';
import { OptionalText } from '../../http/text-field';

/** The step keys a session may plan or address: those of the built-in program. */
export const STEP_KEYS = REBUILDING_TRUST_PROGRAM.steps.map((step) => step.key);
const USER_OR_ME = /^(me|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;
const NOTE_FIELD_MAX = 20000;

export class SafetyOverrideInputDto {
  /** Why the session goes ahead despite the screening: kept on the session, never in the audit trail. */
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  reason!: string;
}

export class CreateSessionDto {
  @IsIn(SESSION_KINDS)
  kind!: SessionKind;

  /** For kind `individual`: the client. */
  @Optional()
  @IsUUID('all')
  clientId?: string;

  /** For kind `couple`: the couple. */
  @Optional()
  @IsUUID('all')
  coupleId?: string;

  /** For kind `group`: the group. */
  @Optional()
  @IsUUID('all')
  groupId?: string;

  /**
   * The staff member who leads it; defaults to you (required for API keys). Individual and couple
   * sessions are led by an owner, admin or a practitioner with the subject in their caseload;
   * group sessions by any active staff member.
   */
  @Optional()
  @IsUUID('all')
  leadUserId?: string;

  @ApiProperty({ format: 'date-time', example: '2030-05-01T15:00:00Z' })
  @IsTimestamp()
  startsAt!: string;

  /** 5 to 480 minutes. */
  @ApiProperty({ type: 'integer' })
  @IsInt()
  @Min(5)
  @Max(480)
  durationMinutes!: number;

  @IsIn(SESSION_MODALITIES)
  modality!: SessionModality;

  /** A room, an address or a video link. */
  @OptionalText(500, { nullable: true })
  location?: string | null;

  /** Steps of the Rebuilding Trust program the session will address. */
  @ApiPropertyOptional({ type: [String], enum: STEP_KEYS })
  @Optional()
  @IsArray()
  @ArrayMaxSize(7)
  @IsIn(STEP_KEYS, { each: true })
  plannedStepKeys?: string[];

  /**
   * Owners and admins only: schedule a couple session although a partner's latest safety screening
   * is `unsafe` or missing. The override is audited.
   */
  @Optional()
  @ValidateNested()
  @Type(() => SafetyOverrideInputDto)
  safetyOverride?: SafetyOverrideInputDto;
}

/**
 * Reschedule, change modality, location or planned steps, or close the session as `cancelled` or
 * `no_show`. A completed session never changes (409 SESSION_LOCKED); completing is
 * `POST /v1/sessions/{id}/complete`.
 */
export class UpdateSessionDto {
  @ApiPropertyOptional({ format: 'date-time' })
  @Optional()
  @IsTimestamp()
  startsAt?: string;

  @ApiPropertyOptional({ type: 'integer' })
  @Optional()
  @IsInt()
  @Min(5)
  @Max(480)
  durationMinutes?: number;

  @Optional()
  @IsIn(SESSION_MODALITIES)
  modality?: SessionModality;

  @OptionalText(500, { nullable: true })
  location?: string | null;

  @ApiPropertyOptional({ type: [String], enum: STEP_KEYS })
  @Optional()
  @IsArray()
  @ArrayMaxSize(7)
  @IsIn(STEP_KEYS, { each: true })
  plannedStepKeys?: string[];

  /** Close the session without completing it. */
  @Optional()
  @IsIn(['cancelled', 'no_show'])
  status?: 'cancelled' | 'no_show';

  /** With `status: cancelled` only. */
  @OptionalText(500)
  cancelledReason?: string;

  /** As on create: rescheduling a couple session checks the safety gate again. */
  @Optional()
  @ValidateNested()
  @Type(() => SafetyOverrideInputDto)
  safetyOverride?: SafetyOverrideInputDto;
}

export class AttendanceDto {
  @IsUUID('all')
  clientId!: string;

  @IsBoolean()
  attended!: boolean;
}

/**
 * The clinical note: `free_text` has `text`; `soap` has `subjective`, `objective`, `assessment`,
 * `plan`; `dap` has `data`, `assessment`, `plan`. Every field of the format is required and no other
 * is accepted.
 */
export class NoteInputDto {
  @IsIn(NOTE_FORMATS)
  format!: NoteFormat;

  @Optional()
  @IsString()
  @MinLength(1)
  @MaxLength(NOTE_FIELD_MAX)
  text?: string;

  @Optional()
  @IsString()
  @MinLength(1)
  @MaxLength(NOTE_FIELD_MAX)
  subjective?: string;

  @Optional()
  @IsString()
  @MinLength(1)
  @MaxLength(NOTE_FIELD_MAX)
  objective?: string;

  @Optional()
  @IsString()
  @MinLength(1)
  @MaxLength(NOTE_FIELD_MAX)
  data?: string;

  @Optional()
  @IsString()
  @MinLength(1)
  @MaxLength(NOTE_FIELD_MAX)
  assessment?: string;

  @Optional()
  @IsString()
  @MinLength(1)
  @MaxLength(NOTE_FIELD_MAX)
  plan?: string;
}

export class CompleteSessionDto {
  /** One entry per participant: the client, both partners, or the group's current members. */
  @IsArray()
  @ArrayMaxSize(500)
  @ValidateNested({ each: true })
  @Type(() => AttendanceDto)
  attendance!: AttendanceDto[];

  @ApiProperty({ type: [String], enum: STEP_KEYS })
  @IsArray()
  @ArrayMaxSize(7)
  @IsIn(STEP_KEYS, { each: true })
  stepsAddressed!: string[];

  @IsDefined()
  @ValidateNested()
  @Type(() => NoteInputDto)
  note!: NoteInputDto;
}

export class CreateAddendumDto {
  @IsString()
  @MinLength(1)
  @MaxLength(NOTE_FIELD_MAX)
  text!: string;
}

export class ListSessionsQueryDto extends PageQueryDto {
  /** Sessions starting at or after this instant. */
  @ApiPropertyOptional({ format: 'date-time' })
  @IsOptional()
  @IsTimestamp()
  from?: string;

  /** Sessions starting before this instant. */
  @ApiPropertyOptional({ format: 'date-time' })
  @IsOptional()
  @IsTimestamp()
  to?: string;

  /** Sessions led by this staff member: a user id, or `me`. */
  @ApiPropertyOptional({ pattern: USER_OR_ME.source })
  @IsOptional()
  @Matches(USER_OR_ME, { message: 'staffId must be a user id or "me"' })
  staffId?: string;

  /** The client's individual sessions, their couples' sessions and their current groups' sessions. */
  @IsOptional()
  @IsUUID('all')
  clientId?: string;

  @IsOptional()
  @IsUUID('all')
  coupleId?: string;

  @IsOptional()
  @IsUUID('all')
  groupId?: string;

  @IsOptional()
  @IsIn(SESSION_STATUSES)
  status?: SessionStatus;

  @IsOptional()
  @IsIn(SESSION_KINDS)
  kind?: SessionKind;
}

export class SessionNoteDto {
  format!: NoteFormat;
  text?: string;
  subjective?: string;
  objective?: string;
  data?: string;
  assessment?: string;
  plan?: string;
}

export class SafetyOverrideDto {
  byUserId!: string;
  /** Null when the note is redacted for you. */
  reason!: string | null;
}

/** What POST .../addenda answers: the signed record, without its text (read it on the session). */
export class AddendumReceiptDto {
  id!: string;
  sessionId!: string;
  authorUserId!: string;
  signedAt!: Date;
  createdAt!: Date;
  updatedAt!: Date;
  version!: number;
}

export class SessionAddendumDto extends AddendumReceiptDto {
  text!: string;
}

export class SessionDto {
  id!: string;
  organizationId!: string;
  kind!: SessionKind;
  clientId!: string | null;
  coupleId!: string | null;
  groupId!: string | null;
  leadUserId!: string;
  startsAt!: Date;
  durationMinutes!: number;
  endsAt!: Date;
  modality!: SessionModality;
  location!: string | null;
  plannedStepKeys!: string[];
  status!: SessionStatus;
  cancelledReason!: string | null;
  /** Set when an owner or admin scheduled past the safety gate. */
  safetyOverride!: SafetyOverrideDto | null;
  completedAt!: Date | null;
  attendance!: AttendanceDto[] | null;
  stepsAddressed!: string[];
  signedAt!: Date | null;
  signedByUserId!: string | null;
  /** The signed note, for staff allowed to read this subject's clinical notes; otherwise null. */
  note!: SessionNoteDto | null;
  /** True when you may not read this session's notes: `note` is null and `addenda` empty for you. */
  noteRedacted!: boolean;
  /** Signed additions to the note, oldest first. */
  addenda!: SessionAddendumDto[];
  archivedAt!: Date | null;
  createdAt!: Date;
  updatedAt!: Date;
  version!: number;
}

export function toAddendumReceiptDto(addendum: SessionAddendum): AddendumReceiptDto {
  return {
    id: addendum.id,
    sessionId: addendum.sessionId,
    authorUserId: addendum.authorUserId,
    signedAt: addendum.signedAt,
    createdAt: addendum.createdAt,
    updatedAt: addendum.updatedAt,
    version: addendum.version,
  };
}

/**
 * The session as the reader sees it: the note (already decrypted, or null), the addenda and the
 * override's reason only when they may read the session's notes.
 */
export function toSessionDto(
  session: TherapySession,
  { mayReadNote, note, addenda }: { mayReadNote: boolean; note: SessionNoteDto | null; addenda: SessionAddendumDto[] },
): SessionDto {
  return {
    id: session.id,
    organizationId: session.organizationId,
    kind: session.kind,
    clientId: session.clientId,
    coupleId: session.coupleId,
    groupId: session.groupId,
    leadUserId: session.leadUserId,
    startsAt: session.startsAt,
    durationMinutes: session.durationMinutes,
    endsAt: session.endsAt,
    modality: session.modality,
    location: session.location,
    plannedStepKeys: session.plannedStepKeys,
    status: session.status,
    cancelledReason: session.cancelledReason,
    safetyOverride: session.safetyOverrideByUserId
      ? { byUserId: session.safetyOverrideByUserId, reason: mayReadNote ? session.safetyOverrideReason : null }
      : null,
    completedAt: session.completedAt,
    attendance: session.attendance,
    stepsAddressed: session.stepsAddressed,
    signedAt: session.signedAt,
    signedByUserId: session.signedByUserId,
    note: mayReadNote ? note : null,
    noteRedacted: !mayReadNote,
    addenda: mayReadNote ? addenda : [],
    archivedAt: session.archivedAt,
    createdAt: session.createdAt,
    updatedAt: session.updatedAt,
    version: session.version,
  };
}
