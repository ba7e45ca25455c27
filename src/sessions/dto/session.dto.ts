import { applyDecorators, Type as Class } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsDefined, IsIn, IsInt, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min, MinLength, ValidateNested } from 'class-validator';
import { PageQueryDto } from '../../common/pagination';
import { IsTimestamp } from '../../common/pagination/timestamp';
import { ApiStepKey, BUILT_IN_STEP_KEYS } from '../../programs/built-in/built-in-keys';
import { NoteFormat, SESSION_KINDS, SESSION_MODALITIES, SESSION_STATUSES, SessionKind, SessionModality, SessionStatus } from '../therapy-session.entity';
import type { AddendumRow } from '../session-addenda.repository';
import type { SessionRow } from '../sessions.repository';
import { trim } from '../../http/transforms';
import { Optional } from '../../http/optional';
import { OptionalText } from '../../http/text-field';
import { ApiUnionProperty, Union, UnionProperty } from '../../http/unions';

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

/** What every new session has, whatever its kind. */
export abstract class NewSessionDto {
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
  @ApiStepKey({ isArray: true, required: false })
  @Optional()
  @IsArray()
  @ArrayMaxSize(7)
  @IsIn(BUILT_IN_STEP_KEYS, { each: true })
  plannedStepKeys?: string[];
}

/** A session with one client. */
export class CreateIndividualSessionDto extends NewSessionDto {
  @ApiProperty({ enum: ['individual'] })
  @IsIn(['individual'])
  kind!: 'individual';

  /** The client. */
  @IsUUID('all')
  clientId!: string;
}

/** A joint session with both partners of a couple; it passes the safety screening gate. */
export class CreateCoupleSessionDto extends NewSessionDto {
  @ApiProperty({ enum: ['couple'] })
  @IsIn(['couple'])
  kind!: 'couple';

  /** The couple. */
  @IsUUID('all')
  coupleId!: string;

  /**
   * Owners and admins only: schedule the session although a partner's latest safety screening
   * is `unsafe` or missing. The override is audited.
   */
  @Optional()
  @ValidateNested()
  @Type(() => SafetyOverrideInputDto)
  safetyOverride?: SafetyOverrideInputDto;
}

/** A session of a support group with its current members. */
export class CreateGroupSessionDto extends NewSessionDto {
  @ApiProperty({ enum: ['group'] })
  @IsIn(['group'])
  kind!: 'group';

  /** The group. */
  @IsUUID('all')
  groupId!: string;
}

/** A new session, by `kind`: each kind names its subject by its own id field and no other. */
export type CreateSessionDto = CreateIndividualSessionDto | CreateCoupleSessionDto | CreateGroupSessionDto;
export const CREATE_SESSION_VARIANTS = Union.byProperty('kind', {
  individual: CreateIndividualSessionDto,
  couple: CreateCoupleSessionDto,
  group: CreateGroupSessionDto,
} satisfies Record<SessionKind, Class<CreateSessionDto>>);

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

  @ApiStepKey({ isArray: true, required: false })
  @Optional()
  @IsArray()
  @ArrayMaxSize(7)
  @IsIn(BUILT_IN_STEP_KEYS, { each: true })
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

/** One section of a clinical note: 1 to 20,000 characters. */
function NoteSection(): PropertyDecorator {
  return applyDecorators(
    IsString(),
    MinLength(1),
    MaxLength(NOTE_FIELD_MAX),
    ApiProperty({ type: String, minLength: 1, maxLength: NOTE_FIELD_MAX }),
  );
}

/** A clinical note in free text. */
export class FreeTextNoteDto {
  @ApiProperty({ enum: ['free_text'] })
  @IsIn(['free_text'])
  format!: 'free_text';

  @NoteSection()
  text!: string;
}

/** A clinical note in the SOAP format: subjective, objective, assessment, plan. */
export class SoapNoteDto {
  @ApiProperty({ enum: ['soap'] })
  @IsIn(['soap'])
  format!: 'soap';

  @NoteSection()
  subjective!: string;

  @NoteSection()
  objective!: string;

  @NoteSection()
  assessment!: string;

  @NoteSection()
  plan!: string;
}

/** A clinical note in the DAP format: data, assessment, plan. */
export class DapNoteDto {
  @ApiProperty({ enum: ['dap'] })
  @IsIn(['dap'])
  format!: 'dap';

  @NoteSection()
  data!: string;

  @NoteSection()
  assessment!: string;

  @NoteSection()
  plan!: string;
}

/**
 * The clinical note, by `format`: every field of the format is required and no other is accepted.
 * The same shapes are given and read back.
 */
export type NoteDto = FreeTextNoteDto | SoapNoteDto | DapNoteDto;
export const NOTE_VARIANTS = Union.byProperty('format', { free_text: FreeTextNoteDto, soap: SoapNoteDto, dap: DapNoteDto } satisfies Record<
  NoteFormat,
  Class<NoteDto>
>);

export class CompleteSessionDto {
  /** One entry per participant: the client, both partners, or the group's current members. */
  @IsArray()
  @ArrayMaxSize(500)
  @ValidateNested({ each: true })
  @Type(() => AttendanceDto)
  attendance!: AttendanceDto[];

  @ApiStepKey({ isArray: true })
  @IsArray()
  @ArrayMaxSize(7)
  @IsIn(BUILT_IN_STEP_KEYS, { each: true })
  stepsAddressed!: string[];

  @IsDefined()
  @UnionProperty(NOTE_VARIANTS)
  note!: NoteDto;
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
  @ApiProperty({ type: String, format: 'date-time' })
  signedAt!: string;
  @ApiProperty({ type: String, format: 'date-time' })
  createdAt!: string;
  @ApiProperty({ type: String, format: 'date-time' })
  updatedAt!: string;
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
  @ApiProperty({ type: String, format: 'date-time' })
  startsAt!: string;
  durationMinutes!: number;
  @ApiProperty({ type: String, format: 'date-time' })
  endsAt!: string;
  modality!: SessionModality;
  location!: string | null;
  @ApiStepKey({ isArray: true })
  plannedStepKeys!: string[];
  status!: SessionStatus;
  cancelledReason!: string | null;
  /** Set when an owner or admin scheduled past the safety gate. */
  safetyOverride!: SafetyOverrideDto | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  completedAt!: string | null;
  attendance!: AttendanceDto[] | null;
  @ApiStepKey({ isArray: true })
  stepsAddressed!: string[];
  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  signedAt!: string | null;
  signedByUserId!: string | null;
  /** The signed note, for staff allowed to read this subject's clinical notes; otherwise null. */
  @ApiUnionProperty(NOTE_VARIANTS, { nullable: true })
  note!: NoteDto | null;
  /** True when you may not read this session's notes: `note` is null and `addenda` empty for you. */
  noteRedacted!: boolean;
  /** Signed additions to the note, oldest first. */
  addenda!: SessionAddendumDto[];
  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  archivedAt!: string | null;
  @ApiProperty({ type: String, format: 'date-time' })
  createdAt!: string;
  @ApiProperty({ type: String, format: 'date-time' })
  updatedAt!: string;
  version!: number;
}

export function toAddendumReceiptDto(addendum: AddendumRow): AddendumReceiptDto {
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
  session: SessionRow,
  { mayReadNote, note, addenda }: { mayReadNote: boolean; note: NoteDto | null; addenda: SessionAddendumDto[] },
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
