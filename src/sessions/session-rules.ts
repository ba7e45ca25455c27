import { Resource } from '../access/access.rules';
import { Actor } from '../auth/actor';
import { canonicalJson } from '../common/canonical-json';
import { DomainError } from '../errors/domain-error';
import { ErrorCode } from '../errors/error-code';
import type { CoupleSafety } from '../screenings/couple-safety';
import { CreateCoupleSessionDto, CreateGroupSessionDto, CreateIndividualSessionDto, NoteDto, SafetyOverrideInputDto, UpdateSessionDto } from './dto/session.dto';
import { Attendance, NoteFormat, SessionKind, TherapySession } from './therapy-session.entity';

/** The client, couple or group a session is with. */
export type SessionSubject = { kind: SessionKind; id: string };

/** The access rule that says who reaches a session's subject. */
export const SUBJECT_RESOURCE: Record<SessionKind, Resource> = { individual: Resource.Client, couple: Resource.Couple, group: Resource.Group };

/** The fields each note format has, all required (the note's DTO variants validate them). */
export const NOTE_FIELDS = {
  free_text: ['text'],
  soap: ['subjective', 'objective', 'assessment', 'plan'],
  dap: ['data', 'assessment', 'plan'],
} as const satisfies { [F in NoteFormat]: readonly Exclude<keyof Extract<NoteDto, { format: F }>, 'format'>[] };

export function subjectOf(session: Pick<TherapySession, 'kind' | 'clientId' | 'coupleId' | 'groupId'>): SessionSubject {
  const id = session.kind === 'individual' ? session.clientId : session.kind === 'couple' ? session.coupleId : session.groupId;
  return { kind: session.kind, id: id! };
}

/** The subject named by a new session: the id field of its kind (the only one its variant has). */
export function subjectOfInput(
  dto: Pick<CreateIndividualSessionDto, 'kind' | 'clientId'> | Pick<CreateCoupleSessionDto, 'kind' | 'coupleId'> | Pick<CreateGroupSessionDto, 'kind' | 'groupId'>,
): SessionSubject {
  const id = dto.kind === 'individual' ? dto.clientId : dto.kind === 'couple' ? dto.coupleId : dto.groupId;
  return { kind: dto.kind, id: id.toLowerCase() };
}

/** The lead of a new session: the one given, or the scheduling user; an API key must name one. */
export function leadOf(actor: Actor, leadUserId: string | undefined): string {
  const lead = (leadUserId ?? (actor.kind === 'user' ? actor.id : undefined))?.toLowerCase();
  if (!lead) throw DomainError.validation([{ field: 'leadUserId', message: 'is required when an API key schedules a session' }]);
  return lead;
}

/** An override of the safety gate applies to couple sessions, and only owners and admins give one. */
export function checkOverrideAllowed(actor: Actor, override: SafetyOverrideInputDto | undefined, kind: SessionKind): void {
  if (!override) return;
  if (kind !== 'couple') throw DomainError.validation([{ field: 'safetyOverride', message: 'applies to couple sessions only' }]);
  if (actor.kind !== 'user' || (actor.role !== 'owner' && actor.role !== 'admin')) {
    throw new DomainError(ErrorCode.Forbidden, 'Only an owner or admin may override the safety screening gate.');
  }
}

/**
 * Couple sessions need both partners' latest safety screenings, neither `unsafe`. Returns whether
 * an (already authorised) override was used to pass.
 */
export function passSafetyGate(safety: CoupleSafety, overridden: boolean): boolean {
  if (safety !== 'unsafe' && safety !== 'missing') return false;
  if (overridden) return true;
  const detail =
    safety === 'unsafe'
      ? 'A partner’s latest safety screening is unsafe: a joint session cannot be scheduled.'
      : 'A partner has no safety screening: screen both partners before scheduling a joint session.';
  throw new DomainError(ErrorCode.SafetyScreeningRequired, detail, { extensions: { safetyStatus: safety } });
}

export function endOf(startsAt: Date, durationMinutes: number): Date {
  return new Date(startsAt.getTime() + durationMinutes * 60_000);
}

export interface SessionWindow {
  startsAt: Date;
  durationMinutes: number;
  endsAt: Date;
  /** Whether the window differs from the session's current one. */
  moved: boolean;
}

/** The window a change gives a scheduled session: the new start and duration, or the current ones. */
export function windowAfter(session: Pick<TherapySession, 'startsAt' | 'durationMinutes' | 'endsAt'>, dto: UpdateSessionDto): SessionWindow {
  const startsAt = dto.startsAt !== undefined ? new Date(dto.startsAt) : session.startsAt;
  const durationMinutes = dto.durationMinutes ?? session.durationMinutes;
  const endsAt = endOf(startsAt, durationMinutes);
  const moved = startsAt.getTime() !== session.startsAt.getTime() || endsAt.getTime() !== session.endsAt.getTime();
  return { startsAt, durationMinutes, endsAt, moved };
}

