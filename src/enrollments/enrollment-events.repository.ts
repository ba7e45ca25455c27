import { Injectable } from '@nestjs/common';
import { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { Page, paginate, PageQueryDto } from '../common/pagination';
import { Transactions } from '../database/transactions';
import type { DateWindow } from '../common/calendar-date';
import { EnrollmentEvent } from './enrollment-event.entity';

export interface NewEnrollmentEvent {
  organizationId: string;
  enrollmentId: string;
  type: string;
  stepKey: string | null;
  practiceKey: string | null;
  actorType: EnrollmentEvent['actorType'];
  actorId: string | null;
  data: Record<string, unknown>;
  sourceType: string | null;
  sourceId: string | null;
  /** When it happened, if not when it is recorded. */
  occurredAt: Date | null;
}

/** The SQL of `enrollment_events`, the enrollments' append-only timeline. */
@Injectable()
export class EnrollmentEventsRepository {
  constructor(private readonly db: Transactions) {}

  async insert(event: NewEnrollmentEvent): Promise<EnrollmentEvent> {
    const manager = this.db.manager;
    const { occurredAt, ...columns } = event;
    // clock_timestamp(), not now(): events recorded in one transaction keep their order.
    const values: QueryDeepPartialEntity<EnrollmentEvent> = {
      ...columns,
      // The event's facts are stored as given, one jsonb value.
      data: columns.data as QueryDeepPartialEntity<EnrollmentEvent['data']>,
      createdAt: () => 'clock_timestamp()',
      occurredAt: occurredAt ?? (() => 'clock_timestamp()'),
    };
    const { identifiers } = await manager.insert(EnrollmentEvent, values);
    return manager.findOneByOrFail(EnrollmentEvent, { organizationId: event.organizationId, id: identifiers[0].id as string });
  }

  /** A page of one enrollment's timeline, optionally of one event type. */
  page(organizationId: string, enrollmentId: string, filter: { type?: string }, query: PageQueryDto): Promise<Page<EnrollmentEvent>> {
    const qb = this.db.manager
      .createQueryBuilder(EnrollmentEvent, 'event')
      .where('event.organizationId = :organizationId AND event.enrollmentId = :id', { organizationId, id: enrollmentId });
    if (filter.type) qb.andWhere('event.type = :type', { type: filter.type });
    return paginate(qb, query);
  }

  /**
   * The enrollment's events of these types (step moves, setbacks) that occurred within `window`
   * (calendar days in `timeZone`), oldest first, with a setback's reason.
   */
  async stepEventsBetween(
    organizationId: string,
    enrollmentId: string,
    types: readonly ('step_started' | 'step_completed' | 'setback')[],
    window: DateWindow,
    timeZone: string,
  ): Promise<{ type: string; stepKey: string; occurredAt: Date; reason: string | null }[]> {
    const rows: { type: string; step_key: string; occurred_at: Date; reason: string | null }[] = await this.db.manager.query(
      `SELECT type, step_key, occurred_at, data->>'reason' AS reason FROM enrollment_events
        WHERE organization_id = $1 AND enrollment_id = $2 AND type = ANY($6::text[])
          AND occurred_at >= ($3::date::timestamp AT TIME ZONE $5) AND occurred_at < (($4::date + 1)::timestamp AT TIME ZONE $5)
        ORDER BY occurred_at, id`,
      [organizationId, enrollmentId, window.from, window.to, timeZone, types],
    );
    return rows.map((r) => ({ type: r.type, stepKey: r.step_key, occurredAt: r.occurred_at, reason: r.reason }));
  }
}
