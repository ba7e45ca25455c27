import { DomainError } from '../errors/domain-error';
import { ErrorCode } from '../errors/error-code';
import { capacityRefusal, checkDates, checkJoiningClient, joinRefusal } from './group-rules';

const open = { status: 'active' as const, archivedAt: null, capacity: null };

describe('group rules', () => {
  it('refuses an end before the start, and takes open-ended or same-day dates', () => {
    expect(() => checkDates('2031-03-02', '2031-03-01')).toThrow(DomainError);
    expect(() => checkDates('2031-03-01', '2031-03-01')).not.toThrow();
    expect(() => checkDates(null, '2031-03-01')).not.toThrow();
    expect(() => checkDates('2031-03-01', null)).not.toThrow();
  });

  it('takes a capacity down to the current member count, not below', () => {
    expect(capacityRefusal(3, 3)).toBeNull();
    expect(capacityRefusal(4, 3)?.code).toBe(ErrorCode.GroupFull);
  });

  it('takes a current client of the organization, never an archived one or one it does not have', () => {
    expect(() => checkJoiningClient({ archivedAt: null })).not.toThrow();
    expect(() => checkJoiningClient({ archivedAt: new Date() })).toThrow(expect.objectContaining({ code: ErrorCode.SubjectArchived }));
    expect(() => checkJoiningClient(null)).toThrow(expect.objectContaining({ code: ErrorCode.NotFound }));
  });

  it('lets a client join an open group with room, or without a limit', () => {
    expect(joinRefusal(open, 499)).toBeNull();
    expect(joinRefusal({ ...open, capacity: 2 }, 1)).toBeNull();
  });

  it('refuses to add to a closed or archived group, before looking at room', () => {
    expect(joinRefusal({ ...open, status: 'closed', capacity: 1 }, 1)?.code).toBe(ErrorCode.GroupClosed);
    expect(joinRefusal({ ...open, archivedAt: new Date() }, 0)?.code).toBe(ErrorCode.GroupClosed);
  });

  it('refuses to add to a full group, naming its capacity', () => {
    const refusal = joinRefusal({ ...open, capacity: 2 }, 2);
    expect(refusal?.code).toBe(ErrorCode.GroupFull);
    expect(refusal?.options.extensions).toEqual({ capacity: 2 });
  });
});
