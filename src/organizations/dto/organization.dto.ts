import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsString, MaxLength, MinLength } from 'class-validator';
import { IsIanaTimeZone } from '../../common/time-zone';
import { Optional } from '../../http/optional';
import { trim } from '../../http/transforms';
import type { OrganizationRow } from '../organizations.repository';

/** Documents an IANA time zone name. */
export const API_TIME_ZONE = { type: String, example: 'America/New_York', maxLength: 64, description: 'An IANA time zone name.' };

export class OrganizationDto {
  id!: string;
  name!: string;
  /** The IANA time zone its calendar days are counted in; new commitments copy it. */
  @ApiProperty(API_TIME_ZONE)
  timeZone!: string;
  createdAt!: Date;
  updatedAt!: Date;
  version!: number;
}

/** Changes the organization's name and/or time zone; other fields are refused. */
export class UpdateOrganizationDto {
  @Optional()
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name?: string;

  /** An IANA time zone name; commitments made before the change keep the zone they were made in. */
  @ApiProperty({ ...API_TIME_ZONE, required: false })
  @Optional()
  @IsIanaTimeZone()
  timeZone?: string;
}

export function toOrganizationDto(organization: OrganizationRow): OrganizationDto {
  return {
    id: organization.id,
    name: organization.name,
    timeZone: organization.timeZone,
    createdAt: organization.createdAt,
    updatedAt: organization.updatedAt,
    version: organization.version,
  };
}
