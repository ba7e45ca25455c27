import { builtInExerciseId } from '../../../src/exercises/built-in/exercise-ids';
import { BUILT_IN_EXERCISES } from '../../../src/exercises/built-in/exercise-library';
import { EXERCISE_RESPONSES } from '../data/responses';
import { Random } from '../random';
import { Act, CaseFile } from './acts';
import { Calendar, SlotBook } from './calendar';
import { locationOf } from './course';
import { groupNote } from './notes';
import { STEPS } from './program';
import { GROUP_WEEKS, GroupRecord } from './records';

/** Weekly group evenings, each on one step of the program, and three exercises for everyone. */
export function groupCase(group: GroupRecord, calendar: Calendar, book: SlotBook, rng: Random): CaseFile {
  const acts: Act[] = [];
  const subject = { kind: 'group' as const, group: group.key };
  const by = group.facilitator;
  const given: { key: string; week: number }[] = [];
  for (let week = GROUP_WEEKS; week >= -1; week--) {
    if (week === 0) continue;
    const at = calendar.at(week, book.book(by, week, { weekday: 3, hour: 18 }, [18]));
    const meeting = GROUP_WEEKS - week;
    const step = Math.min(STEPS.length, 1 + Math.floor((meeting * STEPS.length) / GROUP_WEEKS));
    const base = { type: 'session' as const, at, by, subject, durationMinutes: 90, modality: 'in_person' as const, location: locationOf(by, 'in_person') };
    if (week < 0) {
      acts.push({ ...base, key: `${group.key}-next`, plannedStepKeys: [STEPS[step - 1].key], outcome: { status: 'scheduled' } });
      continue;
    }
    const attendance = group.members.map((client) => ({ client, attended: rng.chance(0.85) }));
    const present = attendance.filter((a) => a.attended).length;
    acts.push({
      ...base,
      key: `${group.key}-w${week}`,
      plannedStepKeys: [STEPS[step - 1].key],
      outcome: { status: 'completed', attendance, stepsAddressed: [STEPS[step - 1].key], note: groupNote(step, present, group.members.length, rng) },
    });
    const after = new Date(at.getTime() + 90 * 60_000);
    if (meeting % 3 === 1) {
      const choices = BUILT_IN_EXERCISES.filter((e) => e.stepKey === STEPS[step - 1].key && e.audience !== 'couple');
      const exercise = rng.pick(choices.length > 0 ? choices : BUILT_IN_EXERCISES.filter((e) => e.audience !== 'couple'));
      const key = `${group.key}-exercise-${meeting}`;
      acts.push({ type: 'assign', key, at: after, by, subject, exerciseId: builtInExerciseId(exercise.key), dueOn: calendar.day(week - 1, 3) });
      given.push({ key, week });
    }
    // A week after an exercise was given, the group says how it went.
    for (const exercise of given.filter((g) => g.week === week + 1)) {
      for (const client of group.members) {
        const roll = rng.next();
        if (roll < 0.65) acts.push({ type: 'assignment-progress', assignment: exercise.key, client, status: 'completed', response: rng.pick(EXERCISE_RESPONSES), at: after, by });
        else if (roll < 0.8) acts.push({ type: 'assignment-progress', assignment: exercise.key, client, status: 'in_progress', at: after, by });
        else if (roll < 0.87) acts.push({ type: 'assignment-progress', assignment: exercise.key, client, status: 'skipped', at: after, by });
      }
    }
  }
  return { key: group.key, acts };
}
