import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Actor } from '../auth/actor';
import { Page, paginate } from '../common/pagination';
import { AuditEvent } from './audit-event.entity';
import { AuditEventDto, ListAuditEventsQueryDto, toAuditEventDto } from './dto/audit-event.dto';

/** Reads the organization's audit trail (writing is the AuditWriter's). */
@Injectable()
export class AuditTrailService {
  constructor(private readonly dataSource: DataSource) {}

  async list(actor: Actor, query: ListAuditEventsQueryDto): Promise<Page<AuditEventDto>> {
    const qb = this.dataSource
      .getRepository(AuditEvent)
      .createQueryBuilder('event')
      .where('event.organizationId = :organizationId', { organizationId: actor.organizationId });
    if (query.actorId) qb.andWhere('event.actorId = :actorId', { actorId: query.actorId });
    if (query.actorType) qb.andWhere('event.actorType = :actorType', { actorType: query.actorType });
    if (query.resourceType) qb.andWhere('event.resourceType = :resourceType', { resourceType: query.resourceType });
    if (query.resourceId) qb.andWhere('event.resourceId = :resourceId', { resourceId: query.resourceId });
    if (query.action) qb.andWhere('event.action = :action', { action: query.action });
    if (query.from) qb.andWhere('event.occurredAt >= CAST(:from AS timestamptz)', { from: query.from });
    if (query.to) qb.andWhere('event.occurredAt < CAST(:to AS timestamptz)', { to: query.to });
    const page = await paginate(qb, query, { created: 'occurredAt' });
    return { data: page.data.map(toAuditEventDto), nextCursor: page.nextCursor };
  }
}
