import { ValidateBy } from 'class-validator';

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

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
