import { ValidateBy } from 'class-validator';

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A window of calendar dates, both ends included. */
export interface DateWindow {
  from: string;
  to: string;
}

/** What `isCalendarDate` accepts, as far as a pattern can say it, for the spec: a day from year 1. */
export const CALENDAR_DATE_PATTERN = '^(?!0000)\\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\\d|3[01])$';

/**
 * Whether `value` is a real calendar day, YYYY-MM-DD from year 1, that PostgreSQL takes as a
 * `date`. A pattern alone lets 2031-02-30 or 0000-01-01 through to the database, which refuses it
 * with an error the API would answer as a 500.
 */
export function isCalendarDate(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  const match = DATE.exec(value);
  if (!match) return false;
  const [year, month, day] = match.slice(1).map(Number);
  if (year < 1 || month < 1 || month > 12 || day < 1) return false;
  const date = new Date(Date.UTC(2000, month - 1, day));
  date.setUTCFullYear(year);
  return date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** `@IsCalendarDate()`: a YYYY-MM-DD string naming a day that exists. */
export function IsCalendarDate(): PropertyDecorator {
  return ValidateBy({
    name: 'isCalendarDate',
    validator: {
      validate: (value: unknown) => isCalendarDate(value),
      defaultMessage: () => '$property must be a calendar date (YYYY-MM-DD)',
    },
  });
}

const MS_PER_DAY = 86_400_000;

/**
 * The day number of a calendar date: days from 1970-01-01 (negative before it). Calendar dates
 * carry no time of day and no time zone, so arithmetic on them cannot be shifted by a daylight
 * saving change. `date` must be a calendar date (`isCalendarDate`).
 */
export function dayNumberOf(date: string): number {
  const [year, month, day] = date.split('-').map(Number);
  const utc = new Date(Date.UTC(2000, month - 1, day));
  utc.setUTCFullYear(year);
  return Math.round(utc.getTime() / MS_PER_DAY);
}

/** The calendar date, YYYY-MM-DD, of a day number (the inverse of `dayNumberOf`). */
export function dateOfDayNumber(dayNumber: number): string {
  const utc = new Date(dayNumber * MS_PER_DAY);
  const year = String(utc.getUTCFullYear()).padStart(4, '0');
  const month = String(utc.getUTCMonth() + 1).padStart(2, '0');
  const day = String(utc.getUTCDate()).padStart(2, '0');
  return `${year}-${month}-${day}`;
}

/** The date `days` calendar days after `date` (before it when negative). */
export function addDays(date: string, days: number): string {
  return dateOfDayNumber(dayNumberOf(date) + days);
}

/** How many calendar days `to` is after `from` (negative when before). */
export function daysBetween(from: string, to: string): number {
  return dayNumberOf(to) - dayNumberOf(from);
}

/** ISO 8601 day of the week: 1 = Monday … 7 = Sunday. 1970-01-01 was a Thursday. */
export function isoWeekdayOf(date: string): number {
  return ((((dayNumberOf(date) + 3) % 7) + 7) % 7) + 1;
}

/** The Monday that starts the ISO week of `date`. */
export function mondayOf(date: string): string {
  return addDays(date, 1 - isoWeekdayOf(date));
}

/**
 * The ISO 8601 week of `date`, as `2026-W10`: weeks run Monday to Sunday, and a week belongs to
 * the year of its Thursday, so 2025-12-29 is in 2026-W01 and 2027-01-03 in 2026-W53. PostgreSQL
 * writes the same key with `to_char(date, 'IYYY-"W"IW')`.
 */
export function isoWeekOf(date: string): string {
  const thursday = addDays(mondayOf(date), 3);
  const year = thursday.slice(0, 4);
  const week = Math.floor(daysBetween(`${year}-01-01`, thursday) / 7) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}
