import { DomainError } from '../errors/domain-error';
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

/** What a PATCH changes: the new status, the moments to stamp with the current time, the response. */
export type AssignmentChange = {
  status?: AssignmentTarget;
  stamps: ('startedAt' | 'completedAt' | 'skippedAt')[];
  response?: string | null;
  /** Who wrote the response, set with it (null when it is cleared). */
  responseBy?: { type: 'user' | 'apiKey' | 'client'; id: string } | null;
  shareReflection?: boolean;
};

/**
 * The change a PATCH makes to an assignment in `current`, or the refusal: a move the transitions
 * forbid, or a response alone on a closed assignment. An empty PATCH changes nothing, closed or not;
 * nor is the share flag alone refused on a closed one.
 */
export function assignmentChange(
  current: { status: AssignmentStatus; startedAt: Date | null },
  patch: { status?: AssignmentTarget; response?: string | null; shareReflection?: boolean },
): AssignmentChange {
  const change: AssignmentChange = { stamps: [] };
  if (patch.status !== undefined) {
    const refusal = assignmentTransitionRefusal(current.status, patch.status);
    if (refusal) throw new DomainError(refusal.code, refusal.detail, { extensions: { assignmentStatus: current.status } });
    change.status = patch.status;
    // Completing straight from `assigned` also starts it; skipping leaves startedAt as it was.
    if (patch.status === 'in_progress' || (patch.status === 'completed' && !current.startedAt)) change.stamps.push('startedAt');
    if (patch.status === 'completed') change.stamps.push('completedAt');
    if (patch.status === 'skipped') change.stamps.push('skippedAt');
  } else if (patch.response !== undefined && isClosed(current.status)) {
    throw new DomainError(ErrorCode.AssignmentClosed, `The assignment is ${current.status}: it no longer changes.`, {
      extensions: { assignmentStatus: current.status },
    });
  }
  if (patch.response !== undefined) change.response = patch.response;
  // Sharing (or no longer sharing) the reflection is the client's choice, final assignment or not.
  if (patch.shareReflection !== undefined) change.shareReflection = patch.shareReflection;
  return change;
}
