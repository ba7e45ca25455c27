import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsDefined, IsIn, IsOptional, IsString, IsUUID, Matches, MaxLength, MinLength } from 'class-validator';
import { PageQueryDto } from '../../common/pagination';
import { ApiKebabKey } from '../../http/key-param';
import { Optional } from '../../http/optional';
import { trim } from '../../http/transforms';
import { ApiUnionProperty, NotGiven, Union, UnionProperty } from '../../http/unions';
import { KEY_MAX_LENGTH, KEY_PATTERN } from '../../programs/program-rules';
import { Commitment, CommitmentRecipient, COMMITMENT_RECIPIENTS } from '../commitment.entity';
import { SCHEDULE_VARIANTS, ScheduleDto } from './schedule.dto';

/** Longest description of a commitment, in characters. */
export const DESCRIPTION_MAX = 2000;
const KEY_MESSAGE = { message: '$property must be kebab-case: lowercase letters and digits joined by hyphens' };

/** The description: client data, trimmed, 1 to 2000 characters. */
function Description(): PropertyDecorator {
  return (target, key) => {
    Transform(trim)(target, key);
    IsString()(target, key);
    MinLength(1)(target, key);
    MaxLength(DESCRIPTION_MAX)(target, key);
  };
}

/** What every new commitment has, whoever it belongs to. */
export abstract class NewCommitmentDto {
  /** Who makes the promise: a partner of the couple, or the client themselves. */
  @IsUUID('all')
  committerId!: string;

  /** What is promised, in the clients' words: client data, never logged or audited. */
  @ApiProperty({ minLength: 1, maxLength: DESCRIPTION_MAX })
  @Description()
  description!: string;

  /**
   * The program step it serves (`consistency-and-reliability` for most): a kebab-case key of any
   * program, checked for its form only, as a commitment outlives the enrollment it was made in.
   */
  @ApiKebabKey({ required: false })
  @Optional()
  @Matches(KEY_PATTERN, KEY_MESSAGE)
  @MaxLength(KEY_MAX_LENGTH)
  stepKey?: string;

  /** A practice of that step (needs `stepKey`); checked for its form only. */
  @ApiKebabKey({ required: false })
  @Optional()
  @Matches(KEY_PATTERN, KEY_MESSAGE)
  @MaxLength(KEY_MAX_LENGTH)
  practiceKey?: string;

  @IsDefined()
  @UnionProperty(SCHEDULE_VARIANTS)
  schedule!: ScheduleDto;
}

/** A commitment one partner of a couple makes to the other partner or to the relationship. */
export class CoupleCommitmentDto extends NewCommitmentDto {
  @IsUUID('all')
  coupleId!: string;

  @NotGiven('Left out (or null): a couple’s commitment names no client.')
  clientId?: null;

  /** To the other partner, or to the relationship as a whole. */
  @ApiProperty({ enum: ['partner', 'relationship'] })
  @IsIn(['partner', 'relationship'])
  to!: 'partner' | 'relationship';
}

/** A commitment a client makes to themselves in individual work: `committerId` is the client, and it is `to` `self`. */
export class ClientCommitmentDto extends NewCommitmentDto {
  @IsUUID('all')
  clientId!: string;

  @NotGiven('Left out (or null): a client’s own commitment names no couple.')
  coupleId?: null;
}

/** Makes a commitment for exactly one subject: a couple (`coupleId`) or a client (`clientId`). */
export type CreateCommitmentDto = CoupleCommitmentDto | ClientCommitmentDto;
export const CREATE_COMMITMENT_VARIANTS = Union.byPresence({ coupleId: CoupleCommitmentDto, clientId: ClientCommitmentDto });

/**
 * Changes the terms that are not its schedule: the schedule changes only by renegotiating an
 * occurrence, which makes a new version, so that recorded outcomes keep the dates they were for.
 */
