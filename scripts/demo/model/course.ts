import { builtInExerciseId } from '../../../src/exercises/built-in/exercise-ids';
import { BUILT_IN_EXERCISES } from '../../../src/exercises/built-in/exercise-library';
import { REBUILDING_TRUST_PROGRAM } from '../../../src/programs/built-in/rebuilding-trust';
import type { NoteDto } from '../../../src/sessions/dto/session.dto';
import { Setback } from '../data/journeys';
import { StaffKey } from '../data/people';
import { CANCELLATION_REASONS, SETBACK_RESOLVED_NOTES, STEP_COMPLETED_NOTES } from '../data/notes';
import { EXERCISE_RESPONSES } from '../data/responses';
import { Random } from '../random';
import { Act, AssignAct, SessionAct, SessionOutcome, Subject } from './acts';
import { Calendar, OFFICE_HOURS, SlotBook, WEEKDAYS } from './calendar';

export const STEPS = REBUILDING_TRUST_PROGRAM.steps;
const stepKey = (step: number) => STEPS[step - 1].key;

/** A series of sessions with one subject, led by one staff member, every week or every other week. */
export interface Series {
  key: string;
  lead: StaffKey;
  subject: Extract<Subject, { kind: 'couple' | 'client' }>;
  startWeek: number;
  lastWeek: number;
  cadence: 1 | 2;
  modality: 'in_person' | 'video';
  /** The partners (couple) or the client, by key, as attendance lists them. */
  participants: string[];
  /** Still seen: a session is booked for next week. */
  continuing: boolean;
}

/** Work through the program alongside a series: the step reached (8: all) and the setbacks on the way. */
export interface ProgramCourse {
  reached: number;
  setbacks: Setback[];
}

export interface NoteWriter {
  /** The note of the `held`-th session held, on `step` (undefined when not enrolled). */
  note(held: number, step: number | undefined, setback?: Setback): NoteDto;
}

/** One session of a series, as planned: when, and whether it took place. */
interface PlannedSession {
  week: number;
  at: Date;
  slot: { weekday: number; hour: number };
  held: boolean;
  act: SessionAct;
}

const ROOMS: Record<StaffKey, string> = { miriam: 'Room 1', theo: 'Room 1', amara: 'Room 2', jonah: 'Room 3', priya: 'Room 4', sol: 'Group room' };

export function locationOf(lead: StaffKey, modality: 'in_person' | 'video' | 'phone'): string {
  return modality === 'in_person' ? ROOMS[lead] : `https://video.example/harbor-light/${lead}`;
}

/** The series' sessions: the first and last always held, a few in between cancelled or missed. */
function planSessions(series: Series, calendar: Calendar, book: SlotBook, rng: Random): PlannedSession[] {
  const usual = { weekday: rng.pick(WEEKDAYS), hour: rng.pick(OFFICE_HOURS) };
  const weeks: number[] = [];
  for (let week = series.startWeek; week >= series.lastWeek; week -= series.cadence) weeks.push(week);
  const sessions = weeks.map((week, i): PlannedSession => {
    const slot = book.book(series.lead, week, usual);
    const missed = i > 0 && i < weeks.length - 1 && rng.chance(0.09);
    const outcome: SessionOutcome = !missed
      ? { status: 'scheduled' } // completed later, once its note is written
      : rng.chance(0.7)
        ? { status: 'cancelled', reason: rng.pick(CANCELLATION_REASONS) }
        : { status: 'no_show' };
    const at = calendar.at(week, slot);
    return { week, at, slot, held: !missed, act: sessionAct(series, `${series.key}-w${week}`, at, outcome) };
  });
  if (series.continuing) {
    const slot = book.book(series.lead, -1, usual);
    const at = calendar.at(-1, slot);
    sessions.push({ week: -1, at, slot, held: false, act: sessionAct(series, `${series.key}-next`, at, { status: 'scheduled' }) });
  }
  return sessions;
}

function sessionAct(series: Series, key: string, at: Date, outcome: SessionOutcome): SessionAct {
  return {
    type: 'session',
    key,
    at,
    by: series.lead,
    subject: series.subject,
    durationMinutes: 50,
    modality: series.modality,
    location: locationOf(series.lead, series.modality),
    plannedStepKeys: [],
    outcome,
  };
}

/**
 * A series and, when the subject is enrolled, its way through the program: the step worked on in
 * each session, step moves and practice ticks after the sessions, setbacks with their reasons,
 * and the exercises given for the last steps and how they went. Acts come in the order they
 * happened.
 */
