import { dayNumberOf } from '../../common/calendar-date';
import { meetsCutOff } from '../../instruments/rules/cut-offs';
import { changeFromBaseline, ChangeFromBaseline } from '../../instruments/rules/reliable-change';
import type { BetterDirection, CutOffDefinition } from '../../instruments/built-in/instrument-definition';

/** One scored measurement in a series. `day` is its calendar date in the organization's time zone. */
export interface TrendPoint {
  measurementId: string;
  takenAt: Date;
  day: string;
  score: number;
}

/** A partner's answer paired with the other's nearest one. */
export interface AnswerPair {
  a: TrendPoint;
  b: TrendPoint;
  /** a.score − b.score, to two decimals. */
  difference: number;
  /** Days between the two answers (absolute, whole days by calendar date). */
  daysApart: number;
}

const round2 = (n: number) => Math.round(n * 100) / 100;
const byTime = (x: TrendPoint, y: TrendPoint) => x.takenAt.getTime() - y.takenAt.getTime() || x.measurementId.localeCompare(y.measurementId);

/**
 * Pairs two partners' answers to compare them, closest pairs first: of all pairs of an answer of A
 * and one of B at most `windowDays` calendar days apart, the closest in time is taken, then the
 * closest of those left whose answers are both still free, and so on (ties: A's earlier answer, then
 * B's). An answer is in at most one pair; answers with no free partner answer near enough are left
 * out. The pairs come in order of A's answers.
 */
export function pairAnswers(a: readonly TrendPoint[], b: readonly TrendPoint[], windowDays: number): AnswerPair[] {
  const as = [...a].sort(byTime);
  const bs = [...b].sort(byTime);
  const bDays = bs.map((y) => dayNumberOf(y.day));
  const candidates: { i: number; j: number; distance: number; days: number }[] = [];
  let first = 0;
  as.forEach((x, i) => {
    const day = dayNumberOf(x.day);
    // B's answers are in time order, so those too early for this answer are too early for the next.
    while (first < bs.length && bDays[first] < day - windowDays) first++;
    for (let j = first; j < bs.length && bDays[j] <= day + windowDays; j++) {
      candidates.push({ i, j, distance: Math.abs(bs[j].takenAt.getTime() - x.takenAt.getTime()), days: Math.abs(bDays[j] - day) });
    }
  });
  candidates.sort((p, q) => p.distance - q.distance || p.i - q.i || p.j - q.j);
  const [takenA, takenB] = [new Set<number>(), new Set<number>()];
  const chosen: typeof candidates = [];
  for (const candidate of candidates) {
    if (takenA.has(candidate.i) || takenB.has(candidate.j)) continue;
    takenA.add(candidate.i);
    takenB.add(candidate.j);
    chosen.push(candidate);
  }
  return chosen
    .sort((p, q) => p.i - q.i)
    .map(({ i, j, days }) => ({ a: as[i], b: bs[j], difference: round2(as[i].score - bs[j].score), daysApart: days }));
}

/** A point where a series entered or left a cut-off's flagged range, compared with the point before. */
export interface CutOffCrossing {
  measurementId: string;
  day: string;
  cutOff: CutOffDefinition;
  /** true: the score moved into the flagged range; false: out of it. */
  entered: boolean;
}

export interface TrendSummary {
  /** The first measurement ever (up to the end of the period), which changes are measured from. */
  baseline: TrendPoint | null;
  /** The one before the latest in the period. */
  previous: TrendPoint | null;
  /** The last in the period. */
  latest: TrendPoint | null;
  /** From baseline to latest; null without both (or when they are the same measurement). */
  change: ChangeFromBaseline | null;
  crossings: CutOffCrossing[];
}

/**
 * What a series says: its baseline, previous and latest points, the change from baseline and
 * whether it is reliable (the instrument's threshold), and each crossing of a cut-off. The first
 * point of the period is compared with the point just before the period, when there is one.
 */
export function summarizeTrend(
  points: readonly TrendPoint[],
  context: { baseline: TrendPoint | null; before: TrendPoint | null; cutOffs: readonly CutOffDefinition[]; threshold: number | null; better: BetterDirection },
): TrendSummary {
  const series = [...points].sort(byTime);
  const latest = series.at(-1) ?? null;
  const previous = series.at(-2) ?? null;
  const crossings: CutOffCrossing[] = [];
  let before = context.before;
  for (const point of series) {
    if (before) {
      for (const cutOff of context.cutOffs) {
        const [was, is] = [meetsCutOff(cutOff, before.score), meetsCutOff(cutOff, point.score)];
        if (was !== is) crossings.push({ measurementId: point.measurementId, day: point.day, cutOff, entered: is });
      }
    }
    before = point;
  }
  const { baseline } = context;
  const change = baseline && latest && baseline.measurementId !== latest.measurementId ? changeFromBaseline(baseline.score, latest.score, context.threshold, context.better) : null;
  return { baseline, previous, latest, change, crossings };
}
