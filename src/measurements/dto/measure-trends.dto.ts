import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsOptional, isUUID, Max, Min, ValidateBy } from 'class-validator';
import { CALENDAR_DATE_PATTERN, IsCalendarDate } from '../../common/calendar-date';
import { ApiKebabKey } from '../../http/key-param';
import { queryInteger } from '../../http/transforms';
import { KEY_MAX_LENGTH, KEY_PATTERN } from '../../programs/program-rules';
import { BETTER_DIRECTIONS, type BetterDirection } from '../../instruments/built-in/instrument-definition';
import { CutOffResponseDto, ReliableChangeResponseDto, ScoreRangeDto } from '../../instruments/dto/instrument.dto';
import type { Instrument } from '../../instruments/instrument.entity';
import { CHANGE_DIRECTIONS, type ChangeDirection } from '../../instruments/rules/reliable-change';
import type { AnswerPair, TrendPoint, TrendSummary } from '../rules/trend';

const DATE = { type: String, format: 'date', pattern: CALENDAR_DATE_PATTERN } as const;
const SCORE = { type: 'number', format: 'double' } as const;

/** The widest window, in days, within which two partners' answers are paired. */
export const MAX_PAIR_WINDOW_DAYS = 14;
export const DEFAULT_PAIR_WINDOW_DAYS = 3;

const UUID_PATTERN = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}';
/** An instrument version's id, or an instrument's key. */
export const INSTRUMENT_REFERENCE_PATTERN = `^(${UUID_PATTERN}|${KEY_PATTERN.source.slice(1, -1)})$`;

export function isInstrumentReference(value: unknown): boolean {
  return typeof value === 'string' && (isUUID(value, 'all') || (value.length <= KEY_MAX_LENGTH && KEY_PATTERN.test(value)));
}

export class MeasureTrendsQueryDto {
  /** The instrument whose answers to follow: a version's id, or a key (`csi-4`, `trust-check-in`) for its latest version. */
  @ApiProperty({ type: String, pattern: INSTRUMENT_REFERENCE_PATTERN, maxLength: KEY_MAX_LENGTH, example: 'csi-4' })
  @ValidateBy({ name: 'isInstrumentReference', validator: { validate: isInstrumentReference, defaultMessage: () => 'must be an instrument id (UUID) or key (kebab-case)' } })
  instrument!: string;

  /** The first day of the series (included), in the organization's time zone; from the first answer when left out. */
  @ApiPropertyOptional({ ...DATE, example: '2031-01-01' })
  @IsOptional()
  @IsCalendarDate()
  from?: string;

  /** The last day of the series (included): today when left out, never after today. */
  @ApiPropertyOptional({ ...DATE, example: '2031-03-31' })
  @IsOptional()
  @IsCalendarDate()
  to?: string;

  /** Partners' answers at most this many calendar days apart are paired to give the gap between them. */
  @ApiPropertyOptional({ type: 'integer', minimum: 0, maximum: MAX_PAIR_WINDOW_DAYS, default: DEFAULT_PAIR_WINDOW_DAYS })
  @IsOptional()
  @Transform(queryInteger)
  @IsInt()
  @Min(0)
  @Max(MAX_PAIR_WINDOW_DAYS)
  pairWithinDays?: number;
}

export class TrendPointDto {
  @ApiProperty({ format: 'uuid' })
  measurementId!: string;
  takenAt!: Date;
  /** The day it was taken, in the organization's time zone. */
  @ApiProperty(DATE)
  day!: string;
  @ApiProperty(SCORE)
  score!: number;
}

export class ChangeFromBaselineDto {
  /** latest − baseline, to two decimals. */
  @ApiProperty(SCORE)
  change!: number;
  /** Given which way the instrument's score is better. */
  @ApiProperty({ enum: CHANGE_DIRECTIONS })
  direction!: ChangeDirection;
  /** Whether |change| reaches the instrument's reliable-change threshold; null when it has none. */
  @ApiProperty({ type: Boolean, nullable: true })
  reliable!: boolean | null;
}

export class CutOffCrossingDto {
  @ApiProperty({ format: 'uuid' })
  measurementId!: string;
  @ApiProperty(DATE)
  day!: string;
  cutOff!: CutOffResponseDto;
  /** true: the score moved into the cut-off's flagged range; false: out of it. */
  entered!: boolean;
}

