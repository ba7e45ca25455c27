import { Actor } from '../auth/actor';
import { Role } from '../auth/permissions';
import { DomainError } from '../errors/domain-error';
import { ErrorCode } from '../errors/error-code';
import {
  checkAttendance,
  checkCancelledReason,
  checkOverrideAllowed,
  checkStarted,
  completionSubjects,
  endOf,
  isSameCompletion,
  leadOf,
  noteFromInput,
  notScheduledError,
  overlapError,
  passSafetyGate,
  plainChanges,
  subjectOf,
  subjectOfInput,
  windowAfter,
} from './session-rules';

const ORG = '33333333-3333-4333-8333-333333333333';
const A = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa';
const B = 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb';
const C = 'cccccccc-cccc-4ccc-8ccc-cccccccccccc';

const actor = (role: Role): Actor => ({ kind: role === 'integration' || role === 'readonly' ? 'apiKey' : 'user', id: A, organizationId: ORG, role });

/** The error `work` throws; fails the test when it throws none. */
function caught(work: () => unknown): DomainError {
  try {
    work();
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    return error as DomainError;
  }
  throw new Error('expected an error');
}

describe('subjectOfInput', () => {
  it('takes the id field of the kind, lower-cased', () => {
    expect(subjectOfInput({ kind: 'couple', coupleId: B.toUpperCase() })).toEqual({ kind: 'couple', id: B });
  });
});

describe('subjectOf', () => {
  it('reads the subject of each kind', () => {
    expect(subjectOf({ kind: 'group', clientId: null, coupleId: null, groupId: C })).toEqual({ kind: 'group', id: C });
    expect(subjectOf({ kind: 'individual', clientId: A, coupleId: null, groupId: null })).toEqual({ kind: 'individual', id: A });
  });
});

describe('leadOf', () => {
  it('defaults to the scheduling user and lower-cases a given lead', () => {
    expect(leadOf(actor('practitioner'), undefined)).toBe(A);
    expect(leadOf(actor('practitioner'), B.toUpperCase())).toBe(B);
  });

  it('makes an API key name the lead', () => {
    expect(caught(() => leadOf(actor('integration'), undefined)).options.errors).toEqual([
      { field: 'leadUserId', message: 'is required when an API key schedules a session' },
    ]);
    expect(leadOf(actor('integration'), B)).toBe(B);
  });
});

describe('checkOverrideAllowed', () => {
  const override = { reason: 'Court-ordered joint session' };

  it('lets an owner or admin override a couple session, and anyone go without one', () => {
    expect(() => checkOverrideAllowed(actor('owner'), override, 'couple')).not.toThrow();
    expect(() => checkOverrideAllowed(actor('admin'), override, 'couple')).not.toThrow();
    expect(() => checkOverrideAllowed(actor('practitioner'), undefined, 'couple')).not.toThrow();
  });

  it('refuses practitioners, facilitators and keys with a 403', () => {
    for (const role of ['practitioner', 'facilitator', 'integration'] as Role[]) {
      expect(caught(() => checkOverrideAllowed(actor(role), override, 'couple')).code).toBe(ErrorCode.Forbidden);
    }
  });

  it('refuses an override of a session that is not a couple session, even from an owner', () => {
    const error = caught(() => checkOverrideAllowed(actor('owner'), override, 'individual'));
    expect(error.code).toBe(ErrorCode.ValidationFailed);
    expect(error.options.errors).toEqual([{ field: 'safetyOverride', message: 'applies to couple sessions only' }]);
  });
});

describe('passSafetyGate', () => {
  it('passes clear and concern without using an override', () => {
    expect(passSafetyGate('clear', false)).toBe(false);
    expect(passSafetyGate('concern', true)).toBe(false);
  });

  it.each(['missing', 'unsafe'] as const)('refuses %s, naming the status, unless overridden', (safety) => {
    const error = caught(() => passSafetyGate(safety, false));
    expect(error.code).toBe(ErrorCode.SafetyScreeningRequired);
    expect(error.options.extensions).toEqual({ safetyStatus: safety });
    expect(passSafetyGate(safety, true)).toBe(true);
  });
});

describe('the session window', () => {
  const session = { startsAt: new Date('2031-01-01T09:00:00Z'), durationMinutes: 50, endsAt: new Date('2031-01-01T09:50:00Z') };

  it('ends durationMinutes after it starts', () => {
    expect(endOf(new Date('2031-01-01T23:30:00Z'), 45)).toEqual(new Date('2031-01-02T00:15:00Z'));
  });

  it('keeps the window when neither start nor duration changes', () => {
    expect(windowAfter(session, { modality: 'video' })).toEqual({ ...session, moved: false });
    expect(windowAfter(session, { startsAt: '2031-01-01T10:00:00+01:00' }).moved).toBe(false);
  });

  it('moves with a new start or a new duration', () => {
    expect(windowAfter(session, { durationMinutes: 80 })).toEqual({ ...session, durationMinutes: 80, endsAt: new Date('2031-01-01T10:20:00Z'), moved: true });
    expect(windowAfter(session, { startsAt: '2031-01-01T11:00:00Z' }).endsAt).toEqual(new Date('2031-01-01T11:50:00Z'));
  });
});

