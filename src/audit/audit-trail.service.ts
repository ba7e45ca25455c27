import { Injectable } from '@nestjs/common';
import { Actor } from '../auth/actor';
import { Page } from '../common/pagination';
import { AuditRepository } from './audit.repository';
import { AuditEventDto, ListAuditEventsQueryDto, toAuditEventDto } from './dto/audit-event.dto';

/** Reads the organization's audit trail (writing is the AuditWriter's). */
@Injectable()
export class AuditTrailService {
  constructor(private readonly events: AuditRepository) {}

  async list(actor: Actor, query: ListAuditEventsQueryDto): Promise<Page<AuditEventDto>> {
    const page = await this.events.list(actor.organizationId, query, query);
    return { data: page.data.map(toAuditEventDto), nextCursor: page.nextCursor };
  }
}
