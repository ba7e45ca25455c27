import { addDays, isoWeekOf, mondayOf } from '../../common/calendar-date';
import { occurrences, type DateWindow, type Schedule } from './schedule';

/** What the committer reports about one occurrence. `renegotiated` comes with new terms (a new version). */
export const COMMITTER_OUTCOMES = ['kept', 'missed', 'renegotiated', 'excused'] as const;
export type CommitterOutcome = (typeof COMMITTER_OUTCOMES)[number];

/**
 * What the other partner says about the committer's report: it is right, or it is not. A view
 * answers a report, so a view on an occurrence with no report counts for nothing; when the report
 * changes, the view answered the old one and the module clears it.
 */
export const PARTNER_VIEWS = ['confirmed', 'disputed'] as const;
export type PartnerView = (typeof PARTNER_VIEWS)[number];

/** One occurrence of one commitment and what each viewpoint recorded (null: nothing yet). */
export interface OccurrenceRecord {
  committerId: string;
  /** The calendar date it fell due, in the organization's time zone. */
  date: string;
  report: CommitterOutcome | null;
  partnerView: PartnerView | null;
}

export interface RecordedOutcome {
  report: CommitterOutcome | null;
  partnerView: PartnerView | null;
}

/**
 * The figures for a set of occurrences. The outcome counts come from the committer's report alone:
 * a disputed `kept` still counts as kept, and the dispute shows in `disputed` and `agreementRate`.
 */
export interface ReliabilityFigures {
  /** Occurrences that fell due, reported or not. */
  due: number;
  kept: number;
  missed: number;
  excused: number;
  renegotiated: number;
  /** Due, but the committer has reported nothing. */
  unreported: number;
  /** kept ÷ (kept + missed), rounded to 4 decimals; null when nothing was kept or missed. */
  rate: number | null;
  /** Reports the other partner confirmed or disputed. */
  confirmed: number;
  disputed: number;
  /** confirmed ÷ (confirmed + disputed), rounded to 4 decimals; null when the partner answered none. */
  agreementRate: number | null;
}

export interface PeriodFigures extends ReliabilityFigures, DateWindow {}

/** One ISO week of the series: `week` is `2026-W10`, `from` its Monday and `to` its Sunday. */
export interface WeekFigures extends ReliabilityFigures, DateWindow {
  week: string;
}

export interface CommitterReliability {
  committerId: string;
  last30Days: PeriodFigures;
  last90Days: PeriodFigures;
  sinceStart: PeriodFigures;
  /** Every ISO week from the one holding `since` to the one holding `today`, empty weeks included. */
  weekly: WeekFigures[];
}

/**
 * `numerator ÷ denominator` rounded half up to 4 decimals, as PostgreSQL's `round(n::numeric / d, 4)`
 * does; null, never NaN, when the denominator is 0. Dividing the scaled integer keeps exact halves
 * exact: 57/800 = 0.07125 → 0.0713, where (57 / 800) * 10000 would give 712.4999… and 0.0712.
 */
export function ratio(numerator: number, denominator: number): number | null {
  return denominator === 0 ? null : Math.round((numerator * 10_000) / denominator) / 10_000;
}

/** The counts of a set of occurrences: the figures without their two ratios. */
export type ReliabilityCounts = Omit<ReliabilityFigures, 'rate' | 'agreementRate'>;

export const NO_OCCURRENCES: ReliabilityCounts = { due: 0, kept: 0, missed: 0, excused: 0, renegotiated: 0, unreported: 0, confirmed: 0, disputed: 0 };

/** The figures of these counts: the counts and the two ratios they give. */
export function figuresOfCounts(counts: ReliabilityCounts): ReliabilityFigures {
  const { due, kept, missed, excused, renegotiated, unreported, confirmed, disputed } = counts;
  return {
    due,
    kept,
    missed,
    excused,
    renegotiated,
    unreported,
    rate: ratio(kept, kept + missed),
    confirmed,
    disputed,
    agreementRate: ratio(confirmed, confirmed + disputed),
  };
}

/** The figures of these records, all of them counted: choosing which records is the caller's part. */
export function figuresOf(records: readonly OccurrenceRecord[]): ReliabilityFigures {
  const count = (test: (record: OccurrenceRecord) => boolean) => records.filter(test).length;
  return figuresOfCounts({
    due: records.length,
    kept: count((r) => r.report === 'kept'),
    missed: count((r) => r.report === 'missed'),
    excused: count((r) => r.report === 'excused'),
    renegotiated: count((r) => r.report === 'renegotiated'),
    unreported: count((r) => r.report === null),
    confirmed: count((r) => r.report !== null && r.partnerView === 'confirmed'),
    disputed: count((r) => r.report !== null && r.partnerView === 'disputed'),
  });
}

/**
 * The last 30 and 90 days before `today` in the organization's time zone, both ends included: today
 * and the 29 (or 89) days before it. Breaches are counted over these too.
 */
