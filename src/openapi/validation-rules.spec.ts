import { CALENDAR_DATE_PATTERN, isCalendarDate } from '../common/calendar-date';
import { isTimestamp, TIMESTAMP_PATTERN } from '../common/pagination/timestamp';

// The spec states these patterns; the validators are what the server enforces. A value the spec
// calls valid (pattern, and a day that exists, which `format` says) must be accepted, and the
// other way round.
const existingDay = (text: string) => {
  const [year, month, day] = text.slice(0, 10).split('-').map(Number);
  const date = new Date(Date.UTC(2000, month - 1, day));
  date.setUTCFullYear(year, month - 1, day);
  return date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
};

describe('the patterns the spec states for instants and days', () => {
  const instants = [
    '2024-05-01T10:00:00Z',
    '2024-05-01T10:00:00.123456+14:59',
    '2024-05-01T10:00:00.1234567Z',
    '2024-05-01T10:00:00+15:00',
    '2024-05-01T10:00:00-16:00',
    '2024-05-01T10:00:60Z',
    '2024-05-01T24:00:00Z',
    '0000-01-01T00:00:00Z',
    '0001-01-01T00:00:00Z',
    '2024-02-29T00:00:00Z',
    '2023-02-29T00:00:00Z',
    '2024-05-01T10:00:00',
    '2024-05-01 10:00:00Z',
    '2024-13-01T10:00:00Z',
  ];
  it.each(instants)('agree with the timestamp validator on %s', (text) => {
    const documented = new RegExp(TIMESTAMP_PATTERN).test(text) && existingDay(text);
    expect(documented).toBe(isTimestamp(text));
  });

  const days = ['2024-05-01', '0000-01-01', '0001-01-01', '2024-02-29', '2023-02-29', '2024-00-10', '2024-1-01', '20240501', '9999-12-31'];
  it.each(days)('agree with the calendar-date validator on %s', (text) => {
    const documented = new RegExp(CALENDAR_DATE_PATTERN).test(text) && existingDay(text);
    expect(documented).toBe(isCalendarDate(text));
  });
});
