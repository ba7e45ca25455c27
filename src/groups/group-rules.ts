import { DomainError } from '../errors/domain-error';
import { ErrorCode } from '../errors/error-code';
import { GroupStatus } from './group.entity';

/** A group's dates: it may not end before it starts. */
export function checkDates(startsOn: string | null, endsOn: string | null): void {
  if (startsOn && endsOn && endsOn < startsOn) throw DomainError.validation([{ field: 'endsOn', message: 'must not be before startsOn' }]);
}

/** Why a capacity can't be set while the group has `members` current members; null when it can. */
export function capacityRefusal(members: number, capacity: number): DomainError | null {
  if (members <= capacity) return null;
  return new DomainError(ErrorCode.GroupFull, `The group has ${members} current members, more than the capacity asked for.`);
}

/** Why the group takes no new member now: closed or archived, or full; null when it does. */
export function joinRefusal(
  group: { status: GroupStatus; archivedAt: Date | null; capacity: number | null },
  members: number,
): DomainError | null {
  if (group.status === 'closed' || group.archivedAt) {
    return new DomainError(ErrorCode.GroupClosed, 'The group is closed or archived: it takes no new members.');
  }
  if (group.capacity !== null && members >= group.capacity) {
    return new DomainError(ErrorCode.GroupFull, `The group is full (capacity ${group.capacity}).`, { extensions: { capacity: group.capacity } });
  }
  return null;
}

/**
 * The client who joins: one of the organization's (404 otherwise), and not archived (409
 * SUBJECT_ARCHIVED), since archiving a client ends their memberships; restore them first.
 */
export function checkJoiningClient(client: { archivedAt: Date | null } | null): void {
  if (!client) throw DomainError.notFound('Client');
  if (client.archivedAt) {
    throw new DomainError(ErrorCode.SubjectArchived, 'The client is archived; restore them before adding them to a group.');
  }
}