describe('changes to a scheduled session', () => {
  it('gives a cancelledReason only with status cancelled', () => {
    expect(() => checkCancelledReason({ status: 'cancelled', cancelledReason: 'Ill' })).not.toThrow();
    expect(caught(() => checkCancelledReason({ status: 'no_show', cancelledReason: 'Ill' })).options.errors?.[0].field).toBe('cancelledReason');
  });

  it('sets only the fields given, planned steps once each', () => {
    expect(plainChanges({ location: null, plannedStepKeys: ['a', 'b', 'a'] })).toEqual({ location: null, plannedStepKeys: ['a', 'b'] });
    expect(plainChanges({})).toEqual({});
  });
});

describe('checkAttendance', () => {
  it('accepts each expected participant once, in any order', () => {
    expect(() => checkAttendance('couple', [A, B], [{ clientId: B, attended: false }, { clientId: A, attended: true }])).not.toThrow();
  });

  it.each([
    ['a missing participant', [{ clientId: A, attended: true }]],
    ['a stranger', [{ clientId: A, attended: true }, { clientId: C, attended: true }]],
    ['a participant twice', [{ clientId: A, attended: true }, { clientId: A, attended: false }]],
  ])('refuses %s', (_, attendance) => {
    expect(caught(() => checkAttendance('couple', [A, B], attendance)).options.errors).toEqual([
      { field: 'attendance', message: 'must list each participant once: both partners' },
    ]);
  });
});

describe('noteFromInput', () => {
  it('keeps exactly the fields of the format', () => {
    expect(noteFromInput({ format: 'dap', data: 'd', assessment: 'a', plan: 'p' })).toEqual({ format: 'dap', data: 'd', assessment: 'a', plan: 'p' });
  });

  it('is a plain object of the format and its fields, in their order', () => {
    const given = Object.assign(Object.create({ inherited: true }) as object, { plan: 'p', format: 'soap', subjective: 's', objective: 'o', assessment: 'a' });
    const stored = noteFromInput(given as Parameters<typeof noteFromInput>[0]);
    expect(Object.getPrototypeOf(stored)).toBe(Object.prototype);
    expect(Object.keys(stored)).toEqual(['format', 'subjective', 'objective', 'assessment', 'plan']);
  });
});

describe('isSameCompletion', () => {
  const note = { format: 'free_text' as const, text: 'Both attended.' };
  const session = { signedByUserId: A, attendance: [{ clientId: B, attended: true }], stepsAddressed: ['acknowledge-the-hurt'] };

  it('is the same signer, attendance, steps and note, whatever the key order', () => {
    expect(isSameCompletion(session, note, A, { attendance: [{ attended: true, clientId: B }], stepsAddressed: ['acknowledge-the-hurt'], note })).toBe(true);
  });

  it('is not when another signs or anything differs', () => {
    const given = { attendance: session.attendance, stepsAddressed: session.stepsAddressed, note };
    expect(isSameCompletion(session, note, B, given)).toBe(false);
    expect(isSameCompletion(session, note, A, { ...given, note: { ...note, text: 'Other.' } })).toBe(false);
    expect(isSameCompletion(session, note, A, { ...given, stepsAddressed: [] })).toBe(false);
  });
});

describe('completionSubjects', () => {
  it('is the client, the couple, or each group member who attended', () => {
    expect(completionSubjects({ kind: 'individual', clientId: A, coupleId: null }, [])).toEqual([{ clientId: A }]);
    expect(completionSubjects({ kind: 'couple', clientId: null, coupleId: C }, [])).toEqual([{ coupleId: C }]);
    const attendance = [
      { clientId: A, attended: true },
      { clientId: B, attended: false },
    ];
    expect(completionSubjects({ kind: 'group', clientId: null, coupleId: null }, attendance)).toEqual([{ clientId: A }]);
  });
});

describe('the refusals', () => {
  it('names the clashing session when it is known', () => {
    expect(overlapError(C).options.extensions).toEqual({ conflictingSessionId: C });
    expect(overlapError(null).options.extensions).toBeUndefined();
    expect(overlapError(C).code).toBe(ErrorCode.SessionOverlap);
  });

  it('tells an archived session from one closed another way', () => {
    expect(notScheduledError({ status: 'scheduled', archivedAt: new Date() }).detail).toBe('The session is archived.');
    expect(notScheduledError({ status: 'no_show', archivedAt: null }).detail).toBe('The session is no-show, not scheduled.');
    expect(notScheduledError({ status: 'no_show', archivedAt: null }).options.extensions).toEqual({ sessionStatus: 'no_show' });
  });
});

describe('checkStarted', () => {
  const startsAt = new Date('2024-05-01T10:00:00Z');

  it('lets a session be completed once it has started', () => {
    expect(() => checkStarted({ startsAt }, new Date('2024-05-01T10:00:00Z'))).not.toThrow();
    expect(() => checkStarted({ startsAt }, new Date('2024-05-02T09:00:00Z'))).not.toThrow();
  });

  it('refuses one that starts later with 409 SESSION_NOT_STARTED, naming when it starts', () => {
    const error = caught(() => checkStarted({ startsAt }, new Date('2024-05-01T09:59:59.999Z')));
    expect(error.code).toBe(ErrorCode.SessionNotStarted);
    expect(error.options.extensions).toEqual({ startsAt: '2024-05-01T10:00:00.000Z' });
  });
});
