import { Injectable } from '@nestjs/common';
import { RequestActor } from '../auth/actor';
import type { EnrollmentEventType } from '../enrollments/dto/enrollment-event.dto';
import { EnrollmentTimeline, timelineActorOf } from '../enrollments/enrollment-timeline';
import { Boundary } from './boundary.entity';

/**
 * Boundary events on the couple's open enrollments, inside the caller's transaction. Never the
 * text or a note: the timeline shows what happened, the record keeps the words.
 */
@Injectable()
export class BoundaryTimeline {
  constructor(private readonly timeline: EnrollmentTimeline) {}

  async record(actor: RequestActor, boundary: Pick<Boundary, 'organizationId' | 'id' | 'coupleId'>, type: EnrollmentEventType, data: Record<string, unknown>): Promise<void> {
    for (const enrollment of await this.timeline.activeEnrollmentsOf(boundary.organizationId, { coupleId: boundary.coupleId })) {
      await this.timeline.append({
        organizationId: boundary.organizationId,
        enrollmentId: enrollment.id,
        type,
        actor: timelineActorOf(actor),
        data,
        source: { type: 'boundary', id: boundary.id },
      });
    }
  }
}
