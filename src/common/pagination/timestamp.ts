import { ValidateBy } from 'class-validator';

const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d{1,6})?(?:Z|[+-](\d{2}):(\d{2}))$/;

/**
 * What `isTimestamp` accepts, as far as a pattern can say it, for the spec: RFC 3339 narrowed to
 * what PostgreSQL stores (year 1 or later, no leap second, at most microseconds, offsets up to ±14:59).
 */
export const TIMESTAMP_PATTERN =
  '^(?!0000)\\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\\d|3[01])T([01]\\d|2[0-3]):[0-5]\\d:[0-5]\\d(\\.\\d{1,6})?(Z|[+-](0\\d|1[0-4]):[0-5]\\d)$';

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/**
 * Whether `text` is an ISO 8601 instant PostgreSQL takes as a timestamptz without complaint:
 * a real calendar date from year 1, a time zone, at most microseconds. Anything else would reach
 * the database as a 500 instead of a 400.
 */
export function isTimestamp(text: string): boolean {
  const match = TIMESTAMP.exec(text);
  if (!match) return false;
  const [year, month, day, hour, minute, second, offsetHour = 0, offsetMinute = 0] = match.slice(1).map((part) => Number(part ?? 0));
  return (
    year >= 1 &&
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= daysInMonth(year, month) &&
    hour <= 23 &&
    minute <= 59 &&
    second <= 59 &&
    offsetHour <= 14 &&
    offsetMinute <= 59
  );
}

/** The one validator of instants in requests: `@IsTimestamp() from?: string`. */
export function IsTimestamp(): PropertyDecorator {
  return ValidateBy({
    name: 'isTimestamp',
    validator: {
      validate: (value: unknown) => typeof value === 'string' && isTimestamp(value),
      defaultMessage: () => '$property must be an ISO 8601 timestamp with a time zone, like 2024-05-01T10:00:00Z',
    },
  });
}
