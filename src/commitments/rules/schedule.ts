import { addDays, dayNumberOf, dateOfDayNumber, isCalendarDate, isoWeekdayOf, type DateWindow } from '../../common/calendar-date';
import { isFuture } from '../../common/time-zone';
import type { FieldError } from '../../errors/domain-error';

/**
 * When a commitment falls due. Every date is a calendar date (YYYY-MM-DD) in the organization's
 * time zone, never an instant: occurrences are days, so a daylight saving change cannot move one.
 *
 * - `once`: one occurrence, on `dueOn`.
 * - `daily`: every day from `startsOn`.
 * - `weekly`: every listed weekday from `startsOn` (`startsOn` itself need not be one of them).
 *
 * A recurring schedule ends: it has exactly one of `endsOn` (inclusive) or `count` (occurrences,
 * counted from `startsOn`), and its last occurrence is at most `MAX_SCHEDULE_DAYS` days from its
 * start. A commitment that goes on longer is renegotiated, which makes a new version with a new
 * schedule; no schedule runs on silently.
 */
export type Schedule = OnceSchedule | DailySchedule | WeeklySchedule;

export interface OnceSchedule {
  kind: 'once';
  dueOn: string;
}

export interface DailySchedule extends RecurringEnd {
  kind: 'daily';
  startsOn: string;
}

export interface WeeklySchedule extends RecurringEnd {
  kind: 'weekly';
  /** Non-empty, no repeats, in any order. */
  weekdays: Weekday[];
  startsOn: string;
}

/** Exactly one of the two is given (not null). */
export interface RecurringEnd {
  endsOn?: string | null;
  count?: number | null;
}

export const SCHEDULE_KINDS = ['once', 'daily', 'weekly'] as const;
export type ScheduleKind = (typeof SCHEDULE_KINDS)[number];

/** In ISO order: `WEEKDAYS[i]` is ISO weekday i + 1. */
export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** A recurring schedule's occurrences lie within this many days, `startsOn` being the first. */
export const MAX_SCHEDULE_DAYS = 731;
/** The most occurrences a `count` may ask for: one a day for `MAX_SCHEDULE_DAYS`. */
export const MAX_OCCURRENCE_COUNT = MAX_SCHEDULE_DAYS;
/** The dates a schedule may name, so that date arithmetic stays within four-digit years. */
export const EARLIEST_SCHEDULE_DATE = '2000-01-01';
export const LATEST_SCHEDULE_DATE = '2999-12-31';

export type { DateWindow };

/**
 * What is wrong with a schedule, as field errors under `field` (`schedule.endsOn`, ...); empty
 * when it is valid. Checks the values, not only their types: impossible dates (2026-02-30), dates
 * outside 2000–2999, an end before the start, both or neither of endsOn and count, a count outside
 * 1…731, weekdays empty, repeated or unknown, a schedule longer than 731 days, and a schedule whose
 * end leaves it no occurrence.
 */
export function scheduleErrors(schedule: Schedule, field = 'schedule'): FieldError[] {
  switch (schedule.kind) {
    case 'once':
      return dateErrors(schedule.dueOn, `${field}.dueOn`);
    case 'daily':
      return recurringErrors(schedule, field, []);
    case 'weekly':
      return recurringErrors(schedule, field, weekdayErrors(schedule.weekdays, `${field}.weekdays`));
    default:
      return [{ field: `${field}.kind`, message: `must be one of the following values: ${SCHEDULE_KINDS.join(', ')}` }];
  }
}

function dateErrors(value: unknown, field: string): FieldError[] {
  if (!isCalendarDate(value)) return [{ field, message: 'must be a calendar date (YYYY-MM-DD)' }];
  if ((value as string) < EARLIEST_SCHEDULE_DATE || (value as string) > LATEST_SCHEDULE_DATE) {
    return [{ field, message: `must be between ${EARLIEST_SCHEDULE_DATE} and ${LATEST_SCHEDULE_DATE}` }];
  }
  return [];
}

function weekdayErrors(weekdays: unknown, field: string): FieldError[] {
  if (!Array.isArray(weekdays) || weekdays.length === 0) return [{ field, message: 'must list at least one weekday' }];
  const errors: FieldError[] = [];
  weekdays.forEach((weekday, i) => {
    if (!WEEKDAYS.includes(weekday as Weekday)) {
      errors.push({ field: `${field}[${i}]`, message: `must be one of the following values: ${WEEKDAYS.join(', ')}` });
    } else if (weekdays.indexOf(weekday) < i) {
      errors.push({ field: `${field}[${i}]`, message: `repeats ${field}[${weekdays.indexOf(weekday)}]` });
    }
  });
  return errors;
}

/**
 * The checks shared by daily and weekly schedules. Those that walk the schedule (is the count
 * reached, is there any occurrence before endsOn) run only once its start and weekdays are sound.
 */
