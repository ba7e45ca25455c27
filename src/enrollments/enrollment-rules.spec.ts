import { ErrorCode } from '../errors/error-code';
import { StepDefinition } from '../programs/built-in/program-definition';
import {
  allStepsCompleted,
  enrollmentExists,
  enrollmentTargetOf,
  requireActive,
  requireEnrollable,
  requirePractice,
  stepDefinitionOf,
  stepMoveData,
  tickEventOf,
  tickViewpoints,
} from './enrollment-rules';
import { refusal } from '../../test/support/refusal';

const COUPLE_ID = '6F1C7E1A-0000-4000-8000-000000000001';
const A = 'aaaaaaaa-0000-4000-8000-000000000001';
const B = 'bbbbbbbb-0000-4000-8000-000000000002';

describe('enrollmentTargetOf', () => {
  it('takes the couple or the client, lowercased, whether the other is left out or null', () => {
    expect(enrollmentTargetOf({ coupleId: COUPLE_ID })).toEqual({ kind: 'couple', id: COUPLE_ID.toLowerCase() });
    expect(enrollmentTargetOf({ clientId: A, coupleId: null })).toEqual({ kind: 'client', id: A });
  });
});

describe('requireEnrollable', () => {
  it('names the missing subject', () => {
    expect(refusal(() => requireEnrollable({ kind: 'couple', id: A }, null)).detail).toBe('Couple not found.');
    expect(refusal(() => requireEnrollable({ kind: 'client', id: A }, null)).detail).toBe('Client not found.');
  });

  it('refuses an archived subject and accepts a current one', () => {
    const error = refusal(() => requireEnrollable({ kind: 'client', id: A }, { archivedAt: new Date() }));
    expect(error.code).toBe(ErrorCode.SubjectArchived);
    expect(() => requireEnrollable({ kind: 'client', id: A }, { archivedAt: null })).not.toThrow();
  });
});

describe('enrollmentExists', () => {
  it('names the open enrollment when it is known', () => {
    expect(enrollmentExists('couple', A).options.extensions).toEqual({ enrollmentId: A });
    expect(enrollmentExists('client').options.extensions).toBeUndefined();
    expect(enrollmentExists('client').code).toBe(ErrorCode.EnrollmentExists);
  });
});

describe('requireActive', () => {
  it.each(['paused', 'completed', 'withdrawn'] as const)('refuses progress on a %s enrollment', (status) => {
    expect(refusal(() => requireActive(status)).code).toBe(ErrorCode.EnrollmentNotActive);
  });

  it('lets an active enrollment progress', () => expect(() => requireActive('active')).not.toThrow());
});

describe('allStepsCompleted', () => {
  it('is true only for a non-empty set of completed steps', () => {
    expect(allStepsCompleted([{ status: 'completed' }, { status: 'completed' }])).toBe(true);
    expect(allStepsCompleted([{ status: 'completed' }, { status: 'in_progress' }])).toBe(false);
    expect(allStepsCompleted([])).toBe(false);
  });
});

describe('step and practice lookup', () => {
  const steps: StepDefinition[] = [
    { key: 'one', position: 1, title: 'One', summary: '', practices: [{ key: 'listen', title: 'Listen', description: '' }] },
  ];

  it('finds a step and its practice, and names what is missing', () => {
    expect(stepDefinitionOf(steps, 'one')).toBe(steps[0]);
    expect(refusal(() => stepDefinitionOf(steps, 'two')).detail).toBe('Step not found.');
    expect(() => requirePractice(steps[0], 'listen')).not.toThrow();
    expect(refusal(() => requirePractice(steps[0], 'speak')).detail).toBe('Practice not found.');
  });
});

describe('stepMoveData', () => {
  it('carries the reason and note only when given', () => {
    expect(stepMoveData('not_started', 'in_progress')).toEqual({ from: 'not_started', to: 'in_progress' });
    expect(stepMoveData('completed', 'in_progress', 'why', 'note')).toEqual({ from: 'completed', to: 'in_progress', reason: 'why', note: 'note' });
  });
});

describe('tickViewpoints', () => {
  it('defaults to every viewpoint of the enrollment', () => {
    expect(tickViewpoints([A, B], undefined, true)).toEqual([A, B]);
  });

  it('deduplicates and lowercases the partners asked for', () => {
    expect(tickViewpoints([A, B], [B.toUpperCase(), B], true)).toEqual([B]);
  });

  it.each([
    [true, 'must be partners of the enrolled couple'],
    [false, 'must be the enrolled client'],
  ])('refuses anyone else (couple: %p)', (isCouple, message) => {
    const error = refusal(() => tickViewpoints([A], [A, B], isCouple));
    expect(error.code).toBe(ErrorCode.ValidationFailed);
    expect(error.options.errors).toEqual([{ field: 'partnerIds', message }]);
  });
});

describe('tickEventOf', () => {
  it('records the changed viewpoints in the enrollment’s order, with the note', () => {
    expect(tickEventOf(true, [A, B], [B, A], 'both')).toEqual({ type: 'practice_ticked', data: { partnerIds: [A, B], note: 'both' } });
    expect(tickEventOf(false, [A, B], [B])).toEqual({ type: 'practice_unticked', data: { partnerIds: [B] } });
  });

  it('records a note alone when nothing changed, and nothing without a note', () => {
    expect(tickEventOf(true, [A, B], [], 'seen')).toEqual({ type: 'note_added', data: { note: 'seen' } });
    expect(tickEventOf(true, [A, B], [], null)).toBeNull();
    expect(tickEventOf(false, [A, B], [])).toBeNull();
  });
});
