import { Transform } from 'class-transformer';
import { IsEmail, IsString, IsUUID, MaxLength, MinLength } from 'class-validator';
import { ApiProperty } from '@nestjs/swagger';
import { IsIanaTimeZone } from '../../common/time-zone';
import { API_TIME_ZONE, OrganizationDto, toOrganizationDto } from '../../organizations/dto/organization.dto';
import { Organization } from '../../organizations/organization.entity';
import { StaffUserDto, toStaffUserDto } from '../../staff/dto/staff.dto';
import { StaffUser } from '../../staff/staff-user.entity';
import { AuthSession } from '../entities/auth-session.entity';
import { PASSWORD_MIN_LENGTH } from '../passwords';
import { trim } from '../../http/transforms';
import { Optional } from '../../http/optional';

export class SignupDto {
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  organizationName!: string;

  @Transform(trim)
  @IsEmail()
  @MaxLength(254)
  email!: string;

  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  displayName!: string;

  /** At least 12 characters. */
  @IsString()
  @MinLength(PASSWORD_MIN_LENGTH)
  @MaxLength(256)
  password!: string;

  /** The organization's IANA time zone; `UTC` when left out. Owners and admins change it at `PATCH /v1/organization`. */
  @ApiProperty({ ...API_TIME_ZONE, required: false })
  @Optional()
  @IsIanaTimeZone()
  timeZone?: string;
}

export class LoginDto {
  @Transform(trim)
  @IsEmail()
  @MaxLength(254)
  email!: string;

  @IsString()
  @MinLength(1)
  @MaxLength(256)
  password!: string;

  /** Needed only when the email and password open several organizations: a 409 `ORGANIZATION_CHOICE_REQUIRED` lists them. */
  @Optional()
  @IsUUID()
  organizationId?: string;
}

export class RefreshDto {
  @IsString()
  @MinLength(1)
  @MaxLength(512)
  refreshToken!: string;
}

export class SessionTokensDto {
  /** Send as `Authorization: Bearer <accessToken>`. */
  accessToken!: string;
  tokenType!: 'Bearer';
  /** Seconds until the access token expires. */
  expiresIn!: number;
  /** Single use: exchange it at /v1/auth/refresh for a new pair. Using one twice ends the session. */
  refreshToken!: string;
  /** When the session ends regardless of activity. */
  sessionExpiresAt!: Date;
  user!: StaffUserDto;
  organization!: OrganizationDto;
}

export function toSessionTokensDto(issued: {
  accessToken: string;
  expiresIn: number;
  refreshToken: string;
  session: AuthSession;
  user: StaffUser;
  organization: Organization;
}): SessionTokensDto {
  return {
    accessToken: issued.accessToken,
    tokenType: 'Bearer',
    expiresIn: issued.expiresIn,
    refreshToken: issued.refreshToken,
    sessionExpiresAt: issued.session.expiresAt,
    user: toStaffUserDto(issued.user),
    organization: toOrganizationDto(issued.organization),
  };
}
