import { DomainError } from '../errors/domain-error';
import { REBUILDING_TRUST_PROGRAM } from '../programs/built-in/rebuilding-trust';

/** An exercise's practice, when it names one, must be a practice of its step of the built-in program. */
export function checkPracticeOfStep(stepKey: string, practiceKey: string | undefined): void {
  if (practiceKey === undefined) return;
  const step = REBUILDING_TRUST_PROGRAM.steps.find((s) => s.key === stepKey)!;
  if (!step.practices.some((p) => p.key === practiceKey)) {
    throw DomainError.validation([{ field: 'practiceKey', message: `must be a practice of the step ${stepKey}` }]);
  }
}
