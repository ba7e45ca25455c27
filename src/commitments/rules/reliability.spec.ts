import { localDate } from '../../common/time-zone';
import {
  figuresOf,
  isoWeeksBetween,
  occurrenceRecords,
  OccurrenceRecord,
  ratio,
  RecordedOutcome,
  ReliabilityFigures,
  reliabilityOf,
  reliabilityOfCounts,
  reliabilityPeriods,
  CountedBucket,
} from './reliability';
import { occurrences, Schedule, scheduleErrors } from './schedule';

const NONE: ReliabilityFigures = {
  due: 0,
  kept: 0,
  missed: 0,
  excused: 0,
  renegotiated: 0,
  unreported: 0,
  rate: null,
  confirmed: 0,
  disputed: 0,
  agreementRate: null,
};

function record(date: string, report: OccurrenceRecord['report'], partnerView: OccurrenceRecord['partnerView'] = null, committerId = 'a'): OccurrenceRecord {
  return { committerId, date, report, partnerView };
}

describe('ratio', () => {
  it.each([
    [0, 0, null],
    [0, 4, 0],
    [3, 3, 1],
    [1, 3, 0.3333],
    [2, 3, 0.6667],
    [5, 7, 0.7143],
    [1, 32, 0.0313], // 0.03125: a half, rounded up
    [1, 160, 0.0063], // 0.00625
    [57, 800, 0.0713], // 0.07125: a half that (57 / 800) * 10000 = 712.4999… would round down
  ])('%i ÷ %i is %p', (numerator, denominator, expected) => expect(ratio(numerator, denominator)).toBe(expected));
});

describe('figuresOf', () => {
  it('is all zeros and null rates, never NaN, for no occurrences', () => {
    expect(figuresOf([])).toEqual(NONE);
  });

  it("counts outcomes from the committer's report, and disputes beside them", () => {
    const figures = figuresOf([
      record('2026-03-01', 'kept', 'confirmed'),
      record('2026-03-02', 'kept', 'disputed'), // still kept: the dispute shows in the agreement rate
      record('2026-03-03', 'missed', 'confirmed'),
      record('2026-03-04', 'excused', 'disputed'),
      record('2026-03-05', 'renegotiated'),
      record('2026-03-06', null, 'disputed'), // a view with no report answers nothing
      record('2026-03-07', null),
    ]);
    // rate 2 kept ÷ (2 kept + 1 missed); agreement 2 confirmed ÷ (2 + 2 disputed)
    expect(figures).toEqual({ due: 7, kept: 2, missed: 1, excused: 1, renegotiated: 1, unreported: 2, rate: 0.6667, confirmed: 2, disputed: 2, agreementRate: 0.5 });
  });

  it('has no rate when only excused and renegotiated occurrences were reported', () => {
    expect(figuresOf([record('2026-03-01', 'excused'), record('2026-03-02', 'renegotiated')]).rate).toBeNull();
  });
});

describe('reliabilityPeriods', () => {
  it('are the last 30 and 90 days with today included, and the days since the start', () => {
    expect(reliabilityPeriods('2026-04-26', '2025-06-01')).toEqual({
      last30Days: { from: '2026-03-28', to: '2026-04-26' },
      last90Days: { from: '2026-01-27', to: '2026-04-26' },
      sinceStart: { from: '2025-06-01', to: '2026-04-26' },
    });
  });

  it('never start before the start', () => {
    expect(reliabilityPeriods('2026-04-26', '2026-04-01')).toEqual({
      last30Days: { from: '2026-04-01', to: '2026-04-26' },
      last90Days: { from: '2026-04-01', to: '2026-04-26' },
      sinceStart: { from: '2026-04-01', to: '2026-04-26' },
    });
  });
});

