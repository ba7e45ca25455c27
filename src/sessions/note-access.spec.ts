import { Actor } from '../auth/actor';
import { Role } from '../auth/permissions';
import { canReadNotes } from './note-access';
import { SessionKind } from './therapy-session.entity';

const ME = '11111111-1111-4111-8111-111111111111';
const SOMEONE = '22222222-2222-4222-8222-222222222222';
const actor = (role: Role): Actor => ({
  kind: role === 'integration' || role === 'readonly' ? 'apiKey' : 'user',
  id: ME,
  organizationId: '33333333-3333-4333-8333-333333333333',
  role,
});

describe('canReadNotes', () => {
  // [role, kind, the actor leads it, the subject is in the actor's reach, may read]
  const matrix: [Role, SessionKind, boolean, boolean, boolean][] = [
    ['owner', 'individual', false, false, true],
    ['owner', 'couple', false, false, true],
    ['owner', 'group', false, false, true],
    ['admin', 'individual', false, false, true],
    ['admin', 'couple', false, false, true],
    ['admin', 'group', false, false, true],
    ['practitioner', 'individual', false, true, true],
    ['practitioner', 'individual', true, false, false],
    ['practitioner', 'individual', false, false, false],
    ['practitioner', 'couple', false, true, true],
    ['practitioner', 'couple', true, false, false],
    ['practitioner', 'group', true, false, true],
    ['practitioner', 'group', false, true, true],
    ['practitioner', 'group', false, false, false],
    ['facilitator', 'individual', true, true, false],
    ['facilitator', 'couple', true, true, false],
    ['facilitator', 'group', true, false, true],
    ['facilitator', 'group', false, true, true],
    ['facilitator', 'group', false, false, false],
    ['integration', 'individual', false, true, false],
    ['integration', 'couple', false, true, false],
    ['integration', 'group', true, true, false],
    ['readonly', 'individual', false, true, false],
    ['readonly', 'couple', false, true, false],
    ['readonly', 'group', true, true, false],
  ];

  it.each(matrix)('%s, %s session, leads=%p, in reach=%p → %p', (role, kind, leads, inReach, expected) => {
    expect(canReadNotes(actor(role), { kind, leadUserId: leads ? ME : SOMEONE }, inReach)).toBe(expected);
  });
});
