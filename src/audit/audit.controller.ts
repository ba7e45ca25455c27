import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor } from '../auth/actor';
import { Authorize } from '../auth/authorize.decorator';
import { CurrentActor } from '../auth/current-actor.decorator';
import { Permission } from '../auth/permissions';
import { ApiPageResponse, Page } from '../common/pagination';
import { AuditTrailService } from './audit-trail.service';
import { AuditEventDto, ListAuditEventsQueryDto } from './dto/audit-event.dto';

@ApiTags('Audit')
@Controller('audit-events')
export class AuditController {
  constructor(private readonly trail: AuditTrailService) {}

  @Get()
  @Authorize(Permission.AuditRead, { staffOnly: true })
  @ApiOperation({ summary: 'List the organization’s audit trail, newest first (owners and admins)' })
  @ApiPageResponse(AuditEventDto)
  listAuditEvents(@CurrentActor() actor: Actor, @Query() query: ListAuditEventsQueryDto): Promise<Page<AuditEventDto>> {
    return this.trail.list(actor, query);
  }
}
