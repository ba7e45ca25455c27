import { ErrorCode } from '../errors/error-code';

export const ASSIGNMENT_STATUSES = ['assigned', 'in_progress', 'completed', 'skipped'] as const;
export type AssignmentStatus = (typeof ASSIGNMENT_STATUSES)[number];

/** The states a PATCH may move an assignment to: an assignment never goes back to `assigned`. */
export const ASSIGNMENT_TARGETS = ['in_progress', 'completed', 'skipped'] as const;
export type AssignmentTarget = (typeof ASSIGNMENT_TARGETS)[number];

/** `completed` and `skipped` are final. */
export function isClosed(status: AssignmentStatus): boolean {
  return status === 'completed' || status === 'skipped';
}

export type TransitionRefusal = { code: ErrorCode.AssignmentAlreadyInState | ErrorCode.AssignmentClosed; detail: string };

/**
 * Whether an assignment may move from `from` to `to`: `assigned → in_progress`,
 * `assigned → completed`, `in_progress → completed`, `assigned | in_progress → skipped`.
 * Returns null when it may, else why not: the same state again, or a final state left.
 */
export function assignmentTransitionRefusal(from: AssignmentStatus, to: AssignmentTarget): TransitionRefusal | null {
  if (from === to) return { code: ErrorCode.AssignmentAlreadyInState, detail: `The assignment is already ${label(to)}.` };
  if (isClosed(from)) {
    return { code: ErrorCode.AssignmentClosed, detail: `The assignment is ${label(from)}: it no longer changes.` };
  }
  return null;
}

function label(status: AssignmentStatus): string {
  return status.replace('_', ' ');
}
