import { Role } from '../auth/permissions';
import { DomainError } from '../errors/domain-error';
import { ErrorCode } from '../errors/error-code';

export type TargetKind = 'client' | 'couple' | 'group';
export type AssignmentTargetRef = { kind: TargetKind; id: string };
/** Who gets the exercise, one row each, and where the rows came from. */
export type Recipients = { clientIds: string[]; coupleId: string | null; groupId: string | null };

const KIND_OF = { clientId: 'client', coupleId: 'couple', groupId: 'group' } as const;

/** The one of `clientId`, `coupleId` and `groupId` a new assignment gives (its variant has exactly one), lowercased. */
export function targetOf(dto: { clientId?: string | null; coupleId?: string | null; groupId?: string | null }): AssignmentTargetRef {
  const field = (Object.keys(KIND_OF) as (keyof typeof KIND_OF)[]).find((name) => dto[name])!;
  return { kind: KIND_OF[field], id: dto[field]!.toLowerCase() };
}

/** Facilitators give homework to the groups they run, never to a client or a couple. */
export function checkAssignerMayTarget(role: Role, kind: TargetKind): void {
  if (role === 'facilitator' && kind !== 'group') {
    throw new DomainError(ErrorCode.Forbidden, 'Facilitators assign exercises to the groups they run, not to clients or couples.');
  }
}

export function clientRecipients(clientId: string, client: { archivedAt: Date | null } | null): Recipients {
  if (!client) throw DomainError.notFound('Client');
  if (client.archivedAt) throw new DomainError(ErrorCode.SubjectArchived, 'The client is archived; restore them before assigning them an exercise.');
  return { clientIds: [clientId], coupleId: null, groupId: null };
}

export function coupleRecipients(
  coupleId: string,
  couple: { partnerAId: string; partnerBId: string; archivedAt: Date | null } | null,
): Recipients {
  if (!couple) throw DomainError.notFound('Couple');
  if (couple.archivedAt) throw new DomainError(ErrorCode.SubjectArchived, 'The couple is archived; restore it before assigning it an exercise.');
  return { clientIds: [couple.partnerAId, couple.partnerBId], coupleId, groupId: null };
}

/** A group takes new assignments while it exists, is open and is not archived. */
export function checkGroupTakesAssignments(group: { status: string; archivedAt: Date | null } | null): void {
  if (!group) throw DomainError.notFound('Group');
  if (group.status === 'closed' || group.archivedAt) {
    throw new DomainError(ErrorCode.GroupClosed, 'The group is closed or archived: it takes no new assignments.');
  }
}

/** The group's members at this moment, as given (current, with a client record not archived). */
export function groupRecipients(groupId: string, memberIds: string[]): Recipients {
  if (memberIds.length === 0) throw new DomainError(ErrorCode.GroupHasNoMembers, 'The group has no current members to assign the exercise to.');
  return { clientIds: memberIds, coupleId: null, groupId };
}