export class UpdateCommitmentDto {
  @ApiProperty({ minLength: 1, maxLength: DESCRIPTION_MAX, required: false })
  @Optional()
  @Description()
  description?: string;

  /** `partner` or `relationship` for a couple's commitment; `self` for a client's. */
  @ApiProperty({ enum: COMMITMENT_RECIPIENTS, required: false })
  @Optional()
  @IsIn(COMMITMENT_RECIPIENTS)
  to?: CommitmentRecipient;

  /** `null` clears it (and the practice key with it). */
  @ApiKebabKey({ required: false, nullable: true })
  @Optional({ nullable: true })
  @Matches(KEY_PATTERN, KEY_MESSAGE)
  @MaxLength(KEY_MAX_LENGTH)
  stepKey?: string | null;

  /** `null` clears it; a practice key needs a step key. */
  @ApiKebabKey({ required: false, nullable: true })
  @Optional({ nullable: true })
  @Matches(KEY_PATTERN, KEY_MESSAGE)
  @MaxLength(KEY_MAX_LENGTH)
  practiceKey?: string | null;
}

export class ListCommitmentsQueryDto extends PageQueryDto {
  @IsOptional()
  @IsUUID('all')
  coupleId?: string;

  @IsOptional()
  @IsUUID('all')
  clientId?: string;

  /** Commitments made by this client (a partner of a couple, or a client on their own). */
  @IsOptional()
  @IsUUID('all')
  committerId?: string;
}

/** Who recorded it: a staff user, an API key, or the client themselves in the portal (`client`). */
export class RecorderDto {
  @ApiProperty({ enum: ['user', 'apiKey', 'client'] })
  type!: 'user' | 'apiKey' | 'client';
  /** The staff user's, API key's or client's id. */
  id!: string;
}

export class CommitmentDto {
  id!: string;
  organizationId!: string;
  /** The couple it belongs to; null for a client's own commitment. */
  coupleId!: string | null;
  /** The client it belongs to in individual work; null for a couple's commitment. */
  clientId!: string | null;
  committerId!: string;
  /** `partner` or `relationship` for a couple's commitment, `self` for a client's. */
  @ApiProperty({ enum: COMMITMENT_RECIPIENTS })
  to!: CommitmentRecipient;
  description!: string;
  @ApiKebabKey({ nullable: true })
  stepKey!: string | null;
  @ApiKebabKey({ nullable: true })
  practiceKey!: string | null;
  @ApiUnionProperty(SCHEDULE_VARIANTS)
  schedule!: ScheduleDto;
  /** The IANA time zone its dates are counted in: the organization's when the commitment was made. */
  @ApiProperty({ example: 'America/New_York' })
  timeZone!: string;
  /** Its first occurrence. */
  @ApiProperty({ type: String, format: 'date' })
  firstOn!: string;
  /** Its last occurrence (the renegotiated one, once it is superseded). */
  @ApiProperty({ type: String, format: 'date' })
  lastOn!: string;
  /** The version this one renegotiated. */
  previousId!: string | null;
  /** The version that renegotiated this one: its schedule ended on the renegotiated occurrence. */
  supersededById!: string | null;
  createdBy!: RecorderDto;
  archivedAt!: Date | null;
  createdAt!: Date;
  updatedAt!: Date;
  version!: number;
}

export function toCommitmentDto(c: Commitment): CommitmentDto {
  return {
    id: c.id,
    organizationId: c.organizationId,
    coupleId: c.coupleId,
    clientId: c.clientId,
    committerId: c.committerId,
    to: c.toWhom,
    description: c.description,
    stepKey: c.stepKey,
    practiceKey: c.practiceKey,
    schedule: c.schedule as ScheduleDto,
    timeZone: c.timeZone,
    firstOn: c.firstOn,
    lastOn: c.lastOn,
    previousId: c.previousId,
    supersededById: c.supersededById,
    createdBy: { type: c.createdByType, id: c.createdById },
    archivedAt: c.archivedAt,
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
    version: c.version,
  };
}
