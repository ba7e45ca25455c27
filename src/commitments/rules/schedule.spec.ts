import { addDays, isoWeekdayOf } from '../../common/calendar-date';
import { localDate } from '../../common/time-zone';
import {
  allOccurrences,
  MAX_SCHEDULE_DAYS,
  occurrenceOn,
  occurrences,
  occurrenceSpan,
  outcomeDateRefusal,
  Schedule,
  scheduleErrors,
  Weekday,
} from './schedule';

const DAY = 86_400_000;
const ALL_2026 = { from: '2026-01-01', to: '2026-12-31' };

function fieldsOf(schedule: Schedule): string[] {
  return scheduleErrors(schedule).map((error) => error.field);
}

describe('schedule validation', () => {
  it.each<[string, Schedule]>([
    ['a one-off', { kind: 'once', dueOn: '2026-03-08' }],
    ['a daily schedule with an end date', { kind: 'daily', startsOn: '2026-03-01', endsOn: '2026-03-31' }],
    ['a daily schedule of one day', { kind: 'daily', startsOn: '2026-03-01', endsOn: '2026-03-01' }],
    ['a daily schedule with a count, endsOn null', { kind: 'daily', startsOn: '2026-03-01', endsOn: null, count: 10 }],
    ['a weekly schedule on several days', { kind: 'weekly', weekdays: ['fri', 'mon'], startsOn: '2026-03-01', count: 16 }],
    ['the longest daily schedule', { kind: 'daily', startsOn: '2026-01-01', endsOn: addDays('2026-01-01', MAX_SCHEDULE_DAYS - 1) }],
    ['the most daily occurrences', { kind: 'daily', startsOn: '2026-01-01', count: 731 }],
    ['105 Mondays (the 105th is 728 days after the first)', { kind: 'weekly', weekdays: ['mon'], startsOn: '2026-01-05', count: 105 }],
    ['a leap day', { kind: 'once', dueOn: '2028-02-29' }],
  ])('accepts %s', (_, schedule) => expect(scheduleErrors(schedule)).toEqual([]));

  it.each<[string, Schedule, string[]]>([
    ['an impossible date', { kind: 'once', dueOn: '2026-02-30' }, ['schedule.dueOn']],
    ['a 29 February outside a leap year', { kind: 'daily', startsOn: '2027-02-29', count: 3 }, ['schedule.startsOn']],
    ['a date that is not YYYY-MM-DD', { kind: 'once', dueOn: '2026-3-8' }, ['schedule.dueOn']],
    ['a date before 2000', { kind: 'once', dueOn: '1999-12-31' }, ['schedule.dueOn']],
    ['a date after 2999', { kind: 'daily', startsOn: '3000-01-01', count: 1 }, ['schedule.startsOn']],
    ['an end before the start', { kind: 'daily', startsOn: '2026-03-10', endsOn: '2026-03-09' }, ['schedule.endsOn']],
    ['an impossible end date', { kind: 'daily', startsOn: '2026-03-10', endsOn: '2026-04-31' }, ['schedule.endsOn']],
    ['both an end date and a count', { kind: 'daily', startsOn: '2026-03-10', endsOn: '2026-03-20', count: 5 }, ['schedule.count']],
    ['neither an end date nor a count', { kind: 'weekly', weekdays: ['mon'], startsOn: '2026-03-10' }, ['schedule']],
    ['a count of 0', { kind: 'daily', startsOn: '2026-03-10', count: 0 }, ['schedule.count']],
    ['a negative count', { kind: 'daily', startsOn: '2026-03-10', count: -3 }, ['schedule.count']],
    ['a fractional count', { kind: 'daily', startsOn: '2026-03-10', count: 2.5 }, ['schedule.count']],
    ['a count over 731', { kind: 'daily', startsOn: '2026-03-10', count: 732 }, ['schedule.count']],
    ['a count not reached within 731 days', { kind: 'weekly', weekdays: ['mon'], startsOn: '2026-01-05', count: 106 }, ['schedule.count']],
    ['an end more than 731 days on', { kind: 'daily', startsOn: '2026-01-01', endsOn: addDays('2026-01-01', MAX_SCHEDULE_DAYS) }, ['schedule.endsOn']],
    ['no weekdays', { kind: 'weekly', weekdays: [], startsOn: '2026-03-10', count: 2 }, ['schedule.weekdays']],
    ['a repeated weekday', { kind: 'weekly', weekdays: ['mon', 'wed', 'mon'], startsOn: '2026-03-10', count: 2 }, ['schedule.weekdays[2]']],
    ['an unknown weekday', { kind: 'weekly', weekdays: ['mon', 'monday' as Weekday], startsOn: '2026-03-10', count: 2 }, ['schedule.weekdays[1]']],
    ['an end that leaves no occurrence', { kind: 'weekly', weekdays: ['mon'], startsOn: '2026-03-10', endsOn: '2026-03-15' }, ['schedule.endsOn']],
    ['an unknown kind', { kind: 'monthly' } as unknown as Schedule, ['schedule.kind']],
  ])('refuses %s', (_, schedule, fields) => expect(fieldsOf(schedule)).toEqual(fields));

  it('names every fault at once, with messages that say the rule', () => {
    const schedule: Schedule = { kind: 'weekly', weekdays: ['tue', 'tue'], startsOn: '2026-02-30', endsOn: '2026-13-01' };
    expect(scheduleErrors(schedule, 'terms.schedule')).toEqual([
      { field: 'terms.schedule.weekdays[1]', message: 'repeats terms.schedule.weekdays[0]' },
      { field: 'terms.schedule.startsOn', message: 'must be a calendar date (YYYY-MM-DD)' },
      { field: 'terms.schedule.endsOn', message: 'must be a calendar date (YYYY-MM-DD)' },
    ]);
    expect(scheduleErrors({ kind: 'daily', startsOn: '2026-01-01', endsOn: '2028-01-02' })).toEqual([
      { field: 'schedule.endsOn', message: 'must be no later than 2028-01-01: a schedule lasts at most 731 days' },
    ]);
  });

  it('still checks the end against the start when the weekdays are wrong', () => {
    expect(fieldsOf({ kind: 'weekly', weekdays: [], startsOn: '2026-03-10', endsOn: '2026-03-01' })).toEqual(['schedule.weekdays', 'schedule.endsOn']);
  });
});

