import {
  BOUNDARIES,
  CommitmentText,
  DAILY_COMMITMENTS,
  DISPUTE_NOTES,
  EXCUSE_REASONS,
  ONE_OFF_COMMITMENTS,
  WEEKLY_COMMITMENTS,
  Weekday,
} from '../data/agreements';
import { Random } from '../random';
import { Act, CaseFile, CommitmentAnswerAct, CommitmentReportAct, CommitmentSchedule, SessionAct, StepMoveAct } from './acts';
import type { Practice } from './practice';
import { stepKey } from './program';
import type { CoupleRecord } from './records';

/** ISO order: the API answers weekdays so. */
const WEEK: readonly Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
/** The last day an outcome is recorded for: the Sunday of last week, always before the run. */
const LAST_RECORDED_DAY = -1;
/** Commitments serve step 4, and are made as a couple starts on step 3. */
const COMMITMENT_STEP = 4;
const BOUNDARY_STEP = 5;
const MINUTE_MS = 60_000;

/** A couple's case as the planners read it: its record, its acts, and its partners' names. */
interface CoupleCase {
  record: CoupleRecord;
  file: CaseFile;
  called: (client: string) => string;
}

function coupleCases(practice: Practice): CoupleCase[] {
  const calledAs = new Map(practice.clients.map((c) => [c.key, c.calledAs]));
  return practice.couples.flatMap((record) => {
    const file = practice.cases.find((c) => c.key === record.key);
    return file ? [{ record, file, called: (client: string) => calledAs.get(client)! }] : [];
  });
}

/** When the couple's enrollment started a step (right after the session that began it), if it has. */
function stepStarted(couple: CoupleCase, step: number): Date | undefined {
  const key = stepKey(step);
  const move = couple.file.acts.find((a): a is StepMoveAct => a.type === 'step' && a.stepKey === key && a.status === 'in_progress' && !a.reason);
  return move?.at;
}

/** The couple's sessions that took place after an instant. */
function sessionsAfter(couple: CoupleCase, after: Date): SessionAct[] {
  return couple.file.acts.filter(
    (a): a is SessionAct => a.type === 'session' && a.subject.kind === 'couple' && a.outcome.status === 'completed' && a.at.getTime() > after.getTime(),
  );
}

const fill = (text: string, other: string) => text.replace(/\{other\}/g, other);
const later = (at: Date, minutes: number) => new Date(at.getTime() + minutes * MINUTE_MS);

/**
 * Commitments, for couples that have reached step 3: made in the session that started it, for
 * step 4 (follow through on commitments). A weekly one on days the couple chose, often a daily
 * one and a one-off; outcomes recorded for every day due until last week, mostly kept, some
 * missed, one now and then excused, confirmed by the other partner and a few disputed. A daily
 * one that proved too much is renegotiated into a new version on fewer days.
 */
export function planCommitments(practice: Practice, rng: Random): void {
  const calendar = practice.calendar;
  for (const couple of coupleCases(practice)) {
    const started = stepStarted(couple, 3);
    if (!started) continue;
    const made = calendar.dayNumber(started);
    const at = later(started, 2);
    const by = couple.record.by;
    const subject = { kind: 'couple' as const, couple: couple.record.key };
    const acts: Act[] = [];
    const [a, b] = couple.record.partners;

    const commit = (key: string, committer: string, text: CommitmentText, schedule: CommitmentSchedule) => {
      const other = committer === a ? b : a;
      const description = fill(text.description, couple.called(other));
      acts.push({
        type: 'commit',
        key,
        at,
        by,
        subject,
        committer,
        to: text.to,
        description,
        stepKey: stepKey(COMMITMENT_STEP),
        practiceKey: 'follow-through-on-commitments',
        schedule,
      });
      return couple.called(other);
    };

    // A weekly one, on the days the couple chose.
    const weeklyKey = `${couple.record.key}-commitment-weekly`;
    const weekdays = sorted(rng.sample(WEEK, rng.int(1, 3)));
    const weeklyEnd = made + 84;
    const weeklyOther = commit(weeklyKey, rng.pick([a, b]), rng.pick(WEEKLY_COMMITMENTS), {
      kind: 'weekly',
      weekdays,
      startsOn: calendar.dayOf(made + 1),
      endsOn: calendar.dayOf(weeklyEnd),
    });
    acts.push(...outcomes(practice, couple, weeklyKey, daysDue(made + 1, weeklyEnd, weekdays), weeklyOther, rng));

    if (rng.chance(0.6)) {
      const key = `${couple.record.key}-commitment-daily`;
      const text = rng.pick(DAILY_COMMITMENTS);
      const count = 56;
      const other = commit(key, rng.pick([a, b]), text, { kind: 'daily', startsOn: calendar.dayOf(made + 1), count });
      const due = daysDue(made + 1, made + count, WEEK);
      const renegotiateAt = due.length >= 14 && rng.chance(0.6) ? rng.int(6, due.length - 6) : undefined;
      if (renegotiateAt === undefined) {
        acts.push(...outcomes(practice, couple, key, due, other, rng));
      } else {
        const day = due[renegotiateAt];
        const next = `${key}-renegotiated`;
        const end = day + 70;
        const schedule: CommitmentSchedule = { kind: 'weekly', weekdays: text.renegotiated.weekdays, startsOn: calendar.dayOf(day + 1), endsOn: calendar.dayOf(end) };
        acts.push(...outcomes(practice, couple, key, due.slice(0, renegotiateAt), other, rng));
        acts.push({
          type: 'commitment-report',
          at: calendar.atDay(day, 21),
          by,
          commitment: key,
          date: calendar.dayOf(day),
          outcome: 'renegotiated',
          renegotiated: { key: next, description: fill(text.renegotiated.description, other), schedule },
        });
        acts.push(...outcomes(practice, couple, next, daysDue(day + 1, end, text.renegotiated.weekdays), other, rng));
      }
    }

    if (rng.chance(0.5)) {
      const key = `${couple.record.key}-commitment-once`;
      const dueDay = made + rng.int(3, 6);
      const other = commit(key, rng.pick([a, b]), rng.pick(ONE_OFF_COMMITMENTS), { kind: 'once', dueOn: calendar.dayOf(dueDay) });
      acts.push(...outcomes(practice, couple, key, daysDue(dueDay, dueDay, WEEK), other, rng));
    }
    couple.file.acts.push(...acts);
  }
}

