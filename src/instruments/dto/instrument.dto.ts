import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsDefined,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { PageQueryDto } from '../../common/pagination';
import { ApiKebabKey } from '../../http/key-param';
import { Optional } from '../../http/optional';
import { trim } from '../../http/transforms';
import { KEY_MAX_LENGTH, KEY_PATTERN } from '../../programs/program-rules';
import {
  BETTER_DIRECTIONS,
  BetterDirection,
  CUT_OFF_DIRECTIONS,
  CutOffDirection,
  SCORING_METHODS,
  ScoringMethod,
} from '../built-in/instrument-definition';
import type { Instrument } from '../instrument.entity';
import { INSTRUMENT_LIMITS } from '../rules/instrument-structure';

const KEY_MESSAGE = { message: '$property must be kebab-case: lowercase letters and digits joined by hyphens' };
const FINITE = { allowNaN: false, allowInfinity: false, maxDecimalPlaces: 2 };
const { minValue, maxValue } = INSTRUMENT_LIMITS;

/** Trimmed text of `min` to `max` characters. */
function Text(min: number, max: number): PropertyDecorator {
  return (target, key) => {
    Transform(trim)(target, key);
    IsString()(target, key);
    MinLength(min)(target, key);
    MaxLength(max)(target, key);
  };
}

export class AnchorDto {
  /** The answer value it labels, from the item's min to its max. */
  @ApiProperty({ type: 'integer', minimum: minValue, maximum: maxValue })
  @IsInt()
  @Min(minValue)
  @Max(maxValue)
  value!: number;

  @ApiProperty({ minLength: 1, maxLength: 200 })
  @Text(1, 200)
  label!: string;
}

export class CreateItemDto {
  /** Kebab-case, unique within the instrument: what answers name it by. */
  @ApiKebabKey()
  @IsString()
  @MaxLength(KEY_MAX_LENGTH)
  @Matches(KEY_PATTERN, KEY_MESSAGE)
  id!: string;

  /** The question or statement, as respondents read it. */
  @ApiProperty({ minLength: 1, maxLength: 1000 })
  @Text(1, 1000)
  text!: string;

  /** The lowest answer. */
  @ApiProperty({ type: 'integer', minimum: minValue, maximum: maxValue })
  @IsInt()
  @Min(minValue)
  @Max(maxValue)
  min!: number;

  /** The highest answer: greater than `min`. */
  @ApiProperty({ type: 'integer', minimum: minValue, maximum: maxValue })
  @IsInt()
  @Min(minValue)
  @Max(maxValue)
  max!: number;

  /** Labels for some or all values, in ascending order of value, one per value. */
  @ApiPropertyOptional({ type: () => [AnchorDto], maxItems: INSTRUMENT_LIMITS.maxAnchors })
  @Optional()
  @IsArray()
  @ArrayMaxSize(INSTRUMENT_LIMITS.maxAnchors)
  @ValidateNested({ each: true })
  @Type(() => AnchorDto)
  anchors?: AnchorDto[];

  /** Scored as min + max − value (default false). */
  @Optional()
  @IsBoolean()
  reverseScored?: boolean;
}

export class ScoringDto {
  /** `sum` of the item scores, or their `mean`. */
  @ApiProperty({ enum: SCORING_METHODS, enumName: 'ScoringMethod' })
  @IsIn(SCORING_METHODS)
  method!: ScoringMethod;

  /** What the sum or mean is multiplied by (at most two decimals): 10 puts a 0–10 mean on 0–100. Default 1 (no scaling). */
  @ApiPropertyOptional({ type: 'number', format: 'double', minimum: 0.01, maximum: 1000, default: 1 })
  @Optional()
  @IsNumber(FINITE)
  @Min(0.01)
  @Max(1000)
  multiplier?: number;
}

export class CutOffDto {
  /** The score the cut-off is at, within the score range (at most two decimals). */
  @ApiProperty({ type: 'number', format: 'double' })
  @IsNumber(FINITE)
  value!: number;

  /** `below`: a score under `value` meets it; `above`: a score over it. */
  @ApiProperty({ enum: CUT_OFF_DIRECTIONS, enumName: 'CutOffDirection' })
  @IsIn(CUT_OFF_DIRECTIONS)
  direction!: CutOffDirection;

