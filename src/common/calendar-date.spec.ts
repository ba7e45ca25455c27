import { isCalendarDate } from './calendar-date';

describe('isCalendarDate', () => {
  it.each(['2031-03-01', '2024-02-29', '0001-01-01', '9999-12-31'])('accepts %s', (text) => expect(isCalendarDate(text)).toBe(true));
  it.each(['2031-02-30', '2023-02-29', '2031-04-31', '0000-01-01', '2031-13-01', '2031-00-10', '2031-1-1', '2031-03-01T00:00:00Z', 20310301, null])(
    'refuses %p',
    (value) => expect(isCalendarDate(value)).toBe(false),
  );
});
