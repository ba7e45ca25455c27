import type { Subject } from '../common/subject';
import { Injectable } from '@nestjs/common';
import { RequestActor } from '../auth/actor';
import type { EnrollmentEventType } from './dto/enrollment-event.dto';
import { EnrollmentEvent } from './enrollment-event.entity';
import { EnrollmentEventsRepository } from './enrollment-events.repository';
import { EnrollmentsRepository } from './enrollments.repository';
import { EnrollmentStatus } from './enrollment.entity';

/** Who did it: a staff user, an API key, a client in the portal, or the system itself (a scheduled job, say). */
export interface TimelineActor {
  type: 'user' | 'apiKey' | 'client' | 'system';
  id: string | null;
}

export function timelineActorOf(actor: RequestActor): TimelineActor {
  return { type: actor.kind, id: actor.id };
}

export interface TimelineEntry {
  organizationId: string;
  enrollmentId: string;
  /** A documented type (`EnrollmentEventDto`): a new type is documented, with its data, before it is written. */
  type: EnrollmentEventType;
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

export type EnrollmentSubject = Subject;

/**
 * The enrollment timeline, for this module and for the modules that add to it. Both methods work
 * inside the caller's transaction (`Transactions.run`), so the event commits or rolls back with
 * the change it records:
 *
 * ```ts
 * await this.db.run(async () => {
 *   // ... complete the session ...
 *   for (const e of await this.timeline.activeEnrollmentsOf(orgId, { coupleId })) {
 *     await this.timeline.append({ organizationId: orgId, enrollmentId: e.id, type: 'session_completed',
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
  constructor(
    private readonly events: EnrollmentEventsRepository,
    private readonly enrollments: EnrollmentsRepository,
  ) {}

  async append(entry: TimelineEntry): Promise<EnrollmentEvent> {
    return this.events.insert({
      organizationId: entry.organizationId,
      enrollmentId: entry.enrollmentId,
      type: entry.type,
      stepKey: entry.stepKey ?? null,
      practiceKey: entry.practiceKey ?? null,
      actorType: entry.actor.type,
      actorId: entry.actor.id,
      data: entry.data ?? {},
      sourceType: entry.source?.type ?? null,
      sourceId: entry.source?.id ?? null,
      occurredAt: entry.occurredAt ?? null,
    });
  }

  /**
   * The open (active or paused) enrollments of exactly this couple or this client, oldest first.
   * A client's own enrollments only: a couple's enrollments are found by `{ coupleId }`.
   */
  async activeEnrollmentsOf(organizationId: string, subject: EnrollmentSubject): Promise<OpenEnrollment[]> {
    const open = await this.enrollments.findOpen(organizationId, subject);
    return open.map((e) => ({
      id: e.id,
      programId: e.programId,
      programKey: e.programKey,
      programVersion: e.programVersion,
      status: e.status as OpenEnrollment['status'],
      coupleId: e.coupleId,
      clientId: e.clientId,
    }));
  }
}
