import type { FieldError } from '../errors/domain-error';
import type { CommitmentRecipient } from './commitment.entity';
import { allOccurrences, type Schedule } from './rules/schedule';

/** Whose commitment it is: a couple's, or a client's own in individual work. */
export type CommitmentSubject = { kind: 'couple'; id: string } | { kind: 'client'; id: string };

/** Whom a commitment may be made to, by subject. */
export function recipientsFor(subject: 'couple' | 'client'): readonly CommitmentRecipient[] {
  return subject === 'couple' ? ['partner', 'relationship'] : ['self'];
}

/** A practice key names a practice of a step: it needs the step key. */
export function keyErrors(stepKey: string | null | undefined, practiceKey: string | null | undefined): FieldError[] {
  return practiceKey != null && stepKey == null ? [{ field: 'practiceKey', message: 'needs stepKey: a practice belongs to a step' }] : [];
}

/** What the committer's report must come with: a reason with `excused`, the new terms with `renegotiated`, nothing else otherwise. */
export function reportErrors(report: { outcome: string; reason?: string; renegotiated?: unknown }): FieldError[] {
  const errors: FieldError[] = [];
  if (report.outcome === 'excused' && report.reason === undefined) errors.push({ field: 'reason', message: 'is required with excused' });
  if (report.outcome !== 'excused' && report.reason !== undefined) errors.push({ field: 'reason', message: 'is given only with excused' });
  if (report.outcome === 'renegotiated' && report.renegotiated === undefined) errors.push({ field: 'renegotiated', message: 'is required with renegotiated: the new terms' });
  if (report.outcome !== 'renegotiated' && report.renegotiated !== undefined) errors.push({ field: 'renegotiated', message: 'is given only with renegotiated' });
  return errors;
}

/** The new terms start after the renegotiated occurrence, so no date falls due twice. */
export function renegotiatedStartErrors(schedule: Schedule, date: string): FieldError[] {
  return allOccurrences(schedule)[0] <= date ? [{ field: 'renegotiated.schedule', message: `must first fall due after ${date}, the renegotiated occurrence` }] : [];
}

/**
 * The schedule of a renegotiated version: the same occurrences, up to and including the
 * renegotiated one. A recurring schedule ends on that date; a one-off schedule already does.
 */
export function scheduleEndingOn(schedule: Schedule, date: string): Schedule {
  if (schedule.kind === 'once') return schedule;
  return { ...schedule, endsOn: date, count: null };
}
