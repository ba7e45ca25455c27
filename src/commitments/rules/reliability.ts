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

/** The figures of these records, all of them counted: choosing which records is the caller's part. */
export function figuresOf(records: readonly OccurrenceRecord[]): ReliabilityFigures {
  const count = (test: (record: OccurrenceRecord) => boolean) => records.filter(test).length;
  const kept = count((r) => r.report === 'kept');
  const missed = count((r) => r.report === 'missed');
  const confirmed = count((r) => r.report !== null && r.partnerView === 'confirmed');
  const disputed = count((r) => r.report !== null && r.partnerView === 'disputed');
  return {
    due: records.length,
    kept,
    missed,
    excused: count((r) => r.report === 'excused'),
    renegotiated: count((r) => r.report === 'renegotiated'),
    unreported: count((r) => r.report === null),
    rate: ratio(kept, kept + missed),
    confirmed,
    disputed,
    agreementRate: ratio(confirmed, confirmed + disputed),
  };
}

/**
 * The periods reliability is reported for, relative to `today` in the organization's time zone,
 * both ends included: the last 30 days are today and the 29 before it, the last 90 days today and
 * the 89 before it. No period starts before `since` (the enrollment's start), so each one lies
 * within the next. A `since` after `today` leaves every period empty (from after to).
 */
export function reliabilityPeriods(today: string, since: string): { last30Days: DateWindow; last90Days: DateWindow; sinceStart: DateWindow } {
  const startingFrom = (from: string): DateWindow => ({ from: from > since ? from : since, to: today });
  return { last30Days: startingFrom(addDays(today, -29)), last90Days: startingFrom(addDays(today, -89)), sinceStart: startingFrom(since) };
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