describe('reliabilityOf', () => {
  const today = '2026-04-26';

  it('counts an occurrence at the first day of a period and leaves out the day before it', () => {
    const [a] = reliabilityOf([record('2026-03-27', 'missed'), record('2026-03-28', 'kept'), record('2026-01-26', 'missed'), record('2026-01-27', 'kept')], ['a'], {
      today,
      since: '2025-01-01',
    });
    expect([a.last30Days.kept, a.last30Days.missed]).toEqual([1, 0]); // 03-28 in, 03-27 out
    expect([a.last90Days.kept, a.last90Days.missed]).toEqual([2, 1]); // 01-27 in, 01-26 out
    expect([a.sinceStart.kept, a.sinceStart.missed]).toEqual([2, 2]);
  });

  it('counts today and nothing after it, and nothing before the start', () => {
    const [a] = reliabilityOf([record('2026-04-26', 'kept'), record('2026-04-27', 'kept'), record('2026-03-31', 'missed')], ['a'], { today, since: '2026-04-01' });
    expect(a.sinceStart).toEqual({ ...NONE, from: '2026-04-01', to: today, due: 1, kept: 1, rate: 1 });
  });

  it('answers for each committer asked, in that order, with zeros for one without commitments', () => {
    const records = [record('2026-04-20', 'kept', null, 'b'), record('2026-04-20', 'missed', null, 'a'), record('2026-04-20', 'kept', null, 'someone-else')];
    const result = reliabilityOf(records, ['b', 'a', 'c'], { today, since: '2026-04-20' });
    expect(result.map((r) => [r.committerId, r.sinceStart.kept, r.sinceStart.missed, r.sinceStart.rate])).toEqual([
      ['b', 1, 0, 1],
      ['a', 0, 1, 0],
      ['c', 0, 0, null],
    ]);
  });

  it('is empty when the start is after today', () => {
    const [a] = reliabilityOf([record('2026-04-20', 'kept')], ['a'], { today, since: '2026-05-01' });
    expect(a.sinceStart).toEqual({ ...NONE, from: '2026-05-01', to: today });
    expect(a.weekly).toEqual([]);
  });

  it('puts 2027-01-01 in ISO week 2026-W53, not in a week of 2027', () => {
    // Daily from Monday 2026-12-28; today is Tuesday 2027-01-05. Kept every day but New Year's Day.
    const schedule: Schedule = { kind: 'daily', startsOn: '2026-12-28', count: 14 };
    const outcomes = new Map<string, RecordedOutcome>(
      occurrences(schedule, { from: '2026-12-28', to: '2027-01-05' }).map((date) => [date, { report: date === '2027-01-01' ? 'missed' : 'kept', partnerView: null }]),
    );
    const records = occurrenceRecords('a', schedule, outcomes, { from: '2026-12-28', to: '2027-01-10' });
    const [a] = reliabilityOf(records, ['a'], { today: '2027-01-05', since: '2026-12-28' });
    expect(a.weekly.map(({ week, from, to, due, kept, missed, rate }) => ({ week, from, to, due, kept, missed, rate }))).toEqual([
      { week: '2026-W53', from: '2026-12-28', to: '2027-01-03', due: 7, kept: 6, missed: 1, rate: 0.8571 }, // 6 ÷ 7
      { week: '2027-W01', from: '2027-01-04', to: '2027-01-10', due: 2, kept: 2, missed: 0, rate: 1 }, // 01-06 on are future
    ]);
  });

  it('puts 2025-12-29 to 2026-01-04 in ISO week 2026-W01, and lists weeks with nothing due', () => {
    expect(isoWeeksBetween('2025-12-24', '2026-01-06')).toEqual([
      { week: '2025-W52', from: '2025-12-22', to: '2025-12-28' },
      { week: '2026-W01', from: '2025-12-29', to: '2026-01-04' },
      { week: '2026-W02', from: '2026-01-05', to: '2026-01-11' },
    ]);
    const [a] = reliabilityOf([record('2025-12-31', 'kept')], ['a'], { today: '2026-01-06', since: '2025-12-24' });
    expect(a.weekly.map((week) => [week.week, week.due, week.rate])).toEqual([
      ['2025-W52', 0, null],
      ['2026-W01', 1, 1],
      ['2026-W02', 0, null],
    ]);
  });
});

