import { builtInExerciseId } from '../../../src/exercises/built-in/exercise-ids';
import { BUILT_IN_EXERCISES } from '../../../src/exercises/built-in/exercise-library';
import { EXERCISE_RESPONSES } from '../data/responses';
import { Random } from '../random';
import { Act, AssignAct } from './acts';
import { Calendar } from './calendar';
import type { Series } from './course';
import { stepKey } from './program';
import { Moves } from './program-progress';

/**
 * Exercises: an enrolled subject gets one for each of its last three steps as the step starts,
 * finished (now and then skipped) when the step is completed; by the latest session some have
 * started on what is still open. A subject not enrolled gets one early on, finished a session later.
 */
export class ExerciseLog {
  private readonly open = new Map<number, AssignAct>();

  constructor(
    private readonly series: Series,
    /** The step the enrollment is on now; undefined when not enrolled. */
    private readonly currentStep: number | undefined,
    private readonly calendar: Calendar,
    private readonly rng: Random,
  ) {}

  after(k: number, heldCount: number, session: { week: number; weekday: number }, at: Date, moves: Moves | undefined): Act[] {
    // Due a week after the session, on the same weekday.
    const dueOn = this.calendar.day(session.week - 1, session.weekday);
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
