import { addDays, dateOfDayNumber, dayNumberOf, daysBetween, isCalendarDate, isoWeekdayOf, isoWeekOf, mondayOf } from './calendar-date';

describe('isCalendarDate', () => {
  it.each(['2031-03-01', '2024-02-29', '0001-01-01', '9999-12-31'])('accepts %s', (text) => expect(isCalendarDate(text)).toBe(true));
  it.each(['2031-02-30', '2023-02-29', '2031-04-31', '0000-01-01', '2031-13-01', '2031-00-10', '2031-1-1', '2031-03-01T00:00:00Z', 20310301, null])(
    'refuses %p',
    (value) => expect(isCalendarDate(value)).toBe(false),
  );
});

describe('calendar arithmetic', () => {
  it('numbers days from 1970-01-01, both ways', () => {
    expect(dayNumberOf('1970-01-01')).toBe(0);
    expect(dayNumberOf('1969-12-31')).toBe(-1);
    expect(dayNumberOf('2000-01-01')).toBe(10_957);
    expect(dateOfDayNumber(10_957)).toBe('2000-01-01');
    expect(dateOfDayNumber(-1)).toBe('1969-12-31');
    expect(dayNumberOf('0099-12-31')).toBeLessThan(dayNumberOf('0100-01-01'));
  });

  it('walks every day of 1999 to 2001 one at a time, each a real date, none skipped or repeated', () => {
    let date = '1999-01-01';
    const seen = new Set<string>();
    for (let day = dayNumberOf(date); date <= '2001-12-31'; day++, date = addDays(date, 1)) {
      expect(isCalendarDate(date)).toBe(true);
      expect(dayNumberOf(date)).toBe(day);
      expect(dateOfDayNumber(day)).toBe(date);
      seen.add(date);
    }
    expect(seen.size).toBe(365 + 366 + 365);
  });

  it.each([
    ['2024-02-28', 1, '2024-02-29'],
    ['2023-02-28', 1, '2023-03-01'],
    ['2000-02-28', 1, '2000-02-29'],
    ['2100-02-28', 1, '2100-03-01'],
    ['2026-03-07', 1, '2026-03-08'],
    ['2026-03-08', 7, '2026-03-15'],
    ['2026-10-25', 7, '2026-11-01'],
    ['2026-01-01', -1, '2025-12-31'],
    ['2026-03-01', -1, '2026-02-28'],
    ['2026-04-23', -29, '2026-03-25'],
  ])('%s + %i days is %s', (date, days, expected) => expect(addDays(date, days)).toBe(expected));

  it('counts the days between dates, leap years included', () => {
    expect(daysBetween('2024-01-01', '2025-01-01')).toBe(366);
    expect(daysBetween('2025-01-01', '2026-01-01')).toBe(365);
    expect(daysBetween('2026-03-08', '2026-03-01')).toBe(-7);
    expect(daysBetween('2026-03-08', '2026-03-08')).toBe(0);
  });

  it.each([
    ['1970-01-01', 4],
    ['1969-12-31', 3],
    ['1969-12-29', 1],
    ['2026-03-08', 7],
    ['2026-03-09', 1],
    ['2024-02-29', 4],
  ])('%s is ISO weekday %i', (date, weekday) => expect(isoWeekdayOf(date)).toBe(weekday));

  it('finds the Monday of the week', () => {
    expect(mondayOf('2026-03-08')).toBe('2026-03-02');
    expect(mondayOf('2026-03-09')).toBe('2026-03-09');
    expect(mondayOf('2027-01-03')).toBe('2026-12-28');
  });

  // Checked against Python's date.isocalendar().
  it.each([
    ['2025-12-29', '2026-W01'],
    ['2026-01-01', '2026-W01'],
    ['2026-01-04', '2026-W01'],
    ['2026-01-05', '2026-W02'],
    ['2026-12-31', '2026-W53'],
    ['2027-01-01', '2026-W53'],
    ['2027-01-03', '2026-W53'],
    ['2027-01-04', '2027-W01'],
    ['2021-01-03', '2020-W53'],
    ['2021-01-04', '2021-W01'],
    ['2024-12-30', '2025-W01'],
    ['2020-12-31', '2020-W53'],
    ['2019-12-30', '2020-W01'],
    ['2008-12-29', '2009-W01'],
    ['2010-01-03', '2009-W53'],
    ['2000-01-01', '1999-W52'],
    ['2026-03-08', '2026-W10'],
    ['2026-03-09', '2026-W11'],
  ])('%s is in ISO week %s', (date, week) => expect(isoWeekOf(date)).toBe(week));
});
