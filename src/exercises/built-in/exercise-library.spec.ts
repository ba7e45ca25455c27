import { REBUILDING_TRUST_PROGRAM } from '../../programs/built-in/rebuilding-trust';
import { BUILT_IN_EXERCISES, EXERCISE_AUDIENCES, ExerciseDefinition } from './exercise-library';

/** Sentence ends: ".", "!" or "?" (possibly closing a quotation) before a space or the end. */
function sentenceCount(text: string): number {
  return text.match(/[.!?]["']?(?=\s|$)/g)?.length ?? 0;
}

/**
 * Capitalized words that neither open a sentence or a quotation nor are "I". Instructions are written in
 * sentence case to the client, so any such word would be a proper noun: a person, a brand, a method.
 */
function properNouns(text: string): string[] {
  return [...text.matchAll(/\b[A-Z][A-Za-z'-]*/g)]
    .filter((match) => {
      const before = text.slice(0, match.index).trimEnd();
      const opensSentence = before === '' || /[.!?]["']?$/.test(before) || /"$/.test(before);
      return !opensSentence && match[0] !== 'I';
    })
    .map((match) => match[0]);
}

describe('the built-in exercise library', () => {
  const program = REBUILDING_TRUST_PROGRAM;
  const exercises: readonly ExerciseDefinition[] = BUILT_IN_EXERCISES;

  it('holds 15 to 21 exercises', () => {
    expect(exercises.length).toBeGreaterThanOrEqual(15);
    expect(exercises.length).toBeLessThanOrEqual(21);
  });

  it('gives every step of the program at least two exercises', () => {
    const thinSteps = program.steps
      .map((step) => step.key)
      .filter((stepKey) => exercises.filter((e) => e.stepKey === stepKey).length < 2);
    expect(thinSteps).toEqual([]);
  });

  it('refers only to steps of the program, and to practices of the same step', () => {
    for (const exercise of exercises) {
      const step = program.steps.find((s) => s.key === exercise.stepKey);
      expect({ exercise: exercise.key, step: step?.key }).toEqual({ exercise: exercise.key, step: exercise.stepKey });
      if (exercise.practiceKey !== undefined) {
        const practiceKeys = step?.practices.map((p) => p.key) ?? [];
        expect(practiceKeys).toContain(exercise.practiceKey);
      }
    }
  });

  it('lists the exercises in step order', () => {
    const positions = exercises.map((e) => program.steps.findIndex((s) => s.key === e.stepKey));
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
  });

  it('uses unique kebab-case keys', () => {
    const keys = exercises.map((e) => e.key);
    expect(new Set(keys).size).toBe(keys.length);
    for (const key of keys) expect(key).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
  });

  it('has short titles and instructions of three to six sentences', () => {
    for (const exercise of exercises) {
      const { key, title, instructions } = exercise;
      expect({ key, titleLength: title.trim().length > 0 && title.length <= 60 }).toEqual({ key, titleLength: true });
      expect({ key, trimmed: instructions === instructions.trim() }).toEqual({ key, trimmed: true });
      expect(instructions.length).toBeGreaterThanOrEqual(200);
      expect(instructions.length).toBeLessThanOrEqual(900);
      const sentences = sentenceCount(instructions);
      expect({ key, sentences: sentences >= 3 && sentences <= 6 }).toEqual({ key, sentences: true });
    }
  });

  it('has a known audience and a plausible time for each exercise', () => {
    for (const exercise of exercises) {
      expect(EXERCISE_AUDIENCES).toContain(exercise.audience);
      expect(Number.isInteger(exercise.estimatedMinutes)).toBe(true);
      expect(exercise.estimatedMinutes).toBeGreaterThanOrEqual(5);
      expect(exercise.estimatedMinutes).toBeLessThanOrEqual(120);
    }
  });

  it('names no person, and promises no outcome', () => {
    for (const { key, title, instructions } of exercises) {
      expect({ key, properNouns: properNouns(`${title}. ${instructions}`) }).toEqual({ key, properNouns: [] });
      expect(instructions).not.toMatch(/\bguarantee|\bwill (fix|heal|restore|save)\b/i);
    }
  });

  it('detects proper nouns and counts sentences as intended', () => {
    expect(properNouns('Read the book by Esther Perel. Then say "I am sorry".')).toEqual(['Esther', 'Perel']);
    expect(sentenceCount('One. Two, "three." Four?')).toBe(3);
  });
});