export function recentWindows(today: string): { last30Days: DateWindow; last90Days: DateWindow } {
  return { last30Days: { from: addDays(today, -29), to: today }, last90Days: { from: addDays(today, -89), to: today } };
}

/**
 * The periods reliability is reported for, relative to `today` in the organization's time zone:
 * the recent windows and everything since `since` (the enrollment's start). No period starts
 * before `since`, so each one lies within the next. A `since` after `today` leaves every period
 * empty (from after to).
 */
export function reliabilityPeriods(today: string, since: string): { last30Days: DateWindow; last90Days: DateWindow; sinceStart: DateWindow } {
  const recent = recentWindows(today);
  const startingFrom = (window: DateWindow): DateWindow => ({ from: window.from > since ? window.from : since, to: today });
  return { last30Days: startingFrom(recent.last30Days), last90Days: startingFrom(recent.last90Days), sinceStart: { from: since, to: today } };
}

function within(records: readonly OccurrenceRecord[], window: DateWindow): OccurrenceRecord[] {
  return records.filter((record) => record.date >= window.from && record.date <= window.to);
}

/** The ISO weeks from the one holding `since` to the one holding `today`, each Monday to Sunday. */
export function isoWeeksBetween(since: string, today: string): (DateWindow & { week: string })[] {
  const weeks: (DateWindow & { week: string })[] = [];
  if (since > today) return weeks;
  for (let monday = mondayOf(since); monday <= today; monday = addDays(monday, 7)) {
    weeks.push({ week: isoWeekOf(monday), from: monday, to: addDays(monday, 6) });
  }
  return weeks;
}

/**
 * Each committer's reliability, in the order of `committerIds` (a partner with no commitment gets
 * zeros; records of anyone else are left out). Only occurrences from `since` to `today` count:
 * later ones have not fallen due. The weekly series counts the same occurrences by ISO week, so
 * its first and last weeks may be partial.
 */
export function reliabilityOf(
  records: readonly OccurrenceRecord[],
  committerIds: readonly string[],
  { today, since }: { today: string; since: string },
): CommitterReliability[] {
  const periods = reliabilityPeriods(today, since);
  const weeks = isoWeeksBetween(since, today);
  return committerIds.map((committerId) => {
    const own = within(
      records.filter((record) => record.committerId === committerId),
      periods.sinceStart,
    );
    const period = (window: DateWindow): PeriodFigures => ({ ...window, ...figuresOf(within(own, window)) });
    return {
      committerId,
      last30Days: period(periods.last30Days),
      last90Days: period(periods.last90Days),
      sinceStart: period(periods.sinceStart),
      weekly: weeks.map(({ week, from, to }) => ({ week, from, to, ...figuresOf(within(own, { from, to })) })),
    };
  });
}

/**
 * The records of one commitment version's occurrences in `window`: each day its schedule falls
 * due, with the outcome recorded for that day or nulls. Outcomes on days that are not occurrences
 * are not records. This is the reference for the SQL that joins expanded schedules to outcomes.
 */
export function occurrenceRecords(
  committerId: string,
  schedule: Schedule,
  outcomes: ReadonlyMap<string, RecordedOutcome>,
  window: DateWindow,
): OccurrenceRecord[] {
  return occurrences(schedule, window).map((date) => ({
    committerId,
    date,
    report: outcomes.get(date)?.report ?? null,
    partnerView: outcomes.get(date)?.partnerView ?? null,
  }));
}

/** Counts of one committer's occurrences in one period, or in one ISO week (`week`: its Monday). */
export interface CountedBucket extends ReliabilityCounts {
  committerId: string;
  period: 'last30Days' | 'last90Days' | 'sinceStart' | 'week';
  week: string | null;
}

/**
 * Each committer's reliability from counts made elsewhere (in SQL), in the order of
 * `committerIds`: the same result `reliabilityOf` gives from the records themselves, for counts of
 * the occurrences from `since` to `today` by period and by ISO week. Periods and weeks without a
 * bucket are zeros.
 */
export function reliabilityOfCounts(
  buckets: readonly CountedBucket[],
  committerIds: readonly string[],
  { today, since }: { today: string; since: string },
): CommitterReliability[] {
  const periods = reliabilityPeriods(today, since);
  const weeks = isoWeeksBetween(since, today);
  const byKey = new Map(buckets.map(({ committerId, period, week, ...counts }) => [`${committerId} ${period} ${week}`, counts]));
  return committerIds.map((committerId) => {
    const counts = (period: CountedBucket['period'], week: string | null = null): ReliabilityCounts =>
      byKey.get(`${committerId} ${period} ${week}`) ?? NO_OCCURRENCES;
    return {
      committerId,
      last30Days: { ...periods.last30Days, ...figuresOfCounts(counts('last30Days')) },
      last90Days: { ...periods.last90Days, ...figuresOfCounts(counts('last90Days')) },
      sinceStart: { ...periods.sinceStart, ...figuresOfCounts(counts('sinceStart')) },
      weekly: weeks.map(({ week, from, to }) => ({ week, from, to, ...figuresOfCounts(counts('week', from)) })),
    };
  });
}
