import { Transform } from 'class-transformer';
import { IsEmail, IsOptional, IsString, IsUUID, MaxLength, MinLength } from 'class-validator';
import { OrganizationDto } from '../../organizations/dto/organization.dto';
import { StaffUserDto } from '../../staff/dto/staff.dto';
import { PASSWORD_MIN_LENGTH } from '../passwords';
import { trim } from '../../http/transforms';


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

  /** Needed only when the same email belongs to staff of several organizations. */
  @IsOptional()
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
