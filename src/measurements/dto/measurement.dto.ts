import { ApiExtraModels, ApiProperty, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';
import { plainToInstance, Transform } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsInt, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min, MinLength, ValidateNested } from 'class-validator';
import { PageQueryDto } from '../../common/pagination';
import { IsTimestamp } from '../../common/pagination/timestamp';
import { RecorderDto } from '../../commitments/dto/commitment.dto';
import { ApiKebabKey } from '../../http/key-param';
import { Optional } from '../../http/optional';
import { queryBoolean, trim } from '../../http/transforms';
import { NotGiven } from '../../http/unions';
import { CutOffResponseDto } from '../../instruments/dto/instrument.dto';
import type { Instrument } from '../../instruments/instrument.entity';
import { INSTRUMENT_LIMITS } from '../../instruments/rules/instrument-structure';
import { cutOffsMet } from '../../instruments/rules/cut-offs';
import { KEY_MAX_LENGTH, KEY_PATTERN } from '../../programs/program-rules';
import type { Measurement } from '../measurement.entity';

/** Longest reason for a correction, in characters. */
export const REASON_MAX = 2000;
const { minValue, maxValue, maxItems } = INSTRUMENT_LIMITS;

/** The value chosen: an integer from the item's `min` to its `max` (checked against the instrument). */
function AnswerValue(): PropertyDecorator {
  return (target, key) => {
    ApiProperty({ type: 'integer', minimum: minValue, maximum: maxValue, description: 'An integer from the item’s `min` to its `max`.' })(target, key);
    IsInt()(target, key);
    Min(minValue)(target, key);
    Max(maxValue)(target, key);
  };
}

/** An answer naming its item by id. */
export class AnswerByItemIdDto {
  /** The item's `id` in the instrument. */
  @ApiKebabKey()
  @IsString()
  @MaxLength(KEY_MAX_LENGTH)
  @Matches(KEY_PATTERN, { message: '$property must be kebab-case: lowercase letters and digits joined by hyphens' })
  itemId!: string;

  @NotGiven('Left out (or null): the answer names its item by `itemId`.')
  index?: null;

  @AnswerValue()
  value!: number;
}

/** An answer naming its item by its 0-based position in the instrument's `items`. */
export class AnswerByIndexDto {
  /** The item's 0-based position in the instrument's `items`. */
  @ApiProperty({ type: 'integer', minimum: 0, maximum: maxItems - 1 })
  @IsInt()
  @Min(0)
  @Max(maxItems - 1)
  index!: number;

  @NotGiven('Left out (or null): the answer names its item by `index`.')
  itemId?: null;

  @AnswerValue()
  value!: number;
}

export type AnswerDto = AnswerByItemIdDto | AnswerByIndexDto;

/**
 * What an answer naming no item is validated as: its value alone. The answers' check then refuses
 * it as a whole (`answers[0]`: give exactly one of itemId and index). Not a variant of the spec.
 */
class AnswerNamingNoItem {
  @IsOptional()
  itemId?: null;

  @IsOptional()
  index?: null;

  @AnswerValue()
  value!: number;
}

const given = (value: unknown) => value !== undefined && value !== null;

/** The class an answer is validated by: by item id when `itemId` is given, by index when only `index` is. */
function toAnswer(value: unknown): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  const answer = value as Record<string, unknown>;
  if (given(answer.itemId)) return plainToInstance(AnswerByItemIdDto, answer);
  if (given(answer.index)) return plainToInstance(AnswerByIndexDto, answer);
  return plainToInstance(AnswerNamingNoItem, answer);
}

/**
 * Records one respondent's answers to an instrument. The server checks every answer against its
 * item and computes the score; a `score` sent is refused like any unknown property.
 */
@ApiExtraModels(AnswerByItemIdDto, AnswerByIndexDto)
export class CreateMeasurementDto {
  /** The instrument version answered: a built-in one or the organization's own. */
  @IsUUID('all')
  instrumentId!: string;

  /** The respondent: a partner of the couple, or the client in individual work. */
  @IsUUID('all')
  clientId!: string;