export function planCourse(series: Series, program: ProgramCourse | undefined, notes: NoteWriter, calendar: Calendar, book: SlotBook, rng: Random): Act[] {
  const sessions = planSessions(series, calendar, book, rng);
  const held = sessions.filter((s) => s.held);
  const progress = program ? new ProgramProgress(series, program, held.length, rng) : undefined;
  const exercises = new ExerciseLog(series, progress ? Math.min(program!.reached, STEPS.length) : undefined, calendar, rng);
  const acts: Act[] = [];
  let heldIndex = 0;
  for (const session of sessions) {
    acts.push(session.act);
    if (!session.held) continue;
    const k = heldIndex++;
    const after = new Date(session.at.getTime() + 50 * 60_000);
    const step = progress?.stepAt(k);
    const setback = progress?.setbackSurfacingAt(k);
    const addressed = progress ? progress.stepsAddressed(k) : [];
    session.act.plannedStepKeys = step ? [stepKey(step)] : [];
    session.act.outcome = {
      status: 'completed',
      attendance: series.participants.map((client) => ({ client, attended: true })),
      stepsAddressed: addressed.map(stepKey),
      note: notes.note(k, step, setback),
    };
    const moves = progress?.movesAfter(k, after);
    acts.push(...(moves?.acts ?? []));
    acts.push(...exercises.after(k, held.length, session, moves));
  }
  return acts;
}

/** An act before it is stamped with when it happened and who did it. */
type Unstamped<A> = A extends Act ? Omit<A, 'at' | 'by'> : never;
type Recorder = (act: Unstamped<Act>) => void;

/** What happened on the enrollment after one session: its acts, and the steps started and completed. */
interface Moves {
  acts: Act[];
  started: number[];
  completed: number[];
}

/** The enrollment's story, session by session. */
class ProgramProgress {
  private readonly last: number;
  private readonly ticked = new Map<string, Set<string>>();
  private readonly setbackAt = new Map<number, Setback>();
  private readonly resolvedAt = new Map<number, Setback[]>();
  readonly enrollment: string;

  constructor(
    private readonly series: Series,
    private readonly course: ProgramCourse,
    private readonly heldCount: number,
    private readonly rng: Random,
  ) {
    this.enrollment = `${series.key}-enrollment`;
    this.last = Math.min(course.reached, STEPS.length);
    if (heldCount < this.last) throw new Error(`${series.key}: ${heldCount} sessions cannot reach step ${course.reached}`);
    for (const setback of course.setbacks) {
      // A resolved setback surfaces early in the next step and is worked through by the session after;
      // one still open surfaced in the latest session.
      const later = [...Array(heldCount).keys()].filter((k) => this.stepAt(k) > setback.step);
      if (later.length === 0) throw new Error(`${series.key}: no session after step ${setback.step} for its setback`);
      const at = setback.resolved ? later[Math.min(1, later.length - 1)] : heldCount - 1;
      if (course.reached > STEPS.length && !setback.resolved) throw new Error(`${series.key}: a completed enrollment has an open setback`);
      this.setbackAt.set(at, setback);
      if (setback.resolved) {
        const resolveAt = Math.min(at + 1, heldCount - 1);
        this.resolvedAt.set(resolveAt, [...(this.resolvedAt.get(resolveAt) ?? []), setback]);
      }
    }
  }

  /** The step the `k`-th session held works on: the steps spread evenly over the sessions. */
  stepAt(k: number): number {
    return Math.min(this.last, 1 + Math.floor((k * this.last) / this.heldCount));
  }

  setbackSurfacingAt(k: number): Setback | undefined {
    return this.setbackAt.get(k);
  }

  /** The session's step, and a setback's step from when it surfaced until it is worked through. */
  stepsAddressed(k: number): number[] {
    const open = [...this.setbackAt].filter(([at, s]) => at <= k && !this.resolvedBefore(s, k)).map(([, s]) => s.step);
    return [...new Set([...open, this.stepAt(k)])].sort((x, y) => x - y);
  }

  private resolvedBefore(setback: Setback, k: number): boolean {
    return [...this.resolvedAt].some(([at, list]) => at < k && list.includes(setback));
  }

  movesAfter(k: number, at: Date): Moves {
    const moves: Moves = { acts: [], started: [], completed: [] };
    const by = this.series.lead;
    const act: Recorder = (a) => moves.acts.push({ ...a, at, by } as Act);
    if (k === 0) {
      act({ type: 'enroll', key: this.enrollment, subject: this.series.subject });
      act({ type: 'step', enrollment: this.enrollment, stepKey: stepKey(1), status: 'in_progress' });
      moves.started.push(1);
    }
    const step = this.stepAt(k);
    for (let done = k === 0 ? step : this.stepAt(k - 1); done < step; done++) {
      this.tickRemaining(done, act);
      act({ type: 'step', enrollment: this.enrollment, stepKey: stepKey(done), status: 'completed', note: this.rng.pick(STEP_COMPLETED_NOTES) });
      act({ type: 'step', enrollment: this.enrollment, stepKey: stepKey(done + 1), status: 'in_progress' });
      moves.completed.push(done);
      moves.started.push(done + 1);
    }
    const setback = this.setbackAt.get(k);
    if (setback) act({ type: 'step', enrollment: this.enrollment, stepKey: stepKey(setback.step), status: 'in_progress', reason: setback.reason });
    for (const resolved of this.resolvedAt.get(k) ?? []) {
      act({ type: 'step', enrollment: this.enrollment, stepKey: stepKey(resolved.step), status: 'completed', note: this.rng.pick(SETBACK_RESOLVED_NOTES) });
    }
    if (k > 0 && this.rng.chance(0.65)) this.tickOne(step, act);
    if (k === this.heldCount - 1 && this.course.reached > STEPS.length) {
      this.tickRemaining(step, act);
      act({ type: 'step', enrollment: this.enrollment, stepKey: stepKey(step), status: 'completed', note: this.rng.pick(STEP_COMPLETED_NOTES) });
      act({ type: 'enrollment-status', enrollment: this.enrollment, status: 'completed' });
      moves.completed.push(step);
    }
    return moves;
  }

