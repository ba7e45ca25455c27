import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsDefined, IsIn, IsOptional, IsString, IsUUID, MaxLength, MinLength } from 'class-validator';
import { PageQueryDto } from '../../common/pagination';
import { Optional } from '../../http/optional';
import { trim } from '../../http/transforms';
import { ApiUnionProperty, Union, UnionProperty } from '../../http/unions';
import { BOUNDARY_STATUSES, BoundaryStatus } from '../rules/boundary-state';
import type { BoundaryAgreementRecord } from '../boundary-agreement.entity';
import type { BoundaryVersion } from '../boundary-version.entity';
import type { Boundary, ProposerType, RecorderType } from '../boundary.entity';

export const BOUNDARY_TEXT_MAX = 2000;

/** A partner of the couple did it (proposed the text, reported the breach). */
export class ByPartnerDto {
  @ApiProperty({ enum: ['partner'] })
  @IsIn(['partner'])
  type!: 'partner';

  /** The partner's client id: one of the couple's two partners (else 404 `NOT_A_PARTNER`). */
  @IsUUID('all')
  id!: string;
}

/** The practitioner did it, on their own account rather than for a partner. */
export class ByPractitionerDto {
  @ApiProperty({ enum: ['practitioner'] })
  @IsIn(['practitioner'])
  type!: 'practitioner';
}

export type ByWhomDto = ByPartnerDto | ByPractitionerDto;
export const BY_WHOM = Union.byProperty('type', { partner: ByPartnerDto, practitioner: ByPractitionerDto });

/** Who wrote it: a staff user, an API key, or the client themselves in the portal (`client`, with the client's id). */
export class RecordedByDto {
  @ApiProperty({ enum: ['user', 'apiKey', 'client'] })
  type!: RecorderType;
  id!: string;
}

/** A boundary's text: trimmed, 1–2000 characters. Client data: never logged or audited. */
function BoundaryText(required: boolean): PropertyDecorator {
  return (target, key) => {
    Transform(trim)(target, key);
    IsString()(target, key);
    MinLength(1)(target, key);
    MaxLength(BOUNDARY_TEXT_MAX)(target, key);
    ApiProperty({ type: String, minLength: 1, maxLength: BOUNDARY_TEXT_MAX, required })(target, key);
  };
}

export class CreateBoundaryDto {
  /** The couple the boundary is for (404 when out of reach). */
  @IsUUID('all')
  coupleId!: string;

  /** The boundary in the couple's words, e.g. "We don't check each other's phones." */
  @BoundaryText(true)
  text!: string;

  /** Who proposed it: a partner (agreeing is separate, even for the proposer) or the practitioner. */
  @IsDefined()
  @UnionProperty(BY_WHOM)
  proposedBy!: ByWhomDto;
}

/**
 * One change at a time. `text` revises the boundary: a new version that both partners must agree
 * to again (the old versions stay readable); `proposedBy` says who proposed the new text (the
 * practitioner when left out) and is only taken with `text`. `status: "retired"` retires it for
 * good (409 `BOUNDARY_ALREADY_RETIRED` the second time). The same text again changes nothing.
 */
export class UpdateBoundaryDto {
  @Optional()
  @BoundaryText(false)
  text?: string;

  @Optional()
  @UnionProperty(BY_WHOM)
  proposedBy?: ByWhomDto;

  /** Only `retired`: `proposed` and `agreed` follow from the agreements. */
  @ApiProperty({ enum: ['retired'], required: false })
  @Optional()
  @IsIn(['retired'])
  status?: 'retired';
}

export class ListBoundariesQueryDto extends PageQueryDto {
  @IsOptional()
  @IsUUID('all')
  coupleId?: string;

  @IsOptional()
  @IsIn(BOUNDARY_STATUSES)
  status?: BoundaryStatus;
}

/** One version of the text, as proposed. */
export class BoundaryVersionDto {
  /** 1 for the first text; each revision adds one. */
  @ApiProperty({ type: 'integer', minimum: 1 })
  number!: number;
  text!: string;
  @ApiUnionProperty(BY_WHOM)
  proposedBy!: ByWhomDto;
  recordedBy!: RecordedByDto;
  createdAt!: Date;
}