  /** The couple whose measure it is; left out (or null) in individual work. */
  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true })
  @Optional({ nullable: true })
  @IsUUID('all')
  coupleId?: string | null;

  /** The session it was taken in: one of the same couple's (or, in individual work, the client's). */
  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true })
  @Optional({ nullable: true })
  @IsUUID('all')
  sessionId?: string | null;

  /** When the respondent answered (not in the future); defaults to now. */
  @ApiPropertyOptional({ format: 'date-time', example: '2030-05-01T18:00:00Z' })
  @Optional()
  @IsTimestamp()
  takenAt?: string;

  /** One answer per item, each naming its item by `itemId` or by `index`. */
  @ApiProperty({
    type: 'array',
    minItems: 1,
    maxItems,
    items: { oneOf: [{ $ref: getSchemaPath(AnswerByItemIdDto) }, { $ref: getSchemaPath(AnswerByIndexDto) }] },
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(maxItems)
  @ValidateNested({ each: true })
  @Transform(({ value }: { value: unknown }) => (Array.isArray(value) ? value.map(toAnswer) : value), { toClassOnly: true })
  answers!: AnswerDto[];

  /**
   * A correction: the measurement this one replaces (same instrument, respondent and couple, not
   * already corrected). It is marked superseded and leaves lists. Needs `reason`.
   */
  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true })
  @Optional({ nullable: true })
  @IsUUID('all')
  supersedesId?: string | null;

  /** Why the earlier measurement is corrected: given with `supersedesId`, and only then. */
  @ApiPropertyOptional({ type: String, minLength: 1, maxLength: REASON_MAX, nullable: true })
  @Optional({ nullable: true })
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(REASON_MAX)
  reason?: string | null;
}

export class ListMeasurementsQueryDto extends PageQueryDto {
  /** The measurements of this couple (both partners'). */
  @IsOptional()
  @IsUUID('all')
  coupleId?: string;

  /** The measurements this client answered (for a couple or on their own). */
  @IsOptional()
  @IsUUID('all')
  clientId?: string;

  /** One instrument version. */
  @IsOptional()
  @IsUUID('all')
  instrumentId?: string;

  /** Taken at or after this instant. */
  @ApiPropertyOptional({ format: 'date-time' })
  @IsOptional()
  @IsTimestamp()
  from?: string;

  /** Taken before this instant. */
  @ApiPropertyOptional({ format: 'date-time' })
  @IsOptional()
  @IsTimestamp()
  to?: string;

  /**
   * Whether corrected (superseded) measurements are listed. The default is `false`, except with
   * `updatedSince`, where it is `true` so that a sync sees corrections.
   */
  @IsOptional()
  @Transform(queryBoolean)
  @IsBoolean()
  includeSuperseded?: boolean;
}

export class StoredAnswerDto {
  @ApiKebabKey()
  itemId!: string;
  /** The item's 0-based position in the instrument's `items`. */
  @ApiProperty({ type: 'integer', minimum: 0 })
  index!: number;
  @ApiProperty({ type: 'integer' })
  value!: number;
}

export class MeasurementDto {
  id!: string;
  organizationId!: string;
  instrumentId!: string;
  @ApiKebabKey()
  instrumentKey!: string;
  @ApiProperty({ type: 'integer', minimum: 1 })
  instrumentVersion!: number;
  /** The couple whose measure it is; null in individual work. */
  coupleId!: string | null;
  /** The respondent. */
  clientId!: string;
  sessionId!: string | null;
  /** When the respondent answered. */
  takenAt!: Date;
  /** One answer per item, in the instrument's order. */
  answers!: StoredAnswerDto[];
  /** Computed by the server: reverse items turned around, then the sum or mean, times the multiplier, to two decimals. */
  @ApiProperty({ type: 'number', format: 'double' })
  score!: number;
  /** The instrument's cut-offs the score meets. */
  cutOffsMet!: CutOffResponseDto[];
  /** The measurement this one corrects. */
  supersedesId!: string | null;
  /** The measurement that corrects this one: set, this one no longer counts. */
  supersededById!: string | null;
  /** Why this one corrects `supersedesId`. */
  reason!: string | null;
  /** Who recorded it: a staff user or an API key. */
  recordedBy!: RecorderDto;
  /** When it was recorded. */
  createdAt!: Date;
  /** When it was recorded, or marked superseded. */
  updatedAt!: Date;
  version!: number;
}

export function toMeasurementDto(m: Measurement, instrument: Instrument): MeasurementDto {
  const positions = new Map(instrument.items.map((item, i) => [item.id, i]));
  return {
    id: m.id,
    organizationId: m.organizationId,
    instrumentId: m.instrumentId,
    instrumentKey: instrument.key,
    instrumentVersion: instrument.instrumentVersion,
    coupleId: m.coupleId,
    clientId: m.clientId,
    sessionId: m.sessionId,
    takenAt: m.takenAt,
    answers: m.answers.map((a) => ({ itemId: a.itemId, index: positions.get(a.itemId)!, value: a.value })),
    score: m.score,
    cutOffsMet: cutOffsMet(instrument.cutOffs, m.score).map((c) => ({ value: c.value, direction: c.direction, meaning: c.meaning })),
    supersedesId: m.supersedesId,
    supersededById: m.supersededById,
    reason: m.reason,
    recordedBy: { type: m.recordedByType, id: m.recordedById },
    createdAt: m.createdAt,
    updatedAt: m.updatedAt,
    version: m.version,
  };
}
