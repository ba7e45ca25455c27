import { Injectable } from '@nestjs/common';
import { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { keysetPage, Page, PageQueryDto } from '../common/pagination';
import { isoTimestampSql } from '../database/exact-timestamp';
import { SqlParameters } from '../database/sql-parameters';
import { insertReturning } from '../database/returning';
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

/** A timeline event as reads hand it on: instants as ISO 8601 text. */
export interface EnrollmentEventRow {
  id: string;
  enrollmentId: string;
  type: string;
  occurredAt: string;
  createdAt: string;
  stepKey: string | null;
  practiceKey: string | null;
  actorType: EnrollmentEvent['actorType'];
  actorId: string | null;
  data: Record<string, unknown>;
  sourceType: string | null;
  sourceId: string | null;
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
    return insertReturning(manager, EnrollmentEvent, values);
  }

  /**
   * A page of one enrollment's timeline, optionally of one event type, in one statement; `reach`
   * (from the access rules, on the enrollment `e`, with `$3` for the user id) leaves out the events
   * of an enrollment out of the actor's reach, so a page with events proves access.
   */
  page(
    organizationId: string,
    enrollmentId: string,
    filter: { type?: string },
    query: PageQueryDto,
    reach?: { sql: string; userId: string },
  ): Promise<Page<EnrollmentEventRow>> {
    const p = new SqlParameters();
    const org = p.add(organizationId);
    const where = [`ev.organization_id = ${org}`, `ev.enrollment_id = ${p.add(enrollmentId)}`];
    if (reach) {
      p.add(reach.userId);
      where.push(`EXISTS (SELECT 1 FROM enrollments e WHERE e.organization_id = ev.organization_id AND e.id = ev.enrollment_id AND ${reach.sql})`);
    }
    if (filter.type) where.push(`ev.type = ${p.add(filter.type)}`);
    return keysetPage<EnrollmentEventRow>(
      {
        columns: `ev.id, ev.enrollment_id AS "enrollmentId", ev.type, ${isoTimestampSql('ev.occurred_at')} AS "occurredAt",
                  ${isoTimestampSql('ev.created_at')} AS "createdAt", ev.step_key AS "stepKey", ev.practice_key AS "practiceKey",
                  ev.actor_type AS "actorType", ev.actor_id AS "actorId", ev.data, ev.source_type AS "sourceType", ev.source_id AS "sourceId"`,
        from: 'enrollment_events ev',
        where,
        parameters: p,
        created: 'ev.created_at',
        id: 'ev.id',
      },
      query,
      (sql, parameters) => this.db.manager.query(sql, parameters),
    );
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
