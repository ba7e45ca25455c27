import { ErrorCode } from '../errors/error-code';
import { ASSIGNMENT_STATUSES, ASSIGNMENT_TARGETS, assignmentTransitionRefusal, AssignmentStatus, AssignmentTarget, isClosed } from './assignment-transitions';

describe('assignment transitions', () => {
  it.each([
    ['assigned', 'in_progress'],
    ['assigned', 'completed'],
    ['assigned', 'skipped'],
    ['in_progress', 'completed'],
    ['in_progress', 'skipped'],
  ] as [AssignmentStatus, AssignmentTarget][])('allows %s → %s', (from, to) => {
    expect(assignmentTransitionRefusal(from, to)).toBeNull();
  });

  it.each([['in_progress'], ['completed'], ['skipped']] as [AssignmentTarget][])('refuses %s → the same state', (status) => {
    expect(assignmentTransitionRefusal(status, status)?.code).toBe(ErrorCode.AssignmentAlreadyInState);
  });

  it.each([
    ['completed', 'in_progress'],
    ['completed', 'skipped'],
    ['skipped', 'in_progress'],
    ['skipped', 'completed'],
  ] as [AssignmentStatus, AssignmentTarget][])('refuses to leave a final state: %s → %s', (from, to) => {
    expect(assignmentTransitionRefusal(from, to)?.code).toBe(ErrorCode.AssignmentClosed);
  });

  it('covers every pair exactly: five moves allowed, the rest refused', () => {
    const allowed = ASSIGNMENT_STATUSES.flatMap((from) => ASSIGNMENT_TARGETS.map((to) => [from, to] as const)).filter(
      ([from, to]) => assignmentTransitionRefusal(from, to) === null,
    );
    expect(allowed).toHaveLength(5);
    for (const [from] of allowed) expect(isClosed(from)).toBe(false);
    expect(ASSIGNMENT_TARGETS).not.toContain('assigned');
  });
});
