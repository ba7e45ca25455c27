import { COUPLE_JOURNEYS, CoupleJourney, INDIVIDUAL_COURSES } from '../data/journeys';
import { CORRECTION_REASON } from '../data/measures';
import { Random } from '../random';
import { CaseFile, DemoInstrument, MeasurementAct, SessionAct, StepMoveAct, Subject } from './acts';
import { Calendar } from './calendar';
import type { Practice } from './practice';
import { coupleKey, individualKey, partnerKeys } from './records';

/** Weeks of answers at most: the demo's story covers the last twelve. */
const WEEKS = 12;
/** How fast a trajectory rises: most of the way after this many weeks times three. */
const WEEKS_TO_SETTLE = 4.5;
const MINUTE_MS = 60_000;

/** The items' maxima (all start at 0): CSI-4 is summed, the Trust check-in averaged. */
const ITEM_MAXIMA: Record<DemoInstrument, readonly number[]> = { 'csi-4': [6, 5, 5, 5], 'trust-check-in': [10, 10, 10] };

/** A respondent's line on one instrument: where it starts, where it heads, how far a setback drops it. */
interface Line {
  start: number;
  gain: number;
  dip: number;
  noise: number;
}

/** A respondent's two lines. */
type Lines = Record<DemoInstrument, Line>;

/**
 * Weekly measures, as in measurement-based care: in every couple in joint work both partners
 * answer the CSI-4 and the Trust check-in each week from the intake week on (for at most the
 * last twelve), before the week's session or at home on Sunday evening; now and then a week is
 * missed. After a setback they answer again two days later. The partner whose trust was broken starts lower and rises more, so the gap between them
 * narrows; in the week after a setback both dip, the hurt partner most, and recover once it is
 * worked through. A few clients in individual work answer the Trust check-in weekly. One answer
 * keyed in wrong is corrected the next day.
 */
export function planMeasures(practice: Practice, rng: Random): void {
  const calendar = practice.calendar;
  COUPLE_JOURNEYS.forEach((journey, index) => {
    const file = practice.cases.find((c) => c.key === coupleKey(index));
    if (!file || journey.jointWorkOnHold) return;
    const couple = rng.fork(file.key);
    const [a, b] = partnerKeys(index);
    const lines = coupleLines(journey, couple);
    const subject = { kind: 'couple' as const, couple: file.key };
    const setbacks = setbackMoves(file);
    const weekly = weeksAnswered(journey.startWeek, couple);
    const answer = (key: string, at: Date, weeksIn: number) => {
      const drop = dropAfter(setbacks, at, calendar);
      for (const [i, [respondent, own]] of ([[a, lines.a], [b, lines.b]] as const).entries()) {
        const when = new Date(at.getTime() + i * couple.int(2, 6) * MINUTE_MS);
        for (const [n, instrument] of (['csi-4', 'trust-check-in'] as const).entries()) {
          const score = scoreOf(own[instrument], weeksIn, drop, couple);
          file.acts.push(measurement(`${key}-${respondent}-${instrument}`, new Date(when.getTime() + n * MINUTE_MS), journey.therapist, subject, respondent, instrument, score, couple));
        }
      }
    };
    for (const week of weekly) answer(`${file.key}-week-${week}`, answeredAt(file, subject, week, calendar, couple), journey.startWeek - week);
    // After a setback the therapist asks both for a check-in two days later, in the evening.
    for (const [i, setback] of setbacks.entries()) {
      const day = calendar.dayNumber(setback.at) + 2;
      if (calendar.atDay(day, 19).getTime() > calendar.anchor.getTime()) continue;
      answer(`${file.key}-setback-${i + 1}`, calendar.atDay(day, 18, couple.int(0, 50)), journey.startWeek + day / 7);
    }
  });
  INDIVIDUAL_COURSES.forEach((course, index) => {
    // The clients enrolled in the program and still seen: their check-in is part of the work.
    if (!course.reached || course.status !== 'active' || course.lastWeek !== 1) return;
    const key = individualKey(index);
    const file = practice.cases.find((c) => c.key === key);
    if (!file) return;
    const client = rng.fork(key);
    const line: Line = { start: 2.5 + 1.5 * client.next(), gain: 3 + client.next(), dip: 0, noise: 0.5 };
    const subject = { kind: 'client' as const, client: key };
    for (const week of weeksAnswered(course.startWeek, client)) {
      const at = answeredAt(file, subject, week, calendar, client);
      const score = scoreOf(line, course.startWeek - week, 0, client);
      file.acts.push(measurement(`${key}-week-${week}-trust-check-in`, at, course.therapist, subject, key, 'trust-check-in', score, client));
    }
  });
  correctOne(practice);
}

/** Both partners' lines: the hurt one (or both, when both were) starts lower and gains more. */
function coupleLines(journey: CoupleJourney, rng: Random): { a: Lines; b: Lines } {
  const hurt = (): Lines => ({
    'csi-4': { start: 5 + 3 * rng.next(), gain: 6.5 + 2 * rng.next(), dip: 3 + rng.next(), noise: 0.8 },
    'trust-check-in': { start: 2 + 1.5 * rng.next(), gain: 3.5 + 1.5 * rng.next(), dip: 2 + rng.next(), noise: 0.4 },
  });
  const other = (from: Lines, apart: number): Lines => ({
    'csi-4': { start: from['csi-4'].start + apart, gain: 1.5 + 1.5 * rng.next(), dip: 1 + rng.next(), noise: 0.8 },
    'trust-check-in': { start: from['trust-check-in'].start + apart * 0.6, gain: 0.5 + rng.next(), dip: 0.7 + 0.5 * rng.next(), noise: 0.4 },
  });
  const first = hurt();
  if (journey.hurt === 'both') return { a: first, b: hurt() };
  const second = other(first, 4 + 2 * rng.next());
  return journey.hurt === 'b' ? { a: second, b: first } : { a: first, b: second };
}

