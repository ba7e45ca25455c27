import { ApiProperty, OmitType, PartialType } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { CareTeamMemberDto } from '../../care-teams/dto/care-team.dto';
import { IsCalendarDate } from '../../common/calendar-date';
import { PageQueryDto } from '../../common/pagination';
import { Client } from '../../clients/client.entity';
import { CoupleSafety } from '../../screenings/couple-safety';
import { COUPLE_STATUSES, CoupleStatus } from '../couple.entity';
import type { CoupleRow } from '../couples.repository';
import { Optional } from '../../http/optional';
import { OptionalText } from '../../http/text-field';

export class CreateCoupleDto {
  /** The two partners: distinct clients of the organization that you may access (else 404, naming the `partnerId`). */
  @IsArray()
  @ArrayMinSize(2)
  @ArrayMaxSize(2)
  @IsUUID('all', { each: true })
  partnerIds!: string[];

  /** How the couple is referred to, e.g. "Rivera – Okafor". */
  @OptionalText(200, { nullable: true })
  label?: string | null;

  /** Defaults to `active`. */
  @Optional()
  @IsIn(COUPLE_STATUSES)
  status?: CoupleStatus;

  /** What brought the couple to therapy, in the practitioner's words. */
  @OptionalText(2000, { nullable: true })
  presentingConcern?: string | null;

  /** YYYY-MM-DD */
  @Optional({ nullable: true })
  @IsCalendarDate()
  startDate?: string | null;

  /** The clinic system's id for this couple; unique within the organization (a taken one: 409 naming its `coupleId`). */
  @OptionalText(200, { nullable: true })
  externalId?: string | null;
}

/** Only the fields sent change; `null` clears an optional field. The partners never change. */
export class UpdateCoupleDto extends PartialType(OmitType(CreateCoupleDto, ['partnerIds', 'status'] as const), { skipNullProperties: false }) {
  @Optional()
  @IsIn(COUPLE_STATUSES)
  status?: CoupleStatus;
}

export class ListCouplesQueryDto extends PageQueryDto {
  @IsOptional()
  @IsIn(COUPLE_STATUSES)
  status?: CoupleStatus;

  /** Couples that include this client. */
  @IsOptional()
  @IsUUID('all')
  clientId?: string;

  @IsOptional()
  @IsString()
  @MaxLength(200)
  externalId?: string;

  /** Couples on this staff member's care team: a user id, or `me`. */
  @IsOptional()
  @Matches(/^(me|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i, { message: 'careTeam must be a user id or "me"' })
  careTeam?: string;
}

export class PartnerDto {
  id!: string;
  firstName!: string;
  lastName!: string;
  preferredName!: string | null;
}

export class CoupleDto {
  id!: string;
  organizationId!: string;
  /** Both partners, in the order they were given. */
  partners!: PartnerDto[];
  label!: string | null;
  status!: CoupleStatus;
  presentingConcern!: string | null;
  @ApiProperty({ type: String, format: 'date' })
  startDate!: string | null;
  externalId!: string | null;
  /**
   * From both partners' latest safety screenings: `unsafe` if either is unsafe, `missing` if
   * either has none, `concern` if either has a concern, else `clear`. Joint sessions need
   * `clear` or `concern`.
   */
  safetyStatus!: CoupleSafety;
  careTeam!: CareTeamMemberDto[];
  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  archivedAt!: string | null;
  @ApiProperty({ type: String, format: 'date-time' })
  createdAt!: string;
  @ApiProperty({ type: String, format: 'date-time' })
  updatedAt!: string;
  version!: number;
}

export function toPartnerDto(client: Pick<Client, 'id' | 'firstName' | 'lastName' | 'preferredName'>): PartnerDto {
  return { id: client.id, firstName: client.firstName, lastName: client.lastName, preferredName: client.preferredName };
}

/** A couple with its partners' names (in the order given), its safety and its care team, loaded by the service. */
export function toCoupleDto(couple: CoupleRow, partners: [PartnerDto, PartnerDto], safetyStatus: CoupleSafety, careTeam: CareTeamMemberDto[]): CoupleDto {
  return {
    id: couple.id,
    organizationId: couple.organizationId,
    partners,
    label: couple.label,
    status: couple.status,
    presentingConcern: couple.presentingConcern,
    startDate: couple.startDate,
    externalId: couple.externalId,
    safetyStatus,
    careTeam,
    archivedAt: couple.archivedAt,
    createdAt: couple.createdAt,
    updatedAt: couple.updatedAt,
    version: couple.version,
  };
}