describe('occurrences', () => {
  it('of a one-off: its due date, when the window holds it', () => {
    const once: Schedule = { kind: 'once', dueOn: '2026-03-08' };
    expect(occurrences(once, ALL_2026)).toEqual(['2026-03-08']);
    expect(occurrences(once, { from: '2026-03-08', to: '2026-03-08' })).toEqual(['2026-03-08']);
    expect(occurrences(once, { from: '2026-03-09', to: '2026-12-31' })).toEqual([]);
    expect(occurrences(once, { from: '2026-01-01', to: '2026-03-07' })).toEqual([]);
  });

  it('of a daily schedule: every day to endsOn, endsOn included', () => {
    const daily: Schedule = { kind: 'daily', startsOn: '2026-03-06', endsOn: '2026-03-10' };
    expect(occurrences(daily, ALL_2026)).toEqual(['2026-03-06', '2026-03-07', '2026-03-08', '2026-03-09', '2026-03-10']);
  });

  it('of a daily schedule with a count, through a leap day and not through a non-existent one', () => {
    expect(allOccurrences({ kind: 'daily', startsOn: '2028-02-27', count: 4 })).toEqual(['2028-02-27', '2028-02-28', '2028-02-29', '2028-03-01']);
    expect(allOccurrences({ kind: 'daily', startsOn: '2027-02-27', count: 4 })).toEqual(['2027-02-27', '2027-02-28', '2027-03-01', '2027-03-02']);
  });

  it('of a weekly schedule on a leap day and across a year end', () => {
    expect(allOccurrences({ kind: 'weekly', weekdays: ['thu'], startsOn: '2024-02-22', endsOn: '2024-03-07' })).toEqual(['2024-02-22', '2024-02-29', '2024-03-07']);
    expect(allOccurrences({ kind: 'weekly', weekdays: ['thu'], startsOn: '2026-12-24', count: 3 })).toEqual(['2026-12-24', '2026-12-31', '2027-01-07']);
  });

  it('of a weekly schedule on several weekdays with a count: counted from startsOn, in any weekday order', () => {
    // 2026-03-04 is a Wednesday: Wed, Fri, Mon, Wed, Fri.
    const expected = ['2026-03-04', '2026-03-06', '2026-03-09', '2026-03-11', '2026-03-13'];
    expect(allOccurrences({ kind: 'weekly', weekdays: ['mon', 'wed', 'fri'], startsOn: '2026-03-04', count: 5 })).toEqual(expected);
    expect(allOccurrences({ kind: 'weekly', weekdays: ['fri', 'mon', 'wed'], startsOn: '2026-03-04', count: 5 })).toEqual(expected);
  });

  it('of a weekly schedule that starts on a day not listed: from the first listed day', () => {
    expect(allOccurrences({ kind: 'weekly', weekdays: ['mon'], startsOn: '2026-03-04', count: 2 })).toEqual(['2026-03-09', '2026-03-16']);
  });

  it('falls only on the listed weekdays, over a whole year', () => {
    const dates = allOccurrences({ kind: 'weekly', weekdays: ['tue', 'sat'], startsOn: '2026-01-01', endsOn: '2026-12-31' });
    expect(dates).toHaveLength(104); // 2026 has 52 Tuesdays and 52 Saturdays
    expect(new Set(dates.map(isoWeekdayOf))).toEqual(new Set([2, 6]));
  });

  it('in a window: both edges included, nothing outside, nothing for a window that ends before it starts', () => {
    const daily: Schedule = { kind: 'daily', startsOn: '2026-03-01', count: 31 };
    expect(occurrences(daily, { from: '2026-03-10', to: '2026-03-12' })).toEqual(['2026-03-10', '2026-03-11', '2026-03-12']);
    expect(occurrences(daily, { from: '2026-02-01', to: '2026-03-01' })).toEqual(['2026-03-01']);
    expect(occurrences(daily, { from: '2026-03-31', to: '2026-04-30' })).toEqual(['2026-03-31']);
    expect(occurrences(daily, { from: '2026-04-01', to: '2026-04-30' })).toEqual([]);
    expect(occurrences(daily, { from: '2026-03-12', to: '2026-03-10' })).toEqual([]);
  });

  it('has a span from the first to the last occurrence', () => {
    expect(occurrenceSpan({ kind: 'weekly', weekdays: ['mon'], startsOn: '2026-03-04', endsOn: '2026-03-31' })).toEqual({ from: '2026-03-09', to: '2026-03-30' });
    expect(occurrenceSpan({ kind: 'once', dueOn: '2026-03-08' })).toEqual({ from: '2026-03-08', to: '2026-03-08' });
    expect(occurrenceSpan({ kind: 'daily', startsOn: '2026-01-01', count: 731 })).toEqual({ from: '2026-01-01', to: '2028-01-01' });
  });

  it('stops within 731 days even for a schedule that skipped validation', () => {
    expect(allOccurrences({ kind: 'daily', startsOn: '2026-01-01', count: 1_000_000 })).toHaveLength(MAX_SCHEDULE_DAYS);
    expect(allOccurrences({ kind: 'daily', startsOn: '2026-01-01', endsOn: '2999-12-31' })).toHaveLength(MAX_SCHEDULE_DAYS);
  });
});

