import { DomainError } from '../errors/domain-error';
import { ErrorCode } from '../errors/error-code';
import type { EnrollmentStatus } from './enrollment.entity';
import type { StepStatus } from './enrollment-step.entity';

/** The statuses a step can be moved to through the API (a step never goes back to not_started). */
export const STEP_TARGETS = ['in_progress', 'completed'] as const;
export type StepTarget = (typeof STEP_TARGETS)[number];

/** The timeline event a step move records. */
export type StepMove = 'step_started' | 'step_completed' | 'setback';

/**
 * The step rule: `not_started → in_progress → completed`, and `completed → in_progress` is a
 * setback, which needs a reason (400 on `reason` without one; a reason on any other move is 400
 * too, so it is never silently dropped). Moving a step to the status it has is
 * 409 STEP_ALREADY_IN_STATE; completing a step that was never started is 409 STEP_NOT_STARTED.
 */
export function decideStepMove(from: StepStatus, to: StepTarget, reason?: string | null): StepMove {
  if (from === to) {
    throw new DomainError(ErrorCode.StepAlreadyInState, `The step is already ${to.replace('_', ' ')}.`);
  }
  const move: StepMove | undefined =
    from === 'not_started' && to === 'in_progress'
      ? 'step_started'
      : from === 'in_progress' && to === 'completed'
        ? 'step_completed'
        : from === 'completed' && to === 'in_progress'
          ? 'setback'
          : undefined;
  if (!move) {
    throw new DomainError(ErrorCode.StepNotStarted, 'The step has not been started: move it to in_progress first.');
  }
  const hasReason = reason != null && reason.trim() !== '';
  if (move === 'setback' && !hasReason) {
    throw DomainError.validation(
      [{ field: 'reason', message: 'is required when a completed step goes back to in_progress (a setback)' }],
      'A setback needs a reason.',
    );
  }
  if (move !== 'setback' && reason != null) {
    throw DomainError.validation([{ field: 'reason', message: 'is only for a setback (completed → in_progress)' }]);
  }
  return move;
}

/**
 * Enrollment status changes: `active ⇄ paused`, and from either to `withdrawn` or `completed`;
 * `completed` needs every step completed (409 ENROLLMENT_INCOMPLETE). `completed` and `withdrawn`
 * are final (409 ENROLLMENT_ENDED): a new enrollment starts over. Returns false when the status
 * is already the one asked for (nothing to do).
 */
export function decideStatusChange(from: EnrollmentStatus, to: EnrollmentStatus, allStepsCompleted: boolean): boolean {
  if (from === to) return false;
  if (from === 'completed' || from === 'withdrawn') {
    throw new DomainError(ErrorCode.EnrollmentEnded, `The enrollment is ${from}; enroll again to start over.`);
  }
  if (to === 'completed' && !allStepsCompleted) {
    throw new DomainError(ErrorCode.EnrollmentIncomplete, 'Every step must be completed before the enrollment is completed.');
  }
  return true;
}

export interface Progress {
  /** The first step, in program order, that is not completed; null when all are. */
  currentStepKey: string | null;
  completedSteps: number;
  totalSteps: number;
  /** completedSteps / totalSteps, from 0 to 1, rounded to 4 decimals. */
  share: number;
}

/** Progress figures from the steps in program order. */
export function progressOf(steps: readonly { key: string; status: StepStatus }[]): Progress {
  const completedSteps = steps.filter((step) => step.status === 'completed').length;
  const totalSteps = steps.length;
  return {
    currentStepKey: steps.find((step) => step.status !== 'completed')?.key ?? null,
    completedSteps,
    totalSteps,
    share: totalSteps === 0 ? 0 : Math.round((completedSteps / totalSteps) * 10_000) / 10_000,
  };
}