/** The day numbers, from `first` to `last` and no later than last week, that fall on one of the weekdays. */
function daysDue(first: number, last: number, weekdays: readonly Weekday[]): number[] {
  const days: number[] = [];
  for (let day = first; day <= Math.min(last, LAST_RECORDED_DAY); day++) {
    if (weekdays.includes(WEEK[((day % 7) + 7) % 7])) days.push(day);
  }
  return days;
}

function sorted(weekdays: Weekday[]): Weekday[] {
  return WEEK.filter((day) => weekdays.includes(day));
}

/** Reports in the evening of each day due, and the other partner's answer to some of them. */
function outcomes(practice: Practice, couple: CoupleCase, commitment: string, days: number[], other: string, rng: Random): Act[] {
  const calendar = practice.calendar;
  const by = couple.record.by;
  const excused = days.length >= 4 && rng.chance(0.5) ? rng.int(1, days.length - 2) : -1;
  return days.flatMap((day, i): Act[] => {
    const date = calendar.dayOf(day);
    const at = calendar.atDay(day, 21);
    const report: CommitmentReportAct =
      i === excused
        ? { type: 'commitment-report', at, by, commitment, date, outcome: 'excused', reason: fill(rng.pick(EXCUSE_REASONS), other) }
        : { type: 'commitment-report', at, by, commitment, date, outcome: rng.chance(0.82) ? 'kept' : 'missed' };
    const answer = (a: Pick<CommitmentAnswerAct, 'answer' | 'note'>): CommitmentAnswerAct => ({
      type: 'commitment-answer',
      at: later(at, 5),
      by,
      commitment,
      date,
      ...a,
    });
    if (report.outcome === 'kept' && rng.chance(0.07)) return [report, answer({ answer: 'disputed', note: rng.pick(DISPUTE_NOTES) })];
    return rng.chance(report.outcome === 'kept' ? 0.55 : 0.4) ? [report, answer({ answer: 'confirmed' })] : [report];
  });
}

/**
 * Boundaries, for couples that have reached step 5 (establish boundaries and accountability):
 * one or two proposed by a partner in the session that started it and agreed by both; one
 * revised in a later session and agreed again; a breach reported by the hurt partner at the next
 * session, and acknowledged there by the partner in breach.
 */
export function planBoundaries(practice: Practice, rng: Random): void {
  const calendar = practice.calendar;
  let revised = false;
  for (const couple of coupleCases(practice)) {
    const started = stepStarted(couple, BOUNDARY_STEP);
    if (!started) continue;
    const by = couple.record.by;
    const [a, b] = couple.record.partners;
    const other = (partner: string) => (partner === a ? b : a);
    const texts = rng.sample(BOUNDARIES, rng.chance(0.4) ? 2 : 1);
    const next = sessionsAfter(couple, started);
    texts.forEach((text, i) => {
      const key = `${couple.record.key}-boundary-${i + 1}`;
      const proposedBy = rng.pick([a, b]);
      let at = later(started, 3 + 3 * i);
      couple.file.acts.push(
        { type: 'boundary', key, at, by, subject: { kind: 'couple', couple: couple.record.key }, text: text.text, proposedBy },
        { type: 'boundary-agreement', at: later(at, 1), by, boundary: key, partner: proposedBy },
        { type: 'boundary-agreement', at: later(at, 2), by, boundary: key, partner: other(proposedBy) },
      );
      // The first boundary of the first couple seen again since, and now and then another, is reworded.
      const sessions = [...next];
      if (i === 0 && sessions.length > 0 && (!revised || rng.chance(0.3))) {
        revised = true;
        const session = sessions.shift()!;
        at = later(session.at, 52);
        const rewordedBy = other(proposedBy);
        couple.file.acts.push(
          { type: 'boundary-revision', at, by, boundary: key, text: text.revised, proposedBy: rewordedBy },
          { type: 'boundary-agreement', at: later(at, 1), by, boundary: key, partner: rewordedBy },
          { type: 'boundary-agreement', at: later(at, 2), by, boundary: key, partner: proposedBy },
        );
      }
      const reportedIn = sessions[0];
      if (!reportedIn || !rng.chance(0.75)) return;
      // Between the agreement and the session where it came up.
      const from = calendar.dayNumber(at) + 1;
      const to = calendar.dayNumber(reportedIn.at) - 1;
      const breachedBy = rng.pick([a, b]);
      const breach = `${key}-breach`;
      const recorded = later(reportedIn.at, 55 + i);
      couple.file.acts.push(
        {
          type: 'breach',
          key: breach,
          at: recorded,
          by,
          boundary: key,
          breachedBy,
          reportedBy: other(breachedBy),
          occurredAt: calendar.atDay(to >= from ? rng.int(from, to) : to, rng.pick([8, 19, 21])),
          severity: text.breach.severity,
          note: text.breach.note,
        },
        { type: 'breach-acknowledgement', at: later(recorded, 1), by, boundary: key, breach },
      );
    });
  }
}