describe('occurrences across daylight saving changes', () => {
  it('keeps a Sunday schedule on Sundays through the New York change (2026-03-08)', () => {
    expect(allOccurrences({ kind: 'weekly', weekdays: ['sun'], startsOn: '2026-03-01', count: 3 })).toEqual(['2026-03-01', '2026-03-08', '2026-03-15']);
  });

  it('keeps a daily schedule one occurrence a day through the Berlin changes (2026-03-29, 2026-10-25)', () => {
    expect(occurrences({ kind: 'daily', startsOn: '2026-03-28', endsOn: '2026-03-30' }, ALL_2026)).toEqual(['2026-03-28', '2026-03-29', '2026-03-30']);
    expect(occurrences({ kind: 'daily', startsOn: '2026-10-24', endsOn: '2026-10-26' }, ALL_2026)).toEqual(['2026-10-24', '2026-10-25', '2026-10-26']);
  });

  it('keeps a Sunday in Berlin on Sunday in the autumn, where stepping by 7 × 24 hours would land on Saturday', () => {
    const dates = allOccurrences({ kind: 'weekly', weekdays: ['sun'], startsOn: '2026-10-18', count: 3 });
    expect(dates).toEqual(['2026-10-18', '2026-10-25', '2026-11-01']);
    // What an instant-based schedule would do: Berlin midnight of the first Sunday, plus whole weeks.
    const firstMidnight = Date.parse('2026-10-17T22:00:00Z');
    const byInstants = [0, 1, 2].map((week) => localDate(new Date(firstMidnight + week * 7 * DAY), 'Europe/Berlin'));
    expect(byInstants).toEqual(['2026-10-18', '2026-10-25', '2026-10-31']);
  });
});

