import { Type as Class } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsInt } from 'class-validator';
import { IsCalendarDate } from '../../common/calendar-date';
import { Optional } from '../../http/optional';
import { Union } from '../../http/unions';
import { MAX_OCCURRENCE_COUNT, Schedule, ScheduleKind, Weekday, WEEKDAYS } from '../rules/schedule';

const DATE = { type: String, format: 'date', example: '2031-03-02' };

/** Due once, on `dueOn`. */
export class OnceScheduleDto {
  @ApiProperty({ enum: ['once'] })
  @IsIn(['once'])
  kind!: 'once';

  /** The calendar date it is due, in the commitment's time zone (2000-01-01 to 2999-12-31). */
  @ApiProperty(DATE)
  @IsCalendarDate()
  dueOn!: string;
}

/** What a recurring schedule has: a start, and exactly one of `endsOn` and `count`. */
export abstract class RecurringScheduleDto {
  /** The first day it may fall due (2000-01-01 to 2999-12-31). */
  @ApiProperty(DATE)
  @IsCalendarDate()
  startsOn!: string;

  /** The last day it may fall due (included), at most 730 days after `startsOn`; give this or `count`. */
  @ApiProperty({ ...DATE, nullable: true, required: false })
  @Optional({ nullable: true })
  @IsCalendarDate()
  endsOn?: string | null;

  /** How many occurrences, counted from `startsOn`, all within 731 days; give this or `endsOn`. */
  @ApiProperty({ type: 'integer', minimum: 1, maximum: MAX_OCCURRENCE_COUNT, nullable: true, required: false })
  @Optional({ nullable: true })
  @IsInt()
  count?: number | null;
}

/** Due every day from `startsOn`. */
export class DailyScheduleDto extends RecurringScheduleDto {
  @ApiProperty({ enum: ['daily'] })
  @IsIn(['daily'])
  kind!: 'daily';
}

/** Due on each listed weekday from `startsOn` (which need not be one of them). */
export class WeeklyScheduleDto extends RecurringScheduleDto {
  @ApiProperty({ enum: ['weekly'] })
  @IsIn(['weekly'])
  kind!: 'weekly';

  /** At least one weekday, none repeated; answered in ISO order (Monday first). */
  @ApiProperty({ enum: WEEKDAYS, isArray: true, minItems: 1, maxItems: 7, uniqueItems: true })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(7)
  @IsIn(WEEKDAYS, { each: true })
  weekdays!: Weekday[];
}

export type ScheduleDto = OnceScheduleDto | DailyScheduleDto | WeeklyScheduleDto;

/**
 * When a commitment falls due, by `kind`: calendar dates in the commitment's time zone, so a
 * daylight saving change never moves one. A recurring schedule ends on `endsOn` or after `count`
 * occurrences (exactly one of the two), within 731 days of `startsOn`.
 */
export const SCHEDULE_VARIANTS = Union.byProperty('kind', {
  once: OnceScheduleDto,
  daily: DailyScheduleDto,
  weekly: WeeklyScheduleDto,
} satisfies Record<ScheduleKind, Class<ScheduleDto>>);

/** The schedule as stored and answered: every field present, weekdays in ISO order. */
export function normalizedSchedule(schedule: ScheduleDto): Schedule {
  if (schedule.kind === 'once') return { kind: 'once', dueOn: schedule.dueOn };
  const end = { endsOn: schedule.endsOn ?? null, count: schedule.count ?? null };
  if (schedule.kind === 'daily') return { kind: 'daily', startsOn: schedule.startsOn, ...end };
  const weekdays = WEEKDAYS.filter((day) => schedule.weekdays.includes(day));
  // Repeats are kept so that scheduleErrors can name them.
  const ordered = weekdays.length === schedule.weekdays.length ? weekdays : schedule.weekdays;
  return { kind: 'weekly', weekdays: ordered, startsOn: schedule.startsOn, ...end };
}
