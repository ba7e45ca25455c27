import { DomainError } from '../errors/domain-error';
import { ErrorCode } from '../errors/error-code';
import {
  ASSIGNMENT_STATUSES,
  ASSIGNMENT_TARGETS,
  assignmentChange,
  assignmentTransitionRefusal, AssignmentStatus, AssignmentTarget, isClosed } from './assignment-transitions';

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

describe('assignment change', () => {
  const assigned = { status: 'assigned' as const, startedAt: null };
  const started = { status: 'in_progress' as const, startedAt: new Date() };

  it('stamps the start when work begins, or when an unstarted assignment is completed', () => {
    expect(assignmentChange(assigned, { status: 'in_progress' })).toEqual({ status: 'in_progress', stamps: ['startedAt'] });
    expect(assignmentChange(assigned, { status: 'completed' })).toEqual({ status: 'completed', stamps: ['startedAt', 'completedAt'] });
    expect(assignmentChange(started, { status: 'completed' })).toEqual({ status: 'completed', stamps: ['completedAt'] });
  });

  it('leaves the start alone on a skip', () => {
    expect(assignmentChange(assigned, { status: 'skipped' })).toEqual({ status: 'skipped', stamps: ['skippedAt'] });
  });

  it('records a response, or clears it, with or without a move', () => {
    expect(assignmentChange(started, { response: 'done' })).toEqual({ stamps: [], response: 'done' });
    expect(assignmentChange(started, { response: null })).toEqual({ stamps: [], response: null });
    expect(assignmentChange(assigned, { status: 'completed', response: 'r' }).response).toBe('r');
  });

  it('changes nothing for an empty PATCH, even on a closed assignment', () => {
    expect(assignmentChange(started, {})).toEqual({ stamps: [] });
    expect(assignmentChange({ status: 'completed', startedAt: new Date() }, {})).toEqual({ stamps: [] });
  });

  it('refuses a forbidden move, and a response alone on a closed assignment, naming the status', () => {
    const closed = { status: 'completed' as const, startedAt: new Date() };
    for (const patch of [{ status: 'skipped' as const }, { response: 'late' }]) {
      expect.hasAssertions();
      try {
        assignmentChange(closed, patch);
        throw new Error('expected a refusal');
      } catch (error) {
        expect((error as DomainError).code).toBe(ErrorCode.AssignmentClosed);
        expect((error as DomainError).options.extensions).toEqual({ assignmentStatus: 'completed' });
      }
    }
  });

  it('lets the client share or stop sharing the reflection of a closed assignment, and nothing else with it', () => {
    const closed = { status: 'completed' as const, startedAt: new Date() };
    expect(assignmentChange(closed, { shareReflection: true })).toEqual({ stamps: [], shareReflection: true });
    expect(assignmentChange(closed, { shareReflection: false })).toEqual({ stamps: [], shareReflection: false });
    expect(() => assignmentChange(closed, { shareReflection: true, response: 'late' })).toThrow(DomainError);
  });
});