/**
 * The worked example: partner A promises, every Wednesday and Sunday for eight weeks from Monday
 * 2026-03-02, in an organization in New York, whose clocks spring forward on Sunday 2026-03-08.
 * The figures are computed by hand from the table below, where "—" means nothing recorded.
 *
 *   week      Wednesday                     Sunday
 *   2026-W10  03-04 kept, confirmed         03-08 kept, confirmed       (the DST Sunday)
 *   2026-W11  03-11 missed, confirmed       03-15 kept, disputed
 *   2026-W12  03-18 kept, confirmed         03-22 excused, confirmed
 *   2026-W13  03-25 kept, —                 03-29 missed, disputed
 *   2026-W14  04-01 kept, confirmed         04-05 renegotiated, confirmed
 *   2026-W15  04-08 kept, confirmed         04-12 —, —
 *   2026-W16  04-15 missed, —               04-19 kept, confirmed
 *   2026-W17  04-22 kept, —                 04-26 future: not due yet
 *
 * Partner B made one promise, due Friday 2026-03-20: missed, and A confirmed it.
 */
describe('reliability over eight weeks across the New York DST change', () => {
  const TIME_ZONE = 'America/New_York';
  const now = new Date('2026-04-24T02:30:00Z'); // 22:30 on Thursday 2026-04-23 in New York; already 04-24 in UTC
  const today = localDate(now, TIME_ZONE);
  const since = '2026-03-02';
  const promiseOfA: Schedule = { kind: 'weekly', weekdays: ['wed', 'sun'], startsOn: since, count: 16 };
  const promiseOfB: Schedule = { kind: 'once', dueOn: '2026-03-20' };
  const outcomesOfA = new Map<string, RecordedOutcome>([
    ['2026-03-04', { report: 'kept', partnerView: 'confirmed' }],
    ['2026-03-08', { report: 'kept', partnerView: 'confirmed' }],
    ['2026-03-11', { report: 'missed', partnerView: 'confirmed' }],
    ['2026-03-15', { report: 'kept', partnerView: 'disputed' }],
    ['2026-03-18', { report: 'kept', partnerView: 'confirmed' }],
    ['2026-03-22', { report: 'excused', partnerView: 'confirmed' }],
    ['2026-03-25', { report: 'kept', partnerView: null }],
    ['2026-03-29', { report: 'missed', partnerView: 'disputed' }],
    ['2026-04-01', { report: 'kept', partnerView: 'confirmed' }],
    ['2026-04-05', { report: 'renegotiated', partnerView: 'confirmed' }],
    ['2026-04-08', { report: 'kept', partnerView: 'confirmed' }],
    ['2026-04-15', { report: 'missed', partnerView: null }],
    ['2026-04-19', { report: 'kept', partnerView: 'confirmed' }],
    ['2026-04-22', { report: 'kept', partnerView: null }],
  ]);
  const outcomesOfB = new Map<string, RecordedOutcome>([['2026-03-20', { report: 'missed', partnerView: 'confirmed' }]]);
  const window = { from: since, to: '2026-04-30' };
  const records = [...occurrenceRecords('a', promiseOfA, outcomesOfA, window), ...occurrenceRecords('b', promiseOfB, outcomesOfB, window)];
  const [a, b] = reliabilityOf(records, ['a', 'b'], { today, since });

  it("takes today from the organization's zone, and the schedule keeps its days through the change", () => {
    expect(today).toBe('2026-04-23');
    expect(scheduleErrors(promiseOfA)).toEqual([]);
    expect(occurrences(promiseOfA, window)).toEqual([
      '2026-03-04', '2026-03-08', '2026-03-11', '2026-03-15', '2026-03-18', '2026-03-22', '2026-03-25', '2026-03-29',
      '2026-04-01', '2026-04-05', '2026-04-08', '2026-04-12', '2026-04-15', '2026-04-19', '2026-04-22', '2026-04-26',
    ]);
  });

  it("gives A's figures since the start, and the same for the last 90 days, which begin no earlier", () => {
    // 15 due (16 less 04-26): kept 9 (03-04, 03-08, 03-15, 03-18, 03-25, 04-01, 04-08, 04-19, 04-22),
    // missed 3 (03-11, 03-29, 04-15), excused 1, renegotiated 1, unreported 1 (04-12): 9+3+1+1+1 = 15.
    // rate 9 ÷ (9 + 3) = 0.75. Confirmed 9 (03-04, 03-08, 03-11, 03-18, 03-22, 04-01, 04-05, 04-08,
    // 04-19), disputed 2 (03-15, 03-29): agreement 9 ÷ 11 = 0.81818… → 0.8182.
    const figures = { due: 15, kept: 9, missed: 3, excused: 1, renegotiated: 1, unreported: 1, rate: 0.75, confirmed: 9, disputed: 2, agreementRate: 0.8182 };
    expect(a.sinceStart).toEqual({ from: '2026-03-02', to: '2026-04-23', ...figures });
    expect(a.last90Days).toEqual({ from: '2026-03-02', to: '2026-04-23', ...figures });
  });

  it("gives A's figures for the last 30 days, 2026-03-25 to 2026-04-23, both ends included", () => {
    // 9 due: 03-25, 03-29, 04-01, 04-05, 04-08, 04-12, 04-15, 04-19, 04-22.
    // kept 5 (03-25, 04-01, 04-08, 04-19, 04-22), missed 2 (03-29, 04-15), renegotiated 1, unreported 1:
    // rate 5 ÷ 7 = 0.714285… → 0.7143. Confirmed 4 (04-01, 04-05, 04-08, 04-19), disputed 1 (03-29): 4 ÷ 5 = 0.8.
    expect(a.last30Days).toEqual({
      from: '2026-03-25',
      to: '2026-04-23',
      due: 9,
      kept: 5,
      missed: 2,
      excused: 0,
      renegotiated: 1,
      unreported: 1,
      rate: 0.7143,
      confirmed: 4,
      disputed: 1,
      agreementRate: 0.8,
    });
  });

  it("gives A's weekly series, ISO weeks 10 to 17, the DST week included", () => {
    const row = (w: ReliabilityFigures & { week: string }) => [w.week, w.due, w.kept, w.missed, w.excused, w.renegotiated, w.unreported, w.rate, w.confirmed, w.disputed, w.agreementRate];
    expect(a.weekly.map(row)).toEqual([
      // week      due kept missed exc. reneg. unrep. rate  conf. disp. agreement
      ['2026-W10', 2, 2, 0, 0, 0, 0, 1, 2, 0, 1], // 2 ÷ 2; 2 ÷ 2
      ['2026-W11', 2, 1, 1, 0, 0, 0, 0.5, 1, 1, 0.5], // 1 ÷ 2; 1 ÷ 2
      ['2026-W12', 2, 1, 0, 1, 0, 0, 1, 2, 0, 1], // 1 ÷ 1 (the excuse is not in the rate); 2 ÷ 2
      ['2026-W13', 2, 1, 1, 0, 0, 0, 0.5, 0, 1, 0], // 1 ÷ 2; 0 ÷ 1
      ['2026-W14', 2, 1, 0, 0, 1, 0, 1, 2, 0, 1], // 1 ÷ 1; 2 ÷ 2
      ['2026-W15', 2, 1, 0, 0, 0, 1, 1, 1, 0, 1], // 1 ÷ 1; 1 ÷ 1
      ['2026-W16', 2, 1, 1, 0, 0, 0, 0.5, 1, 0, 1], // 1 ÷ 2; 1 ÷ 1
      ['2026-W17', 1, 1, 0, 0, 0, 0, 1, 0, 0, null], // 04-26 is future; nobody answered 04-22
    ]);
    expect(a.weekly.map((w) => [w.from, w.to])[0]).toEqual(['2026-03-02', '2026-03-08']);
    expect(a.weekly.reduce((sum, w) => sum + w.due, 0)).toBe(a.sinceStart.due);
  });

  it("keeps B's figures apart from A's", () => {
    // One occurrence, missed and confirmed: rate 0 ÷ 1 = 0, agreement 1 ÷ 1 = 1. 03-20 is before the last 30 days.
    expect(b.sinceStart).toEqual({ ...NONE, from: since, to: today, due: 1, missed: 1, rate: 0, confirmed: 1, agreementRate: 1 });
    expect(b.last30Days).toEqual({ ...NONE, from: '2026-03-25', to: today });
    expect(b.weekly.filter((w) => w.due > 0).map((w) => w.week)).toEqual(['2026-W12']);
  });
});

