import { FieldError } from '../errors/domain-error';

/** Kebab-case keys: lowercase letters and digits in groups joined by single hyphens. */
export const KEY_PATTERN = /^[a-z0-9]+(-[a-z0-9]+)*$/;
export const KEY_MAX_LENGTH = 64;

export const PROGRAM_LIMITS = { minSteps: 1, maxSteps: 20, minPractices: 1, maxPractices: 10 } as const;

interface KeyedStep {
  key: string;
  practices: readonly { key: string }[];
}

/**
 * What the field validators can't see: step keys unique within the program, and practice keys
 * unique within the whole program (so a practice is addressable without its step). Returns one
 * error per duplicate, naming the field that repeats an earlier one.
 */
export function programStructureErrors(steps: readonly KeyedStep[]): FieldError[] {
  const errors: FieldError[] = [];
  const stepKeys = new Map<string, number>();
  const practiceKeys = new Map<string, string>();
  steps.forEach((step, i) => {
    const earlier = stepKeys.get(step.key);
    if (earlier !== undefined) errors.push({ field: `steps[${i}].key`, message: `repeats steps[${earlier}].key` });
    else stepKeys.set(step.key, i);
    step.practices.forEach((practice, j) => {
      const field = `steps[${i}].practices[${j}].key`;
      const first = practiceKeys.get(practice.key);
      if (first !== undefined) errors.push({ field, message: `repeats ${first}: practice keys are unique within the program` });
      else practiceKeys.set(practice.key, field);
    });
  });
  return errors;
}
