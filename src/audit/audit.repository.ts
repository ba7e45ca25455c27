import { Injectable } from '@nestjs/common';
import { Page, PageQueryDto, paginate } from '../common/pagination';
import { Transactions } from '../database/transactions';
import { AuditEvent } from './audit-event.entity';

/** One row to append, its id and time given when it was recorded, so that storing it again changes nothing. */
export type NewAuditEvent = AuditEvent;

export interface AuditFilter {
  actorId?: string;
  actorType?: AuditEvent['actorType'];
  resourceType?: string;
  resourceId?: string;
  action?: string;
  /** ISO 8601 instants: at or after `from`, before `to`. */
  from?: string;
  to?: string;
}

/** The `audit_events` table's SQL: appended in batches, read a page at a time. */
@Injectable()
export class AuditRepository {
  constructor(private readonly db: Transactions) {}

  /**
   * Appends many events in one statement. An event already stored (a retry after a lost reply) is
   * skipped: each is stored exactly once.
   */
  async insertMany(events: NewAuditEvent[]): Promise<void> {
    const column = <T>(pick: (e: NewAuditEvent) => T) => events.map(pick);
    await this.db.manager.query(
      `INSERT INTO audit_events
         (organization_id, actor_type, actor_id, action, resource_type, resource_id, detail, request_id, ip, user_agent, status, id, occurred_at)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::uuid[], $4::text[], $5::text[], $6::text[], $7::jsonb[],
                            $8::text[], $9::text[], $10::text[], $11::smallint[], $12::uuid[], $13::timestamptz[])
       ON CONFLICT (id) DO NOTHING`,
      [
        column((e) => e.organizationId),
        column((e) => e.actorType),
        column((e) => e.actorId),
        column((e) => e.action),
        column((e) => e.resourceType),
        column((e) => e.resourceId),
        column((e) => (e.detail ? JSON.stringify(e.detail) : null)),
        column((e) => e.requestId),
        column((e) => e.ip),
        column((e) => e.userAgent),
        column((e) => e.status),
        column((e) => e.id),
        column((e) => e.occurredAt),
      ],
    );
  }

  list(organizationId: string, filter: AuditFilter, page: PageQueryDto): Promise<Page<AuditEvent>> {
    const qb = this.db.manager.createQueryBuilder(AuditEvent, 'event').where('event.organizationId = :organizationId', { organizationId });
    if (filter.actorId) qb.andWhere('event.actorId = :actorId', { actorId: filter.actorId });
    if (filter.actorType) qb.andWhere('event.actorType = :actorType', { actorType: filter.actorType });
    if (filter.resourceType) qb.andWhere('event.resourceType = :resourceType', { resourceType: filter.resourceType });
    if (filter.resourceId) qb.andWhere('event.resourceId = :resourceId', { resourceId: filter.resourceId });
    if (filter.action) qb.andWhere('event.action = :action', { action: filter.action });
    if (filter.from) qb.andWhere('event.occurredAt >= CAST(:from AS timestamptz)', { from: filter.from });
    if (filter.to) qb.andWhere('event.occurredAt < CAST(:to AS timestamptz)', { to: filter.to });
    return paginate(qb, page, { created: 'occurredAt' });
  }
}