describe('occurrenceRecords', () => {
  it('has a record for every occurrence in the window, and none for outcomes on other days', () => {
    const schedule: Schedule = { kind: 'weekly', weekdays: ['mon'], startsOn: '2026-03-02', count: 3 };
    const outcomes = new Map<string, RecordedOutcome>([
      ['2026-03-09', { report: 'kept', partnerView: 'confirmed' }],
      ['2026-03-10', { report: 'missed', partnerView: null }],
    ]);
    expect(occurrenceRecords('a', schedule, outcomes, { from: '2026-03-03', to: '2026-03-31' })).toEqual([
      { committerId: 'a', date: '2026-03-09', report: 'kept', partnerView: 'confirmed' },
      { committerId: 'a', date: '2026-03-16', report: null, partnerView: null },
    ]);
  });
});

describe('reliabilityOfCounts', () => {
  /** What the SQL does, by hand: the records from `since` to `today` counted per period and per ISO week. */
  function bucketsOf(records: OccurrenceRecord[], today: string, since: string): CountedBucket[] {
    const periods = reliabilityPeriods(today, since);
    const weeks = isoWeeksBetween(since, today);
    const buckets: CountedBucket[] = [];
    for (const committerId of new Set(records.map((r) => r.committerId))) {
      const own = records.filter((r) => r.committerId === committerId && r.date >= since && r.date <= today);
      const add = (period: CountedBucket['period'], week: string | null, chosen: OccurrenceRecord[]) => {
        if (chosen.length === 0) return;
        const { rate: _rate, agreementRate: _agreement, ...counts } = figuresOf(chosen);
        buckets.push({ committerId, period, week, ...counts });
      };
      for (const name of ['last30Days', 'last90Days', 'sinceStart'] as const) {
        add(name, null, own.filter((r) => r.date >= periods[name].from && r.date <= periods[name].to));
      }
      for (const week of weeks) add('week', week.from, own.filter((r) => r.date >= week.from && r.date <= week.to));
    }
    return buckets;
  }

  const history = [
    record('2026-01-05', 'kept', 'confirmed'),
    record('2026-01-07', 'missed', 'disputed'),
    record('2026-02-11', 'excused'),
    record('2026-03-02', 'kept', null, 'b'),
    record('2026-03-03', 'renegotiated', 'confirmed', 'b'),
    record('2026-03-20', null),
    record('2026-03-29', 'kept', 'disputed'),
    record('2026-04-01', 'missed', null, 'b'),
  ];

  it.each([
    ['2026-04-01', '2026-01-01'],
    ['2026-03-10', '2026-02-01'],
    ['2026-01-06', '2026-01-06'],
    ['2025-12-01', '2026-01-01'],
  ])('gives what reliabilityOf gives from the records (today %s, since %s)', (today, since) => {
    const committers = ['a', 'b', 'nobody'];
    expect(reliabilityOfCounts(bucketsOf(history, today, since), committers, { today, since })).toEqual(reliabilityOf(history, committers, { today, since }));
  });

  it('gives zeros, not a missing entry, for a committer or week without a bucket', () => {
    const [figures] = reliabilityOfCounts([], ['a'], { today: '2026-01-14', since: '2026-01-01' });
    expect(figures.sinceStart).toEqual({ from: '2026-01-01', to: '2026-01-14', ...NONE });
    expect(figures.weekly.map((w) => [w.week, w.due])).toEqual([
      ['2026-W01', 0],
      ['2026-W02', 0],
      ['2026-W03', 0],
    ]);
  });
});
