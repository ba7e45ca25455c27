import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { PageQueryDto } from '../../common/pagination';
import { AuditEvent } from '../audit-event.entity';
import { IsTimestamp } from '../../common/pagination';

export class ListAuditEventsQueryDto extends PageQueryDto {
  /** Events of this staff user, API key or client (in the portal). */
  @IsOptional()
  @IsUUID('all')
  actorId?: string;

  @IsOptional()
  @IsIn(['user', 'apiKey', 'client', 'anonymous'])
  actorType?: 'user' | 'apiKey' | 'client' | 'anonymous';

  /** e.g. `clients`, `couples`, `auth`, `staff`. */
  @IsOptional()
  @IsString()
  @MaxLength(50)
  resourceType?: string;

  @IsOptional()
  @IsString()
  @MaxLength(200)
  resourceId?: string;

  /** The operation, e.g. `getClient`, `login`. */
  @IsOptional()
  @IsString()
  @MaxLength(100)
  action?: string;

  /** Events at or after this instant (ISO 8601). */
  @ApiPropertyOptional({ format: 'date-time' })
  @IsOptional()
  @IsTimestamp()
  from?: string;

  /** Events before this instant (ISO 8601). */
  @ApiPropertyOptional({ format: 'date-time' })
  @IsOptional()
  @IsTimestamp()
  to?: string;
}

export class AuditEventDto {
  id!: string;
  organizationId!: string | null;
  occurredAt!: Date;
  actorType!: 'user' | 'apiKey' | 'client' | 'anonymous';
  actorId!: string | null;
  action!: string;
  resourceType!: string | null;
  resourceId!: string | null;
  /** Other path parameters and the list filters used; free-text filter values are redacted. */
  detail!: Record<string, unknown> | null;
  requestId!: string | null;
  ip!: string | null;
  userAgent!: string | null;
  /** The HTTP status the request ended with. */
  status!: number;
  /** Audit events never change: `createdAt` and `updatedAt` are `occurredAt`, `version` is 1. */
  createdAt!: Date;
  updatedAt!: Date;
  version!: number;
}

export function toAuditEventDto(event: AuditEvent): AuditEventDto {
  return {
    id: event.id,
    organizationId: event.organizationId,
    occurredAt: event.occurredAt,
    actorType: event.actorType,
    actorId: event.actorId,
    action: event.action,
    resourceType: event.resourceType,
    resourceId: event.resourceId,
    detail: event.detail,
    requestId: event.requestId,
    ip: event.ip,
    userAgent: event.userAgent,
    status: event.status,
    createdAt: event.occurredAt,
    updatedAt: event.occurredAt,
    version: 1,
  };
}
