import { ApiProperty } from '@nestjs/swagger';
import { IsDefined, IsIn, IsUUID } from 'class-validator';
import { IsTimestamp, PageQueryDto } from '../../common/pagination';
import { OptionalText } from '../../http/text-field';
import { ApiUnionProperty, UnionProperty } from '../../http/unions';
import { BREACH_SEVERITIES, BreachSeverity, type BoundaryBreach } from '../boundary-breach.entity';
import { BY_WHOM, ByWhomDto, RecordedByDto, toByWhomDto } from './boundary.dto';

export class CreateBreachDto {
  /** The partner who breached the boundary: one of the couple's two partners (else 404 `NOT_A_PARTNER`). */
  @IsUUID('all')
  breachedBy!: string;

  /** Who reported it: a partner, or the practitioner. */
  @IsDefined()
  @UnionProperty(BY_WHOM)
  reportedBy!: ByWhomDto;

  /** When it happened: not in the future. */
  @ApiProperty({ format: 'date-time', example: '2030-05-01T20:00:00Z' })
  @IsTimestamp()
  occurredAt!: string;

  @ApiProperty({ enum: BREACH_SEVERITIES })
  @IsIn(BREACH_SEVERITIES)
  severity!: BreachSeverity;

  /** What happened, in the reporter's words. Client data: never logged, audited or on the timeline. */
  @OptionalText(2000)
  note?: string;
}

export class ListBreachesQueryDto extends PageQueryDto {}

/** The other partner's acknowledgement of the breach. */
export class BreachAcknowledgementDto {
  /** The partner who acknowledged it. */
  @ApiProperty({ format: 'uuid' })
  partnerId!: string;
  acknowledgedAt!: Date;
  recordedBy!: RecordedByDto;
}

export class BreachDto {
  id!: string;
  organizationId!: string;
  boundaryId!: string;
  /** The boundary's version in force when the breach was recorded. */
  @ApiProperty({ type: 'integer', minimum: 1 })
  boundaryVersion!: number;
  /** The partner who breached it. */
  @ApiProperty({ format: 'uuid' })
  breachedBy!: string;
  @ApiUnionProperty(BY_WHOM)
  reportedBy!: ByWhomDto;
  recordedBy!: RecordedByDto;
  occurredAt!: Date;
  @ApiProperty({ enum: BREACH_SEVERITIES })
  severity!: BreachSeverity;
  note!: string | null;
  /** Null until acknowledged. */
  acknowledgement!: BreachAcknowledgementDto | null;
  createdAt!: Date;
  updatedAt!: Date;
  version!: number;
}

export function toBreachDto(b: BoundaryBreach): BreachDto {
  return {
    id: b.id,
    organizationId: b.organizationId,
    boundaryId: b.boundaryId,
    boundaryVersion: b.boundaryVersion,
    breachedBy: b.breachedByPartnerId,
    reportedBy: toByWhomDto(b.reportedByType, b.reportedByPartnerId),
    recordedBy: { type: b.recordedByType, id: b.recordedById },
    occurredAt: b.occurredAt,
    severity: b.severity,
    note: b.note,
    acknowledgement:
      b.acknowledgedAt && b.acknowledgedByPartnerId
        ? {
            partnerId: b.acknowledgedByPartnerId,
            acknowledgedAt: b.acknowledgedAt,
            recordedBy: { type: b.acknowledgedRecordedByType!, id: b.acknowledgedRecordedById! },
          }
        : null,
    createdAt: b.createdAt,
    updatedAt: b.updatedAt,
    version: b.version,
  };
}
