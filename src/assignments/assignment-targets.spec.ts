import { ErrorCode } from '../errors/error-code';
import {
  checkAssignerMayTarget,
  checkGroupTakesAssignments,
  clientRecipients,
  coupleRecipients,
  groupRecipients,
  targetOf,
} from './assignment-targets';
import { refusal } from '../../test/support/refusal';

const ID = '0B1C2D3E-0000-4000-8000-000000000001';

describe('assignment targets', () => {
  it('takes the one target given, lowercasing its id; the others are left out or null', () => {
    expect(targetOf({ clientId: ID })).toEqual({ kind: 'client', id: ID.toLowerCase() });
    expect(targetOf({ coupleId: ID, clientId: null })).toEqual({ kind: 'couple', id: ID.toLowerCase() });
    expect(targetOf({ groupId: ID, clientId: null, coupleId: null })).toEqual({ kind: 'group', id: ID.toLowerCase() });
  });

  it('lets facilitators target groups only; everyone else anything', () => {
    expect(() => checkAssignerMayTarget('facilitator', 'group')).not.toThrow();
    expect(refusal(() => checkAssignerMayTarget('facilitator', 'client')).code).toBe(ErrorCode.Forbidden);
    expect(refusal(() => checkAssignerMayTarget('facilitator', 'couple')).code).toBe(ErrorCode.Forbidden);
    for (const role of ['owner', 'admin', 'practitioner', 'integration'] as const) expect(() => checkAssignerMayTarget(role, 'client')).not.toThrow();
  });

  it('gives a client one row, and refuses a missing or archived client', () => {
    expect(clientRecipients('c1', { archivedAt: null })).toEqual({ clientIds: ['c1'], coupleId: null, groupId: null });
    expect(refusal(() => clientRecipients('c1', null)).code).toBe(ErrorCode.NotFound);
    expect(refusal(() => clientRecipients('c1', { archivedAt: new Date() })).code).toBe(ErrorCode.SubjectArchived);
  });

  it('gives a couple a row per partner, and refuses a missing or archived couple', () => {
    const couple = { partnerAId: 'a', partnerBId: 'b', archivedAt: null };
    expect(coupleRecipients('k1', couple)).toEqual({ clientIds: ['a', 'b'], coupleId: 'k1', groupId: null });
    expect(refusal(() => coupleRecipients('k1', null)).code).toBe(ErrorCode.NotFound);
    expect(refusal(() => coupleRecipients('k1', { ...couple, archivedAt: new Date() })).code).toBe(ErrorCode.SubjectArchived);
  });

  it('takes group assignments only in an open, unarchived group with members', () => {
    expect(() => checkGroupTakesAssignments({ status: 'active', archivedAt: null })).not.toThrow();
    expect(refusal(() => checkGroupTakesAssignments(null)).code).toBe(ErrorCode.NotFound);
    expect(refusal(() => checkGroupTakesAssignments({ status: 'closed', archivedAt: null })).code).toBe(ErrorCode.GroupClosed);
    expect(refusal(() => checkGroupTakesAssignments({ status: 'active', archivedAt: new Date() })).code).toBe(ErrorCode.GroupClosed);
    expect(groupRecipients('g1', ['m1', 'm2'])).toEqual({ clientIds: ['m1', 'm2'], coupleId: null, groupId: 'g1' });
    expect(refusal(() => groupRecipients('g1', [])).code).toBe(ErrorCode.GroupHasNoMembers);
  });
});