/** The weeks answered, oldest first: from the intake week (at most twelve back) to last week, one missed now and then. */
function weeksAnswered(startWeek: number, rng: Random): number[] {
  const weeks = Array.from({ length: Math.min(startWeek, WEEKS) }, (_, i) => Math.min(startWeek, WEEKS) - i);
  // The baseline and the last two weeks are always there; a series of eleven weeks or more may miss one between.
  if (weeks.length < 11 || !rng.chance(0.6)) return weeks;
  const missed = weeks[rng.int(1, weeks.length - 3)];
  return weeks.filter((week) => week !== missed);
}

/** Before the week's session (in the waiting room) when there was one, else at home on Sunday evening. */
function answeredAt(file: CaseFile, subject: Subject, week: number, calendar: Calendar, rng: Random): Date {
  const session = file.acts.find(
    (act): act is SessionAct =>
      act.type === 'session' && sameSubject(act.subject, subject) && act.outcome.status === 'completed' && weekOf(act.at, calendar) === week,
  );
  if (session) return new Date(session.at.getTime() - rng.int(10, 25) * MINUTE_MS);
  return calendar.at(week, { weekday: 6, hour: 18 }, rng.int(0, 50));
}

const sameSubject = (x: Subject, y: Subject) => JSON.stringify(x) === JSON.stringify(y);

/** Weeks ago of an instant: 1 is last week. */
const weekOf = (at: Date, calendar: Calendar) => -Math.floor(calendar.dayNumber(at) / 7);

/** The case's setbacks: a step sent back to in progress with a reason. */
function setbackMoves(file: CaseFile): StepMoveAct[] {
  return file.acts.filter((act): act is StepMoveAct => act.type === 'step' && act.status === 'in_progress' && act.reason !== undefined);
}

/**
 * How much of a setback's dip an answer shows: all of it in the week after the setback, half the
 * week after that, nothing once it is worked through; a setback still open keeps a third of it.
 */
function dropAfter(setbacks: StepMoveAct[], at: Date, calendar: Calendar): number {
  let drop = 0;
  for (const setback of setbacks) {
    if (at.getTime() <= setback.at.getTime()) continue;
    // Answers in the same week as the setback (the check-in after it) show all of it.
    const weeksSince = weekOf(setback.at, calendar) - weekOf(at, calendar);
    drop = Math.max(drop, weeksSince <= 1 ? 1 : weeksSince === 2 ? 0.5 : isResolved(setback) ? 0 : 0.35);
  }
  return drop;
}

/** The journeys' setbacks say whether each was worked through; the move's reason names it. */
function isResolved(move: StepMoveAct): boolean {
  return COUPLE_JOURNEYS.some((journey) => journey.setbacks.some((s) => s.reason === move.reason && s.resolved));
}

/** Where the line is after some weeks of work, less a setback's share of the dip, with a little noise. */
function scoreOf(line: Line, weeksIn: number, drop: number, rng: Random): number {
  const rise = 1 - Math.exp(-weeksIn / WEEKS_TO_SETTLE);
  const noise = (rng.next() + rng.next() - 1) * 2 * line.noise;
  return line.start + line.gain * rise - line.dip * drop + noise;
}

function measurement(key: string, at: Date, by: MeasurementAct['by'], subject: MeasurementAct['subject'], respondent: string, instrument: DemoInstrument, score: number, rng: Random): MeasurementAct {
  return { type: 'measurement', key, at, by, subject, respondent, instrument, answers: itemValues(instrument, score, rng) };
}

/**
 * Item values whose sum (CSI-4) or mean (Trust check-in) is the score, rounded, each within its
 * item's bounds: spread in proportion to the items' ranges, then a point moved between two items
 * so the answers are not all alike.
 */
export function itemValues(instrument: DemoInstrument, score: number, rng: Random): number[] {
  const maxima = ITEM_MAXIMA[instrument];
  const most = maxima.reduce((sum, max) => sum + max, 0);
  const total = Math.min(most, Math.max(0, Math.round(instrument === 'csi-4' ? score : score * maxima.length)));
  const values = maxima.map((max) => Math.floor((total * max) / most));
  for (let left = total - values.reduce((sum, v) => sum + v, 0); left > 0; left--) {
    const open = maxima.flatMap((max, i) => (values[i] < max ? [i] : []));
    values[rng.pick(open)] += 1;
  }
  const [from, to] = rng.sample([...maxima.keys()], 2);
  if (values[from] > 0 && values[to] < maxima[to]) {
    values[from] -= 1;
    values[to] += 1;
  }
  return values;
}

/**
 * One Trust check-in keyed in with the first answer read off the wrong end of the scale, and
 * corrected the next day: the first couple's second partner, five weeks ago.
 */
function correctOne(practice: Practice): void {
  const file = practice.cases.find((c) => c.key === coupleKey(0));
  const [, b] = partnerKeys(0);
  const right = file?.acts.find((act): act is MeasurementAct => act.type === 'measurement' && act.key === `${coupleKey(0)}-week-5-${b}-trust-check-in`);
  if (!file || !right) return;
  const wrong: MeasurementAct = { ...right, key: `${right.key}-keyed`, answers: [10 - right.answers[0] === right.answers[0] ? 0 : 10 - right.answers[0], ...right.answers.slice(1)] };
  const corrected: MeasurementAct = { ...right, at: new Date(right.at.getTime() + 24 * 60 * MINUTE_MS), correction: { of: wrong.key, reason: CORRECTION_REASON } };
  file.acts.splice(file.acts.indexOf(right), 1, wrong, corrected);
}
