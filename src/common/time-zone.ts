import { ValidateBy } from 'class-validator';

/**
 * The shape of an IANA time zone name (`Europe/Berlin`, `America/Argentina/Buenos_Aires`, `UTC`,
 * `Etc/GMT+5`): it starts with a letter, so offsets (`+01:00`) and empty text never pass, even on
 * Node versions whose Intl takes offsets as zones. 64 characters is twice the longest name.
 */
const ZONE_NAME = /^[A-Za-z][A-Za-z0-9_+-]*(?:\/[A-Za-z0-9_+-]+)*$/;
const MAX_ZONE_NAME = 64;

/** One formatter per zone: building an Intl formatter costs far more than using one. */
const dayFormatters = new Map<string, Intl.DateTimeFormat>();

function dayFormatterOf(timeZone: string): Intl.DateTimeFormat {
  let formatter = dayFormatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      calendar: 'gregory',
      numberingSystem: 'latn',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
    dayFormatters.set(timeZone, formatter);
  }
  return formatter;
}

/**
 * Whether `value` names a time zone of the IANA database that this runtime knows, as Intl does
 * (Node 20 ships full ICU, so no library is needed). Names are kept as given: ICU would turn
 * `Asia/Kolkata` into the older `Asia/Calcutta`, which is not what an organization chose.
 * PostgreSQL knows the same names for `AT TIME ZONE`, as long as its tz data is as recent.
 */
export function isIanaTimeZone(value: unknown): value is string {
  if (typeof value !== 'string' || value.length > MAX_ZONE_NAME || !ZONE_NAME.test(value)) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

/** `@IsIanaTimeZone()`: a time zone name such as `Europe/Berlin`. */
export function IsIanaTimeZone(): PropertyDecorator {
  return ValidateBy({
    name: 'isIanaTimeZone',
    validator: {
      validate: (value: unknown) => isIanaTimeZone(value),
      defaultMessage: () => '$property must be an IANA time zone name such as Europe/Berlin',
    },
  });
}

/**
 * The calendar date, YYYY-MM-DD, that `instant` falls on in `timeZone`: what "today" is for an
 * organization. Throws a RangeError for an invalid instant or an unknown zone.
 */
export function localDate(instant: Date, timeZone: string): string {
  if (Number.isNaN(instant.getTime())) throw new RangeError('localDate needs a valid instant');
  const parts = dayFormatterOf(timeZone).formatToParts(instant);
  const part = (type: 'year' | 'month' | 'day') => parts.find((p) => p.type === type)!.value;
  return `${part('year').padStart(4, '0')}-${part('month')}-${part('day')}`;
}

/** Whether the calendar date `date` is after today in `timeZone` at `now`. Today is not future. */
export function isFuture(date: string, now: Date, timeZone: string): boolean {
  return date > localDate(now, timeZone);
}
