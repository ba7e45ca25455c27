import { Actor } from '../auth/actor';
import { hasPermission, Permission } from '../auth/permissions';
import { SessionKind } from './therapy-session.entity';

/**
 * Who reads a session's clinical note (and its addenda): the one rule, applied to every response
 * and to writing notes.
 *
 * - Never an API key: notes are staff-only, `integration` keys included, because a key is not a
 *   person who answers for what they read.
 * - Owners and admins: always.
 * - Individual and couple sessions: staff holding `notes:read` (practitioners) who have the client
 *   or couple in their caseload. Facilitators never, even if they lead the session.
 * - Group sessions: the session's lead, and staff who run the group (its facilitator), whatever
 *   their role: the lead facilitator writes and reads the group's note.
 *
 * `subjectInReach` says whether the actor's caseload (client, couple) or groups (group) include the
 * session's subject, as the access rules of those resources answer it.
 */
export function canReadNotes(actor: Actor, session: { kind: SessionKind; leadUserId: string }, subjectInReach: boolean): boolean {
  if (actor.kind !== 'user') return false;
  if (actor.role === 'owner' || actor.role === 'admin') return true;
  if (session.kind === 'group') return session.leadUserId === actor.id || subjectInReach;
  return hasPermission(actor.role, Permission.NotesRead) && subjectInReach;
}