  private viewpoints(step: number, practice: string): Set<string> {
    const id = `${step}/${practice}`;
    if (!this.ticked.has(id)) this.ticked.set(id, new Set());
    return this.ticked.get(id)!;
  }

  /** Ticks one practice not yet done, now and then for one partner only. */
  private tickOne(step: number, act: Recorder): void {
    const open = STEPS[step - 1].practices.filter((p) => this.viewpoints(step, p.key).size < this.series.participants.length);
    if (open.length === 0) return;
    const practice = open[0];
    const done = this.viewpoints(step, practice.key);
    const missing = this.series.participants.filter((p) => !done.has(p));
    const only = missing.length === 2 && this.rng.chance(0.3) ? [this.rng.pick(missing)] : missing;
    only.forEach((p) => done.add(p));
    act({ type: 'tick', enrollment: this.enrollment, stepKey: stepKey(step), practiceKey: practice.key, ...(only.length < this.series.participants.length ? { partners: only } : {}) });
  }

  private tickRemaining(step: number, act: Recorder): void {
    for (const practice of STEPS[step - 1].practices) {
      const done = this.viewpoints(step, practice.key);
      const missing = this.series.participants.filter((p) => !done.has(p));
      if (missing.length === 0) continue;
      missing.forEach((p) => done.add(p));
      act({ type: 'tick', enrollment: this.enrollment, stepKey: stepKey(step), practiceKey: practice.key, ...(done.size > missing.length ? { partners: missing } : {}) });
    }
  }
}

/**
 * Exercises: an enrolled subject gets one for each of its last three steps as the step starts,
 * finished (now and then skipped) when the step is completed; by the latest session some have
 * started on what is still open. A subject not enrolled gets one early on, finished a session later.
 */
class ExerciseLog {
  private readonly open = new Map<number, AssignAct>();

  constructor(
    private readonly series: Series,
    /** The step the enrollment is on now; undefined when not enrolled. */
    private readonly currentStep: number | undefined,
    private readonly calendar: Calendar,
    private readonly rng: Random,
  ) {}

  after(k: number, heldCount: number, session: PlannedSession, moves: Moves | undefined): Act[] {
    const at = new Date(session.at.getTime() + 50 * 60_000);
    // Due a week after the session, on the same weekday.
    const dueOn = this.calendar.day(session.week - 1, session.slot.weekday);
    if (this.currentStep === undefined || !moves) {
      if (k === 1) return [this.give(undefined, at, dueOn)];
      if (k === 2) return this.finish(undefined, at);
      return [];
    }
    const acts = moves.completed.flatMap((step) => this.finish(step, at));
    for (const step of moves.started) if (step >= this.currentStep - 2) acts.push(this.give(step, at, dueOn));
    if (k === heldCount - 1) acts.push(...this.startSome(at));
    return acts;
  }

  /** An exercise of the step (any step when undefined) for the subject's audience. */
  private give(step: number | undefined, at: Date, dueOn: string): AssignAct {
    const unwanted = this.series.subject.kind === 'couple' ? 'individual' : 'couple';
    const ofStep = BUILT_IN_EXERCISES.filter((e) => step === undefined || e.stepKey === stepKey(step));
    const suited = ofStep.filter((e) => e.audience !== unwanted);
    const exercise = this.rng.pick(suited.length > 0 ? suited : ofStep);
    const act: AssignAct = {
      type: 'assign',
      key: `${this.series.key}-exercise-${step ?? 0}`,
      at,
      by: this.series.lead,
      subject: this.series.subject,
      exerciseId: builtInExerciseId(exercise.key),
      dueOn,
    };
    this.open.set(step ?? 0, act);
    return act;
  }

  private finish(step: number | undefined, at: Date): Act[] {
    const given = this.open.get(step ?? 0);
    if (!given) return [];
    this.open.delete(step ?? 0);
    const by = this.series.lead;
    return this.series.participants.map((client): Act =>
      this.rng.chance(0.12)
        ? { type: 'assignment-progress', assignment: given.key, client, status: 'skipped', at, by }
        : { type: 'assignment-progress', assignment: given.key, client, status: 'completed', response: this.rng.pick(EXERCISE_RESPONSES), at, by },
    );
  }

  private startSome(at: Date): Act[] {
    const by = this.series.lead;
    return [...this.open.values()].flatMap((given) =>
      this.series.participants
        .filter(() => this.rng.chance(0.5))
        .map((client): Act => ({ type: 'assignment-progress', assignment: given.key, client, status: 'in_progress', at, by })),
    );
  }
}