  /** What a score on that side suggests. */
  @ApiProperty({ minLength: 1, maxLength: 500 })
  @Text(1, 500)
  meaning!: string;
}

export class ReliableChangeDto {
  /** The smallest change from baseline, in score points (at most two decimals), taken as real rather than noise. */
  @ApiProperty({ type: 'number', format: 'double', minimum: 0.01 })
  @IsNumber(FINITE)
  @Min(0.01)
  threshold!: number;

  /** Where it comes from: a citation, or the convention it is. */
  @ApiProperty({ minLength: 1, maxLength: 1000 })
  @Text(1, 1000)
  source!: string;
}

/**
 * An instrument version. Posting a key the organization already has makes its next version; the
 * earlier versions, and the measurements taken with them, stay as they were.
 */
export class CreateInstrumentDto {
  /** Kebab-case; may not be the key of a built-in instrument. */
  @ApiKebabKey()
  @IsString()
  @MaxLength(KEY_MAX_LENGTH)
  @Matches(KEY_PATTERN, KEY_MESSAGE)
  key!: string;

  @ApiProperty({ minLength: 1, maxLength: 200 })
  @Text(1, 200)
  title!: string;

  @ApiPropertyOptional({ maxLength: 4000 })
  @Optional()
  @Transform(trim)
  @IsString()
  @MaxLength(4000)
  description?: string;

  /** 1 to 100 items, in the order they are asked. */
  @ApiProperty({ type: () => [CreateItemDto], minItems: INSTRUMENT_LIMITS.minItems, maxItems: INSTRUMENT_LIMITS.maxItems })
  @IsArray()
  @ArrayMinSize(INSTRUMENT_LIMITS.minItems)
  @ArrayMaxSize(INSTRUMENT_LIMITS.maxItems)
  @ValidateNested({ each: true })
  @Type(() => CreateItemDto)
  items!: CreateItemDto[];

  @IsDefined()
  @ValidateNested()
  @Type(() => ScoringDto)
  scoring!: ScoringDto;

  /** Which way the score is better. */
  @ApiProperty({ enum: BETTER_DIRECTIONS, enumName: 'BetterDirection' })
  @IsIn(BETTER_DIRECTIONS)
  betterDirection!: BetterDirection;

  /** Up to 10 cut-offs, each inside the score range. */
  @ApiPropertyOptional({ type: () => [CutOffDto], maxItems: INSTRUMENT_LIMITS.maxCutOffs })
  @Optional()
  @IsArray()
  @ArrayMaxSize(INSTRUMENT_LIMITS.maxCutOffs)
  @ValidateNested({ each: true })
  @Type(() => CutOffDto)
  cutOffs?: CutOffDto[];

  /** A reliable-change threshold with its source; null or left out when there is none to cite. */
  @ApiPropertyOptional({ type: () => ReliableChangeDto, nullable: true })
  @Optional({ nullable: true })
  @ValidateNested()
  @Type(() => ReliableChangeDto)
  reliableChange?: ReliableChangeDto | null;

  /**
   * How often, in days, an enrolled client should answer it: the portal lists it as due once their
   * last answer is this old. Null or left out: never due by itself.
   */
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 366, nullable: true })
  @Optional({ nullable: true })
  @IsInt()
  @Min(1)
  @Max(366)
  cadenceDays?: number | null;

  /** The reference to cite, if any. */
  @ApiPropertyOptional({ type: String, minLength: 1, maxLength: 2000, nullable: true })
  @Optional({ nullable: true })
  @Text(1, 2000)
  citation?: string | null;

  /** The terms of use (for a published instrument: its licence). */
  @ApiPropertyOptional({ type: String, minLength: 1, maxLength: 2000 })
  @Optional()
  @Text(1, 2000)
  licence?: string;
}

export class ListInstrumentsQueryDto extends PageQueryDto {
  /** Only the versions of this instrument. */
  @ApiKebabKey({ required: false })
  @IsOptional()
  @IsString()
  @MaxLength(KEY_MAX_LENGTH)
  @Matches(KEY_PATTERN, KEY_MESSAGE)
  key?: string;
}

