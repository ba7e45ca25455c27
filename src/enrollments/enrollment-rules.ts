import { DomainError } from '../errors/domain-error';
import { ErrorCode } from '../errors/error-code';
import type { StepDefinition } from '../programs/built-in/program-definition';
import type { EnrollmentStatus } from './enrollment.entity';
import type { StepStatus } from './enrollment-step.entity';
import type { StepTarget } from './step-transitions';

/** What an enrollment is for: a couple or a client on their own. */
export interface EnrollmentTarget {
  kind: 'couple' | 'client';
  id: string;
}

/** The subject a new enrollment names (its variant has exactly one of the ids), its id lowercased. */
export function enrollmentTargetOf(dto: { coupleId?: string | null; clientId?: string | null }): EnrollmentTarget {
  return dto.coupleId ? { kind: 'couple', id: dto.coupleId.toLowerCase() } : { kind: 'client', id: dto.clientId!.toLowerCase() };
}

/** A subject is enrolled only while it exists (404) and is not archived (409 SUBJECT_ARCHIVED). */
export function requireEnrollable(target: EnrollmentTarget, state: { archivedAt: Date | null } | null): void {
  if (!state) throw DomainError.notFound(target.kind === 'couple' ? 'Couple' : 'Client');
  if (state.archivedAt) {
    throw new DomainError(ErrorCode.SubjectArchived, `The ${target.kind} is archived; restore it before enrolling it.`);
  }
}

/** 409 ENROLLMENT_EXISTS: one open enrollment per subject and program; names the open one when known. */
export function enrollmentExists(kind: EnrollmentTarget['kind'], existingId?: string): DomainError {
  return new DomainError(ErrorCode.EnrollmentExists, `The ${kind} already has an active or paused enrollment in this program.`, {
    extensions: existingId ? { enrollmentId: existingId } : undefined,
  });
}

/** Only an active enrollment progresses: a paused or ended one is 409 ENROLLMENT_NOT_ACTIVE. */
export function requireActive(status: EnrollmentStatus): void {
  if (status !== 'active') {
    throw new DomainError(ErrorCode.EnrollmentNotActive, `The enrollment is ${status}; only an active enrollment can progress.`);
  }
}

export function allStepsCompleted(steps: readonly { status: StepStatus }[]): boolean {
  return steps.length > 0 && steps.every((step) => step.status === 'completed');
}

/** The program's step with this key; 404 when the program has none. */
export function stepDefinitionOf(steps: readonly StepDefinition[], stepKey: string): StepDefinition {
  const step = steps.find((definition) => definition.key === stepKey);
  if (!step) throw DomainError.notFound('Step');
  return step;
}

/** 404 when the step has no practice with this key. */
export function requirePractice(step: StepDefinition, practiceKey: string): void {
  if (!step.practices.some((practice) => practice.key === practiceKey)) throw DomainError.notFound('Practice');
}

/** What a step move puts on the timeline: from and to, and the reason and note when given. */
export function stepMoveData(from: StepStatus, to: StepTarget, reason?: string, note?: string): Record<string, unknown> {
  return { from, to, ...(reason !== undefined ? { reason } : {}), ...(note !== undefined ? { note } : {}) };
}

/**
 * Whose viewpoints a tick is for: those asked (deduplicated, lowercase), or by default every
 * viewpoint of the enrollment (both partners of its couple, or its client). Anyone else is 400.
 */
export function tickViewpoints(viewpoints: readonly string[], asked: readonly string[] | undefined, isCouple: boolean): string[] {
  const wanted = [...new Set((asked ?? viewpoints).map((partnerId) => partnerId.toLowerCase()))];
  if (wanted.some((partnerId) => !viewpoints.includes(partnerId))) {
    throw DomainError.validation([
      { field: 'partnerIds', message: isCouple ? 'must be partners of the enrolled couple' : 'must be the enrolled client' },
    ]);
  }
  return wanted;
}

export interface TickEvent {
  type: 'practice_ticked' | 'practice_unticked' | 'note_added';
  data: Record<string, unknown>;
}

/**
 * What a tick puts on the timeline: the viewpoints it changed (in the enrollment's order) and the
 * note; a note alone when nothing changed; nothing when neither.
 */
export function tickEventOf(done: boolean, viewpoints: readonly string[], changed: readonly string[], note?: string | null): TickEvent | null {
  const changedSet = new Set(changed);
  const partnerIds = viewpoints.filter((partnerId) => changedSet.has(partnerId));
  const noteData = note != null ? { note } : {};
  if (partnerIds.length === 0 && note == null) return null;
  if (partnerIds.length === 0) return { type: 'note_added', data: noteData };
  return { type: done ? 'practice_ticked' : 'practice_unticked', data: { partnerIds, ...noteData } };
}
