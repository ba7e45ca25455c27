import { ApiProperty, ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { CALENDAR_DATE_PATTERN, IsCalendarDate } from '../../common/calendar-date';
import type { BreachCountRow } from '../../boundaries/boundaries.repository';
import type { CommitterReliability, PeriodFigures, WeekFigures } from '../../commitments/rules/reliability';

const COUNT = { type: 'integer', minimum: 0 } as const;
const RATIO = { type: 'number', format: 'double', nullable: true, minimum: 0, maximum: 1 } as const;
const DATE = { type: String, format: 'date', pattern: CALENDAR_DATE_PATTERN } as const;

export class ReliabilityQueryDto {
  /**
   * The day the figures are as of, in the organization's time zone: the last day counted, and the
   * day the 30- and 90-day periods end. Today when left out; a later day is refused (400), since
   * its occurrences have not fallen due. Outcomes count as they are recorded now.
   */
  @ApiPropertyOptional({ ...DATE, example: '2031-03-31' })
  @IsOptional()
  @IsCalendarDate()
  asOf?: string;
}

/**
 * Counts of the occurrences that fell due in a period, by the committer's report, and the other
 * partner's answers to those reports. A disputed `kept` still counts as kept: the dispute shows in
 * `disputed` and `agreementRate`.
 */
export class PeriodReliabilityDto {
  /** The first day of the period (included). After `to` when the period is empty. */
  @ApiProperty(DATE)
  from!: string;
  /** The last day of the period (included). */
  @ApiProperty(DATE)
  to!: string;
  /** Occurrences that fell due, reported or not. */
  @ApiProperty(COUNT)
  due!: number;
  @ApiProperty(COUNT)
  kept!: number;
  @ApiProperty(COUNT)
  missed!: number;
  @ApiProperty(COUNT)
  excused!: number;
  @ApiProperty(COUNT)
  renegotiated!: number;
  /** Due, but the committer has reported nothing. */
  @ApiProperty(COUNT)
  unreported!: number;
  /** kept ÷ (kept + missed), rounded half up to 4 decimals; null when nothing was kept or missed. Excused and renegotiated occurrences do not count. */
  @ApiProperty(RATIO)
  rate!: number | null;
  /** Reports the other partner confirmed (always 0 for a client's own commitments). */
  @ApiProperty(COUNT)
  confirmed!: number;
  /** Reports the other partner disputed. */
  @ApiProperty(COUNT)
  disputed!: number;
  /** confirmed ÷ (confirmed + disputed): how often the two viewpoints agree, rounded half up to 4 decimals; null when the partner answered none. */
  @ApiProperty(RATIO)
  agreementRate!: number | null;
}

/** One ISO week of the series, Monday to Sunday in the organization's time zone. */
export class WeekReliabilityDto extends PeriodReliabilityDto {
  /** The ISO week, e.g. `2031-W09`. */
  @ApiProperty({ type: String, pattern: '^\\d{4}-W(0[1-9]|[1-4]\\d|5[0-3])$', example: '2031-W09' })
  week!: string;
}

/** One committer's figures. */
export class CommitterReliabilityDto {
  /** The committer: a partner of the couple, or the client. */
  @ApiProperty({ format: 'uuid' })
  clientId!: string;
  /** `asOf` and the 29 days before it (not before `since`). */
  last30Days!: PeriodReliabilityDto;
  /** `asOf` and the 89 days before it (not before `since`). */
  last90Days!: PeriodReliabilityDto;
  /** From `since` to `asOf`. */
  sinceStart!: PeriodReliabilityDto;
  /** Every ISO week from the one holding `since` to the one holding `asOf`, oldest first, empty weeks included; the first and last may be partial. */
  @ApiProperty({ type: [WeekReliabilityDto] })
  weekly!: WeekReliabilityDto[];
}

export class BoundaryBreachCountDto {
  @ApiProperty({ format: 'uuid' })
  boundaryId!: string;
  @ApiProperty(COUNT)
  last30Days!: number;
  @ApiProperty(COUNT)
  last90Days!: number;
}

/** Breaches of the couple's boundaries (archived ones left out) by this partner, by the day they occurred in the organization's time zone. */
export class PartnerBreachesDto {
  /** `asOf` and the 29 days before it. */
  @ApiProperty(COUNT)
  last30Days!: number;
  /** `asOf` and the 89 days before it. */
  @ApiProperty(COUNT)
  last90Days!: number;
  /** Each of the couple's boundaries, zeros included, oldest first. */
  @ApiProperty({ type: [BoundaryBreachCountDto] })
  byBoundary!: BoundaryBreachCountDto[];
}

export class PartnerReliabilityDto extends CommitterReliabilityDto {
  breaches!: PartnerBreachesDto;
}

/** What reliability is counted over. */
export class ReliabilityFrameDto {
  /** The organization's IANA time zone: dates, periods and weeks are counted in it. */
  timeZone!: string;
  /** The last day counted. */
  @ApiProperty(DATE)
  asOf!: string;
  /**
   * The first day counted: the start of the subject's open enrollment or the first occurrence of
   * its commitments, whichever is earlier (`asOf` when it has neither).
   */
  @ApiProperty(DATE)
  since!: string;
}

/** Follow-through on the couple's commitments, per partner, and breaches of its boundaries. */
export class CoupleReliabilityDto extends ReliabilityFrameDto {
  @ApiProperty({ format: 'uuid' })
  coupleId!: string;
  /** Both partners, in the couple's order, whether or not they made a commitment. */
  @ApiProperty({ type: [PartnerReliabilityDto], minItems: 2, maxItems: 2 })
  partners!: PartnerReliabilityDto[];
}

/** Follow-through on a client's own commitments (individual work; a couple's are under the couple). */
export class ClientReliabilityDto extends IntersectionType(ReliabilityFrameDto, CommitterReliabilityDto) {}

function toPeriodDto(figures: PeriodFigures): PeriodReliabilityDto {
  const { from, to, due, kept, missed, excused, renegotiated, unreported, rate, confirmed, disputed, agreementRate } = figures;
  return { from, to, due, kept, missed, excused, renegotiated, unreported, rate, confirmed, disputed, agreementRate };
}

function toWeekDto(figures: WeekFigures): WeekReliabilityDto {
  return { week: figures.week, ...toPeriodDto(figures) };
}

export function toCommitterReliabilityDto(reliability: CommitterReliability): CommitterReliabilityDto {
  return {
    clientId: reliability.committerId,
    last30Days: toPeriodDto(reliability.last30Days),
    last90Days: toPeriodDto(reliability.last90Days),
    sinceStart: toPeriodDto(reliability.sinceStart),
    weekly: reliability.weekly.map(toWeekDto),
  };
}

/** One partner's breaches from the counts per boundary and partner, boundaries in the order given. */
export function toPartnerBreachesDto(partnerId: string, boundaryIds: string[], counts: BreachCountRow[]): PartnerBreachesDto {
  const byBoundary = boundaryIds.map((boundaryId) => {
    const row = counts.find((c) => c.boundaryId === boundaryId && c.partnerId === partnerId);
    return { boundaryId, last30Days: row?.last30Days ?? 0, last90Days: row?.last90Days ?? 0 };
  });
  return {
    last30Days: byBoundary.reduce((sum, b) => sum + b.last30Days, 0),
    last90Days: byBoundary.reduce((sum, b) => sum + b.last90Days, 0),
    byBoundary,
  };
}
