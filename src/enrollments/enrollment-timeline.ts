import { Injectable } from '@nestjs/common';
import { Transactions } from '../database/transactions';

import { Actor } from '../auth/actor';
import { EnrollmentEvent } from './enrollment-event.entity';
import { EnrollmentStatus } from './enrollment.entity';

/**
 * The kinds of event this module records. Other modules add their own (`session_completed`,
 * `assignment_completed`, `measurement_recorded`...): `type` is open, lowercase snake_case.
 */
export const ENROLLMENT_EVENT_TYPES = [
  'enrollment_created',
  'status_changed',
  'step_started',
  'step_completed',
  'setback',
  'practice_ticked',
  'practice_unticked',
  'note_added',
] as const;

const EVENT_TYPE = /^[a-z][a-z0-9]*(_[a-z0-9]+)*$/;

/** Who did it: a staff user, an API key, or the system itself (a scheduled job, say). */
export interface TimelineActor {
  type: 'user' | 'apiKey' | 'system';
  id: string | null;
}

export function timelineActorOf(actor: Actor): TimelineActor {
  return { type: actor.kind, id: actor.id };
}

export interface TimelineEntry {
  organizationId: string;
  enrollmentId: string;
  /** Lowercase snake_case, e.g. `session_completed`. */
  type: string;
  actor: TimelineActor;
  stepKey?: string | null;
  practiceKey?: string | null;
  /** Small, JSON-safe facts about the event (reason, note, partnerIds, from/to...). */
  data?: Record<string, unknown>;
  /** The record of the calling module this event is about: `{ type: 'session', id }`. */
  source?: { type: string; id: string };
  /** When it happened, if not now (a session documented afterwards). */
  occurredAt?: Date;
}

/** An enrollment that is still open (active or paused), as other modules need it. */
export interface OpenEnrollment {
  id: string;
  programId: string;
  programKey: string;
  programVersion: number;
  status: Extract<EnrollmentStatus, 'active' | 'paused'>;
  coupleId: string | null;
  clientId: string | null;
}

export type EnrollmentSubject = { coupleId: string } | { clientId: string };

/**
 * The enrollment timeline, for this module and for the modules that add to it. Both methods work
 * inside the caller's transaction (pass its manager), so the event commits or rolls back with the
 * change it records:
 *
 * ```ts
 * await this.dataSource.transaction(async (manager) => {
 *   // ... complete the session ...
 *   for (const e of await this.timeline.activeEnrollmentsOf(manager, orgId, { coupleId })) {
 *     await this.timeline.append(manager, { organizationId: orgId, enrollmentId: e.id, type: 'session_completed',
 *       actor: timelineActorOf(actor), source: { type: 'session', id: session.id } });
 *   }
 * });
 * ```
 *
 * `append` neither locks nor changes the enrollment; the caller has already checked that the actor
 * may reach it (the subject's care team). Never put client-identifying text in `data` beyond what
 * the timeline is meant to show (a note, a reason).
 */
@Injectable()
export class EnrollmentTimeline {
  constructor(private readonly db: Transactions) {}

  async append(entry: TimelineEntry): Promise<EnrollmentEvent> {
    const manager = this.db.manager;
    if (!EVENT_TYPE.test(entry.type)) throw new Error(`Timeline event type must be snake_case: ${entry.type}`);
    // clock_timestamp(), not now(): events recorded in one transaction keep their order.
    const [row]: { id: string }[] = await manager.query(
      `INSERT INTO enrollment_events
         (organization_id, enrollment_id, created_at, occurred_at, type, step_key, practice_key, actor_type, actor_id, data, source_type, source_id)
       VALUES ($1, $2, clock_timestamp(), COALESCE($3::timestamptz, clock_timestamp()), $4, $5, $6, $7, $8, $9::jsonb, $10, $11)
       RETURNING id`,
      [
        entry.organizationId,
        entry.enrollmentId,
        entry.occurredAt ?? null,
        entry.type,
        entry.stepKey ?? null,
        entry.practiceKey ?? null,
        entry.actor.type,
        entry.actor.id,
        JSON.stringify(entry.data ?? {}),
        entry.source?.type ?? null,
        entry.source?.id ?? null,
      ],
    );
    return manager.findOneByOrFail(EnrollmentEvent, { organizationId: entry.organizationId, id: row.id });
  }

  /**
   * The open (active or paused) enrollments of exactly this couple or this client, oldest first.
   * A client's own enrollments only: a couple's enrollments are found by `{ coupleId }`.
   */
  async activeEnrollmentsOf(organizationId: string, subject: EnrollmentSubject): Promise<OpenEnrollment[]> {
    const manager = this.db.manager;
    const [column, id] = 'coupleId' in subject ? ['couple_id', subject.coupleId] : ['client_id', subject.clientId];
    const rows: {
      id: string;
      program_id: string;
      program_key: string;
      program_version: number;
      status: OpenEnrollment['status'];
      couple_id: string | null;
      client_id: string | null;
    }[] = await manager.query(
      `SELECT id, program_id, program_key, program_version, status, couple_id, client_id FROM enrollments
        WHERE organization_id = $1 AND ${column} = $2 AND status IN ('active', 'paused')
        ORDER BY created_at, id`,
      [organizationId, id],
    );
    return rows.map((r) => ({
      id: r.id,
      programId: r.program_id,
      programKey: r.program_key,
      programVersion: r.program_version,
      status: r.status,
      coupleId: r.couple_id,
      clientId: r.client_id,
    }));
  }
}
