import { ErrorCode } from '../errors/error-code';
import { StepStatus } from './enrollment-step.entity';
import { EnrollmentStatus } from './enrollment.entity';
import { decideStatusChange, decideStepMove, progressOf, StepTarget } from './step-transitions';
import { refusal } from '../../test/support/refusal';

describe('decideStepMove', () => {
  it.each<[StepStatus, StepTarget, string | undefined, string]>([
    ['not_started', 'in_progress', undefined, 'step_started'],
    ['in_progress', 'completed', undefined, 'step_completed'],
    ['completed', 'in_progress', 'They broke a promise made in session', 'setback'],
  ])('%s → %s is %s', (from, to, reason, move) => {
    expect(decideStepMove(from, to, reason)).toBe(move);
  });

  it.each<[StepStatus, StepTarget]>([
    ['in_progress', 'in_progress'],
    ['completed', 'completed'],
  ])('refuses %s → %s as STEP_ALREADY_IN_STATE', (from, to) => {
    const error = refusal(() => decideStepMove(from, to));
    expect(error.code).toBe(ErrorCode.StepAlreadyInState);
    expect(error.status).toBe(409);
  });

  it('refuses completing a step that was never started', () => {
    const error = refusal(() => decideStepMove('not_started', 'completed'));
    expect(error.code).toBe(ErrorCode.StepNotStarted);
    expect(error.status).toBe(409);
  });

  it.each([[undefined], [''], ['   ']])('needs a reason for a setback (reason %p → 400 on reason)', (reason) => {
    const error = refusal(() => decideStepMove('completed', 'in_progress', reason));
    expect(error.code).toBe(ErrorCode.ValidationFailed);
    expect(error.options.errors?.map((e) => e.field)).toEqual(['reason']);
  });

  it('refuses a reason on a move that is not a setback', () => {
    const error = refusal(() => decideStepMove('not_started', 'in_progress', 'because'));
    expect(error.code).toBe(ErrorCode.ValidationFailed);
    expect(error.options.errors?.map((e) => e.field)).toEqual(['reason']);
  });

  it('checks the state before the reason: an impossible move is 409 even with a reason', () => {
    expect(refusal(() => decideStepMove('completed', 'completed', 'x')).code).toBe(ErrorCode.StepAlreadyInState);
  });
});

describe('decideStatusChange', () => {
  it.each<[EnrollmentStatus, EnrollmentStatus, boolean]>([
    ['active', 'paused', false],
    ['paused', 'active', false],
    ['active', 'withdrawn', false],
    ['paused', 'withdrawn', false],
    ['active', 'completed', true],
    ['paused', 'completed', true],
  ])('allows %s → %s', (from, to, allDone) => {
    expect(decideStatusChange(from, to, allDone)).toBe(true);
  });

  it('is a no-op to ask for the current status', () => {
    expect(decideStatusChange('paused', 'paused', false)).toBe(false);
    expect(decideStatusChange('completed', 'completed', true)).toBe(false);
  });

  it('completes only when every step is completed', () => {
    expect(refusal(() => decideStatusChange('active', 'completed', false)).code).toBe(ErrorCode.EnrollmentIncomplete);
  });

  it.each<[EnrollmentStatus, EnrollmentStatus]>([
    ['completed', 'active'],
    ['withdrawn', 'active'],
    ['withdrawn', 'paused'],
    ['completed', 'withdrawn'],
  ])('keeps %s final (→ %s is ENROLLMENT_ENDED)', (from, to) => {
    expect(refusal(() => decideStatusChange(from, to, true)).code).toBe(ErrorCode.EnrollmentEnded);
  });
});

describe('progressOf', () => {
  const steps = (...statuses: StepStatus[]) => statuses.map((status, i) => ({ key: `step-${i + 1}`, status }));

  it('starts at the first step with nothing done', () => {
    expect(progressOf(steps('not_started', 'not_started', 'not_started'))).toEqual({
      currentStepKey: 'step-1',
      completedSteps: 0,
      totalSteps: 3,
      share: 0,
    });
  });

  it('points at the first step in order that is not completed, even behind later completed ones', () => {
    expect(progressOf(steps('completed', 'in_progress', 'completed'))).toMatchObject({ currentStepKey: 'step-2', completedSteps: 2 });
  });

  it('rounds the share to 4 decimals', () => {
    expect(progressOf(steps('completed', 'not_started', 'not_started')).share).toBe(0.3333);
    expect(progressOf(steps('completed', 'completed', 'not_started')).share).toBe(0.6667);
    const seven = steps('completed', 'completed', 'completed', 'not_started', 'not_started', 'not_started', 'not_started');
    expect(progressOf(seven).share).toBe(0.4286);
  });

  it('has no current step when all are completed', () => {
    expect(progressOf(steps('completed', 'completed'))).toEqual({ currentStepKey: null, completedSteps: 2, totalSteps: 2, share: 1 });
  });
});
