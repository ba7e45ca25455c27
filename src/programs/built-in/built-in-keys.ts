import { ApiProperty, ApiPropertyOptions } from '@nestjs/swagger';
import { REBUILDING_TRUST_PROGRAM } from './rebuilding-trust';

/** The built-in program's step keys, in order: the steps sessions plan and address and exercises belong to. */
export const BUILT_IN_STEP_KEYS = REBUILDING_TRUST_PROGRAM.steps.map((step) => step.key);

/** The built-in program's practice keys, step by step: the practices exercises train. */
export const BUILT_IN_PRACTICE_KEYS = REBUILDING_TRUST_PROGRAM.steps.flatMap((step) => step.practices.map((practice) => practice.key));

/**
 * Documents a step key of the built-in program (or a list of them, with `isArray`) as the one
 * shared `StepKey` enum, so a key read from one answer type-checks where another request takes one.
 * Only for fields that never hold an organization's own program's keys.
 */
export function ApiStepKey(options: { isArray?: boolean; nullable?: boolean; required?: boolean; description?: string } = {}): PropertyDecorator {
  return ApiProperty({ enum: BUILT_IN_STEP_KEYS, enumName: 'StepKey', ...options } as ApiPropertyOptions);
}

/** Documents a practice key of the built-in program as the one shared `PracticeKey` enum. */
export function ApiPracticeKey(options: { nullable?: boolean; required?: boolean; description?: string } = {}): PropertyDecorator {
  return ApiProperty({ enum: BUILT_IN_PRACTICE_KEYS, enumName: 'PracticeKey', ...options } as ApiPropertyOptions);
}
