import { Setback } from '../data/journeys';
import { SETBACK_RESOLVED_NOTES, STEP_COMPLETED_NOTES } from '../data/notes';
import { Random } from '../random';
import { Act } from './acts';
import type { ProgramCourse, Series } from './course';
import { STEPS, stepKey } from './program';

/** An act before it is stamped with when it happened and who did it. */
type Unstamped<A> = A extends Act ? Omit<A, 'at' | 'by'> : never;
type Recorder = (act: Unstamped<Act>) => void;

/** What happened on the enrollment after one session: its acts, and the steps started and completed. */
export interface Moves {
  acts: Act[];
  started: number[];
  completed: number[];
}

/** The enrollment's story, session by session. */
export class ProgramProgress {
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