/** A partner's standing agreement to the current version. */
export class BoundaryAgreementDto {
  @ApiProperty({ format: 'uuid' })
  partnerId!: string;
  agreedAt!: Date;
  recordedBy!: RecordedByDto;
}

/**
 * Breaches by one partner in the last 30 and 90 days, by the day they occurred in the
 * organization's time zone: today and the 29 (or 89) days before it.
 */
export class PartnerBreachCountDto {
  @ApiProperty({ format: 'uuid' })
  partnerId!: string;
  @ApiProperty({ type: 'integer', minimum: 0 })
  last30Days!: number;
  @ApiProperty({ type: 'integer', minimum: 0 })
  last90Days!: number;
}

/** Breaches of this boundary in the last 30 and 90 days (today and the 29 or 89 days before, in the organization's time zone). */
export class BreachCountsDto {
  @ApiProperty({ type: 'integer', minimum: 0 })
  last30Days!: number;
  @ApiProperty({ type: 'integer', minimum: 0 })
  last90Days!: number;
  /** Both partners, in the couple's order, zeros included. */
  byPartner!: PartnerBreachCountDto[];
}

export class BoundaryDto {
  id!: string;
  organizationId!: string;
  coupleId!: string;
  /** The couple's two partners, who must both agree. */
  @ApiProperty({ type: [String], format: 'uuid', minItems: 2, maxItems: 2 })
  partnerIds!: string[];
  /** The current version's text. */
  text!: string;
  /** `agreed` when both partners agree to the current version; `retired` is final. */
  @ApiProperty({ enum: BOUNDARY_STATUSES })
  status!: BoundaryStatus;
  /** The number of the current version. */
  @ApiProperty({ type: 'integer', minimum: 1 })
  currentVersion!: number;
  /** Who proposed the current version. */
  @ApiUnionProperty(BY_WHOM)
  proposedBy!: ByWhomDto;
  /** Who recorded the boundary. */
  recordedBy!: RecordedByDto;
  /** The standing agreements to the current version, in the couple's order of partners. */
  agreements!: BoundaryAgreementDto[];
  /** Every version, oldest first; the last is the current one. */
  versions!: BoundaryVersionDto[];
  breachCounts!: BreachCountsDto;
  retiredAt!: Date | null;
  archivedAt!: Date | null;
  createdAt!: Date;
  updatedAt!: Date;
  version!: number;
}

export function toByWhomDto(type: ProposerType, partnerId: string | null): ByWhomDto {
  return type === 'partner' ? { type, id: partnerId! } : { type };
}

export function toBoundaryVersionDto(v: BoundaryVersion): BoundaryVersionDto {
  return {
    number: v.number,
    text: v.text,
    proposedBy: toByWhomDto(v.proposedByType, v.proposedByPartnerId),
    recordedBy: { type: v.recordedByType, id: v.recordedById },
    createdAt: v.createdAt,
  };
}

/** A boundary with its versions, its standing agreements (any version) and its breach counts, loaded by the service. */
export function toBoundaryDto(
  b: Boundary,
  versions: BoundaryVersion[],
  agreements: BoundaryAgreementRecord[],
  breachCounts: BreachCountsDto,
): BoundaryDto {
  const partnerIds = [b.partnerAId, b.partnerBId];
  const current = agreements.filter((a) => a.boundaryVersion === b.currentVersion && a.withdrawnAt === null);
  return {
    id: b.id,
    organizationId: b.organizationId,
    coupleId: b.coupleId,
    partnerIds,
    text: b.text,
    status: b.status,
    currentVersion: b.currentVersion,
    proposedBy: toByWhomDto(b.proposedByType, b.proposedByPartnerId),
    recordedBy: { type: b.recordedByType, id: b.recordedById },
    agreements: partnerIds.flatMap((partnerId) =>
      current
        .filter((a) => a.partnerId === partnerId)
        .slice(0, 1)
        .map((a) => ({ partnerId, agreedAt: a.agreedAt, recordedBy: { type: a.recordedByType, id: a.recordedById } })),
    ),
    versions: [...versions].sort((x, y) => x.number - y.number).map(toBoundaryVersionDto),
    breachCounts,
    retiredAt: b.retiredAt,
    archivedAt: b.archivedAt,
    createdAt: b.createdAt,
    updatedAt: b.updatedAt,
    version: b.version,
  };
}