function recurringErrors(schedule: DailySchedule | WeeklySchedule, field: string, weekdayErrors: FieldError[]): FieldError[] {
  const startErrors = dateErrors(schedule.startsOn, `${field}.startsOn`);
  const errors = [...weekdayErrors, ...startErrors];
  const canWalk = errors.length === 0;
  const hasEnd = schedule.endsOn != null;
  const hasCount = schedule.count != null;
  if (hasEnd && hasCount) {
    errors.push({ field: `${field}.count`, message: 'must not be given with endsOn: a schedule ends on a date or after a count' });
  } else if (!hasEnd && !hasCount) {
    errors.push({ field, message: 'needs endsOn or count: a recurring schedule ends on a date or after a count' });
  } else if (hasCount) {
    errors.push(...countErrors(schedule, field, canWalk));
  } else {
    errors.push(...endErrors(schedule, field, startErrors.length === 0, canWalk));
  }
  return errors;
}

function countErrors(schedule: DailySchedule | WeeklySchedule, field: string, canWalk: boolean): FieldError[] {
  const count = schedule.count;
  if (!Number.isInteger(count) || count! < 1 || count! > MAX_OCCURRENCE_COUNT) {
    return [{ field: `${field}.count`, message: `must be an integer from 1 to ${MAX_OCCURRENCE_COUNT}` }];
  }
  if (canWalk && expand(schedule).length < count!) {
    return [{ field: `${field}.count`, message: `must be reached within ${MAX_SCHEDULE_DAYS} days of startsOn` }];
  }
  return [];
}

function endErrors(schedule: DailySchedule | WeeklySchedule, field: string, startIsValid: boolean, canWalk: boolean): FieldError[] {
  const errors = dateErrors(schedule.endsOn, `${field}.endsOn`);
  if (errors.length > 0 || !startIsValid) return errors;
  const endsOn = schedule.endsOn!;
  const latest = addDays(schedule.startsOn, MAX_SCHEDULE_DAYS - 1);
  if (endsOn < schedule.startsOn) return [{ field: `${field}.endsOn`, message: 'must not be before startsOn' }];
  if (endsOn > latest) {
    return [{ field: `${field}.endsOn`, message: `must be no later than ${latest}: a schedule lasts at most ${MAX_SCHEDULE_DAYS} days` }];
  }
  if (canWalk && expand(schedule).length === 0) {
    return [{ field: `${field}.endsOn`, message: 'leaves no occurrence: none of the weekdays falls between startsOn and endsOn' }];
  }
  return [];
}

/** Whether a recurring schedule falls on `dayNumber`'s weekday: every day, or a listed weekday. */
function fallsOnWeekday(schedule: DailySchedule | WeeklySchedule, dayNumber: number): boolean {
  if (schedule.kind === 'daily') return true;
  return schedule.weekdays.includes(WEEKDAYS[isoWeekdayOf(dateOfDayNumber(dayNumber)) - 1]);
}

/**
 * Every occurrence of a recurring schedule, in order: the matching days from `startsOn`, up to
 * `endsOn` or until `count` are found, and never past `MAX_SCHEDULE_DAYS`, so the walk is bounded
 * even for a schedule that was never validated.
 */
function expand(schedule: DailySchedule | WeeklySchedule): string[] {
  const start = dayNumberOf(schedule.startsOn);
  const last = start + MAX_SCHEDULE_DAYS - 1;
  const end = schedule.endsOn != null ? Math.min(dayNumberOf(schedule.endsOn), last) : last;
  const limit = schedule.endsOn != null ? Infinity : (schedule.count ?? 0);
  const dates: string[] = [];
  for (let day = start; day <= end && dates.length < limit; day++) {
    if (fallsOnWeekday(schedule, day)) dates.push(dateOfDayNumber(day));
  }
  return dates;
}

/** Every occurrence of a valid schedule, in order (at most `MAX_OCCURRENCE_COUNT`). */
export function allOccurrences(schedule: Schedule): string[] {
  return schedule.kind === 'once' ? [schedule.dueOn] : expand(schedule);
}

/**
 * The occurrences of a valid schedule within `window` (both ends included), in order: the days
 * the commitment falls due. An empty list when the window ends before it starts.
 */
export function occurrences(schedule: Schedule, window: DateWindow): string[] {
  return allOccurrences(schedule).filter((date) => date >= window.from && date <= window.to);
}

/** Whether the commitment falls due on `date`. */
export function occurrenceOn(schedule: Schedule, date: string): boolean {
  return occurrences(schedule, { from: date, to: date }).length === 1;
}

/**
 * The first and last occurrence of a valid schedule: what to store beside it so that queries find
 * the commitments due in a window without expanding every schedule.
 */
export function occurrenceSpan(schedule: Schedule): DateWindow {
  const dates = allOccurrences(schedule);
  return { from: dates[0], to: dates[dates.length - 1] };
}

/** Why an outcome may not be recorded for `date`: not a day the commitment fell due, or later than today. */
export type OutcomeDateRefusal = 'NOT_AN_OCCURRENCE' | 'IN_THE_FUTURE';

/**
 * Whether an outcome may be recorded for the occurrence on `date`: it must be an occurrence of the
 * schedule (else NOT_AN_OCCURRENCE, a 404 for `/occurrences/{date}`) and not after today in the
 * organization's time zone (else IN_THE_FUTURE, a 409). Today's occurrence may be recorded.
 */
export function outcomeDateRefusal(schedule: Schedule, date: string, now: Date, timeZone: string): OutcomeDateRefusal | null {
  if (!isCalendarDate(date) || !occurrenceOn(schedule, date)) return 'NOT_AN_OCCURRENCE';
  if (isFuture(date, now, timeZone)) return 'IN_THE_FUTURE';
  return null;
}