export class AnchorResponseDto {
  @ApiProperty({ type: 'integer' })
  value!: number;
  label!: string;
}

export class ItemDto {
  /** What answers name it by (or by `index`, its 0-based position in `items`). */
  @ApiKebabKey()
  id!: string;
  text!: string;
  @ApiProperty({ type: 'integer' })
  min!: number;
  @ApiProperty({ type: 'integer' })
  max!: number;
  anchors!: AnchorResponseDto[];
  /** Scored as min + max − value. */
  reverseScored!: boolean;
}

export class ScoringResponseDto {
  @ApiProperty({ enum: SCORING_METHODS, enumName: 'ScoringMethod' })
  method!: ScoringMethod;
  /** 1 when the score is not scaled. */
  @ApiProperty({ type: 'number', format: 'double' })
  multiplier!: number;
}

export class ScoreRangeDto {
  @ApiProperty({ type: 'number', format: 'double' })
  min!: number;
  @ApiProperty({ type: 'number', format: 'double' })
  max!: number;
}

export class CutOffResponseDto {
  @ApiProperty({ type: 'number', format: 'double' })
  value!: number;
  @ApiProperty({ enum: CUT_OFF_DIRECTIONS, enumName: 'CutOffDirection' })
  direction!: CutOffDirection;
  meaning!: string;
}

export class ReliableChangeResponseDto {
  @ApiProperty({ type: 'number', format: 'double' })
  threshold!: number;
  source!: string;
}

export class InstrumentDto {
  id!: string;
  /** Null for a built-in instrument, which every organization sees. */
  organizationId!: string | null;
  builtIn!: boolean;
  @ApiKebabKey()
  key!: string;
  /** The instrument's revision number (versions are immutable). */
  @ApiProperty({ type: 'integer', minimum: 1 })
  instrumentVersion!: number;
  title!: string;
  description!: string;
  /** In the order they are asked. */
  items!: ItemDto[];
  scoring!: ScoringResponseDto;
  /** The lowest and highest score, from every item at its lowest and at its highest. */
  scoreRange!: ScoreRangeDto;
  @ApiProperty({ enum: BETTER_DIRECTIONS, enumName: 'BetterDirection' })
  betterDirection!: BetterDirection;
  cutOffs!: CutOffResponseDto[];
  /** Null when there is no threshold to cite. */
  reliableChange!: ReliableChangeResponseDto | null;
  citation!: string | null;
  licence!: string;
  /** Days between an enrolled client's answers (due in the portal after that); null: never due by itself. */
  @ApiProperty({ type: 'integer', minimum: 1, maximum: 366, nullable: true })
  cadenceDays!: number | null;
  createdAt!: Date;
  updatedAt!: Date;
  /** The record's concurrency version (ETag); instruments never change, so it stays 1. */
  version!: number;
}

export function toInstrumentDto(instrument: Instrument): InstrumentDto {
  return {
    id: instrument.id,
    organizationId: instrument.organizationId,
    builtIn: instrument.organizationId === null,
    key: instrument.key,
    instrumentVersion: instrument.instrumentVersion,
    title: instrument.title,
    description: instrument.description,
    items: instrument.items.map((item) => ({
      id: item.id,
      text: item.text,
      min: item.min,
      max: item.max,
      anchors: item.anchors.map((anchor) => ({ value: anchor.value, label: anchor.label })),
      reverseScored: item.reverseScored,
    })),
    scoring: { method: instrument.scoring.method, multiplier: instrument.scoring.multiplier },
    scoreRange: { min: instrument.scoreMin, max: instrument.scoreMax },
    betterDirection: instrument.betterDirection,
    cutOffs: instrument.cutOffs.map((c) => ({ value: c.value, direction: c.direction, meaning: c.meaning })),
    reliableChange: instrument.reliableChange ? { threshold: instrument.reliableChange.threshold, source: instrument.reliableChange.source } : null,
    citation: instrument.citation,
    licence: instrument.licence,
    cadenceDays: instrument.cadenceDays,
    createdAt: instrument.createdAt,
    updatedAt: instrument.updatedAt,
    version: instrument.version,
  };
}