describe('occurrenceOn', () => {
  const schedule: Schedule = { kind: 'weekly', weekdays: ['mon', 'thu'], startsOn: '2026-03-02', count: 3 };

  it('is true on each occurrence: 2026-03-02 (Mon), 03-05 (Thu), 03-09 (Mon)', () => {
    expect(['2026-03-02', '2026-03-05', '2026-03-09'].map((date) => occurrenceOn(schedule, date))).toEqual([true, true, true]);
  });

  it('is false before the start, off the weekdays, and after the count is reached', () => {
    expect(['2026-02-26', '2026-03-03', '2026-03-12', '2026-03-16'].map((date) => occurrenceOn(schedule, date))).toEqual([false, false, false, false]);
  });

  it('includes endsOn', () => {
    const daily: Schedule = { kind: 'daily', startsOn: '2026-03-01', endsOn: '2026-03-31' };
    expect(occurrenceOn(daily, '2026-03-31')).toBe(true);
    expect(occurrenceOn(daily, '2026-04-01')).toBe(false);
  });
});

describe('outcomeDateRefusal', () => {
  const weekly: Schedule = { kind: 'weekly', weekdays: ['sun', 'mon'], startsOn: '2026-03-01', count: 8 };
  const now = new Date('2026-03-09T03:30:00Z'); // 23:30 on Sunday 2026-03-08 in New York, 04:30 on Monday 03-09 in Berlin

  it("accepts a past occurrence and today's", () => {
    expect(outcomeDateRefusal(weekly, '2026-03-01', now, 'America/New_York')).toBeNull();
    expect(outcomeDateRefusal(weekly, '2026-03-08', now, 'America/New_York')).toBeNull();
  });

  it("refuses an occurrence after today in the organization's zone, which another zone would accept", () => {
    expect(outcomeDateRefusal(weekly, '2026-03-09', now, 'America/New_York')).toBe('IN_THE_FUTURE');
    expect(outcomeDateRefusal(weekly, '2026-03-09', now, 'Europe/Berlin')).toBeNull();
  });

  it('refuses a date that is not an occurrence, or not a date, before asking whether it is future', () => {
    expect(outcomeDateRefusal(weekly, '2026-03-03', now, 'America/New_York')).toBe('NOT_AN_OCCURRENCE');
    expect(outcomeDateRefusal(weekly, '2026-12-06', now, 'America/New_York')).toBe('NOT_AN_OCCURRENCE');
    expect(outcomeDateRefusal(weekly, '2026-02-30', now, 'America/New_York')).toBe('NOT_AN_OCCURRENCE');
  });
});