/** The fields a change sets as given: no rule ties them to the session's window. */
export function plainChanges(
  dto: UpdateSessionDto,
): Partial<Pick<TherapySession, 'modality' | 'location' | 'plannedStepKeys' | 'status' | 'cancelledReason'>> {
  const changes: ReturnType<typeof plainChanges> = {};
  if (dto.modality !== undefined) changes.modality = dto.modality;
  if (dto.location !== undefined) changes.location = dto.location;
  if (dto.plannedStepKeys !== undefined) changes.plannedStepKeys = [...new Set(dto.plannedStepKeys)];
  if (dto.status !== undefined) changes.status = dto.status;
  if (dto.cancelledReason !== undefined) changes.cancelledReason = dto.cancelledReason;
  return changes;
}

export function checkCancelledReason(dto: Pick<UpdateSessionDto, 'status' | 'cancelledReason'>): void {
  if (dto.cancelledReason !== undefined && dto.status !== 'cancelled') {
    throw DomainError.validation([{ field: 'cancelledReason', message: 'is only given with status "cancelled"' }]);
  }
}

/** Completion lists each expected participant once: the client, both partners, or the group's current members. */
export function checkAttendance(kind: SessionKind, expected: string[], attendance: Attendance[]): void {
  const given = attendance.map((a) => a.clientId);
  const same = new Set(given).size === given.length && given.length === expected.length && expected.every((id) => given.includes(id));
  if (!same) {
    const who = { individual: 'the client', couple: 'both partners', group: 'the group’s current members' }[kind];
    throw DomainError.validation([{ field: 'attendance', message: `must list each participant once: ${who}` }]);
  }
}

/** The note as stored (encrypted): its format and exactly the format's fields, as a plain object. */
export function noteFromInput(note: NoteDto): NoteDto {
  const fields: readonly string[] = NOTE_FIELDS[note.format];
  const given = note as unknown as Record<string, string>;
  return Object.fromEntries([['format', note.format], ...fields.map((field) => [field, given[field]])]) as NoteDto;
}

export interface Completion {
  attendance: Attendance[];
  stepsAddressed: string[];
  note: NoteDto;
}

/** A retried completion: the same signer sending the same attendance, steps and note again. */
export function isSameCompletion(
  session: Pick<TherapySession, 'signedByUserId' | 'attendance' | 'stepsAddressed'>,
  storedNote: NoteDto,
  signerId: string,
  given: Completion,
): boolean {
  return (
    session.signedByUserId === signerId &&
    canonicalJson({ attendance: session.attendance, stepsAddressed: session.stepsAddressed, note: storedNote }) ===
      canonicalJson({ attendance: given.attendance, stepsAddressed: given.stepsAddressed, note: given.note })
  );
}

/**
 * Whose enrollments a completed session shows on: the client's own for an individual session, the
 * couple's for a couple session, and for a group session each member who attended (the group itself
 * is never enrolled).
 */
export function completionSubjects(
  session: Pick<TherapySession, 'kind' | 'clientId' | 'coupleId'>,
  attendance: Attendance[],
): ({ clientId: string } | { coupleId: string })[] {
  if (session.kind === 'individual') return [{ clientId: session.clientId! }];
  if (session.kind === 'couple') return [{ coupleId: session.coupleId! }];
  return attendance.filter((a) => a.attended).map((a) => ({ clientId: a.clientId }));
}

export function overlapError(conflictingSessionId: string | null): DomainError {
  return new DomainError(ErrorCode.SessionOverlap, 'The lead is already booked for a session that overlaps this time.', {
    extensions: conflictingSessionId ? { conflictingSessionId } : undefined,
  });
}

export function lockedError(): DomainError {
  return new DomainError(ErrorCode.SessionLocked, 'The session is completed and its note signed: it no longer changes. Add an addendum instead.');
}

export function notScheduledError(session: Pick<TherapySession, 'status' | 'archivedAt'>): DomainError {
  return new DomainError(
    ErrorCode.SessionNotScheduled,
    session.archivedAt ? 'The session is archived.' : `The session is ${session.status.replace('_', '-')}, not scheduled.`,
    { extensions: { sessionStatus: session.status } },
  );
}

/** A session is completed once it has started: attendance and a note are about what took place (409 SESSION_NOT_STARTED). */
export function checkStarted(session: Pick<TherapySession, 'startsAt'>, now: Date): void {
  if (session.startsAt.getTime() > now.getTime()) {
    throw new DomainError(ErrorCode.SessionNotStarted, 'The session has not started yet: complete it once it has taken place.', {
      extensions: { startsAt: session.startsAt.toISOString() },
    });
  }
}

export function notCompletedError(): DomainError {
  return new DomainError(ErrorCode.SessionNotCompleted, 'Addenda are added to completed sessions; complete the session first.');
}