export class RespondentTrendDto {
  /** The respondent: a partner, or the client. */
  @ApiProperty({ format: 'uuid' })
  clientId!: string;
  /** Their current (not superseded) answers in the period, oldest first. */
  @ApiProperty({ type: [TrendPointDto] })
  points!: TrendPointDto[];
  /** Their first answer ever (up to the period's end): what change is measured from. */
  baseline!: TrendPointDto | null;
  /** The answer before the latest in the period. */
  previous!: TrendPointDto | null;
  /** The last answer in the period. */
  latest!: TrendPointDto | null;
  /** From baseline to latest; null without two different answers. */
  change!: ChangeFromBaselineDto | null;
  /** Where the series entered or left a cut-off's range; the period's first answer is compared with the one before it. */
  @ApiProperty({ type: [CutOffCrossingDto] })
  crossings!: CutOffCrossingDto[];
}

export class PartnerGapDto {
  /** The first partner's answer (the couple's order). */
  a!: TrendPointDto;
  /** The second partner's nearest answer within the window. */
  b!: TrendPointDto;
  /** a − b, to two decimals. */
  @ApiProperty(SCORE)
  difference!: number;
  @ApiProperty({ type: 'integer', minimum: 0 })
  daysApart!: number;
}

export class TrendInstrumentDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;
  @ApiKebabKey()
  key!: string;
  @ApiProperty({ type: 'integer', minimum: 1 })
  instrumentVersion!: number;
  title!: string;
  scoreRange!: ScoreRangeDto;
  @ApiProperty({ enum: BETTER_DIRECTIONS })
  betterDirection!: BetterDirection;
  @ApiProperty({ type: [CutOffResponseDto] })
  cutOffs!: CutOffResponseDto[];
  reliableChange!: ReliableChangeResponseDto | null;
}

/** How a couple's partners (or a client) answer an instrument over time, and the gap between partners. */
export class MeasureTrendsDto {
  instrument!: TrendInstrumentDto;
  /** The organization's IANA time zone: days are counted in it. */
  timeZone!: string;
  /** Null when the series starts at the first answer. */
  @ApiProperty({ ...DATE, nullable: true })
  from!: string | null;
  @ApiProperty(DATE)
  to!: string;
  @ApiProperty({ type: 'integer', minimum: 0, maximum: MAX_PAIR_WINDOW_DAYS })
  pairWithinDays!: number;
  /** Both partners in the couple's order, or the client, whether or not they answered. */
  @ApiProperty({ type: [RespondentTrendDto], minItems: 1, maxItems: 2 })
  respondents!: RespondentTrendDto[];
  /** A couple's paired answers, in order of the first partner's; empty for a client. */
  @ApiProperty({ type: [PartnerGapDto] })
  gaps!: PartnerGapDto[];
}

export const toTrendPointDto = (p: TrendPoint): TrendPointDto => ({ measurementId: p.measurementId, takenAt: p.takenAt, day: p.day, score: p.score });

export function toTrendInstrumentDto(instrument: Instrument): TrendInstrumentDto {
  return {
    id: instrument.id,
    key: instrument.key,
    instrumentVersion: instrument.instrumentVersion,
    title: instrument.title,
    scoreRange: { min: instrument.scoreMin, max: instrument.scoreMax },
    betterDirection: instrument.betterDirection,
    cutOffs: instrument.cutOffs.map(({ value, direction, meaning }) => ({ value, direction, meaning })),
    reliableChange: instrument.reliableChange && { threshold: instrument.reliableChange.threshold, source: instrument.reliableChange.source },
  };
}

export function toRespondentTrendDto(clientId: string, points: TrendPoint[], summary: TrendSummary): RespondentTrendDto {
  const maybe = (p: TrendPoint | null) => (p ? toTrendPointDto(p) : null);
  return {
    clientId,
    points: points.map(toTrendPointDto),
    baseline: maybe(summary.baseline),
    previous: maybe(summary.previous),
    latest: maybe(summary.latest),
    change: summary.change,
    crossings: summary.crossings.map((c) => ({ measurementId: c.measurementId, day: c.day, cutOff: { ...c.cutOff }, entered: c.entered })),
  };
}

export const toPartnerGapDto = (pair: AnswerPair): PartnerGapDto => ({
  a: toTrendPointDto(pair.a),
  b: toTrendPointDto(pair.b),
  difference: pair.difference,
  daysApart: pair.daysApart,
});
