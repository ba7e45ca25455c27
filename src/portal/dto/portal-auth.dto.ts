import { Transform } from 'class-transformer';
import { IsEmail, IsString, IsUUID, MaxLength, MinLength } from 'class-validator';
import { PASSWORD_MIN_LENGTH } from '../../auth/passwords';
import { Optional } from '../../http/optional';
import { trim } from '../../http/transforms';

export class AcceptInvitationDto {
  /** The invitation's token, as the invitation link carries it. */
  @IsString()
  @MinLength(1)
  @MaxLength(512)
  token!: string;

  /** The passphrase the client chooses: at least 12 characters. */
  @IsString()
  @MinLength(PASSWORD_MIN_LENGTH)
  @MaxLength(256)
  passphrase!: string;
}

export class PortalLoginDto {
  @Transform(trim)
  @IsEmail()
  @MaxLength(254)
  email!: string;

  @IsString()
  @MinLength(1)
  @MaxLength(256)
  passphrase!: string;

  /** Needed only when the address and passphrase open the portal of several organizations: a 409 `ORGANIZATION_CHOICE_REQUIRED` lists them. */
  @Optional()
  @IsUUID()
  organizationId?: string;
}

export class PortalRefreshDto {
  @IsString()
  @MinLength(1)
  @MaxLength(512)
  refreshToken!: string;
}

export class PortalPracticeDto {
  id!: string;
  /** The practice's name, as the organization calls itself. */
  name!: string;
}

export class PortalClientRefDto {
  id!: string;
  /** The name the client goes by. */
  displayName!: string;
}

/** A portal session's token pair. */
export class PortalSessionDto {
  /** Send as `Authorization: Bearer <accessToken>` to the portal's routes (and only those). */
  accessToken!: string;
  tokenType!: 'Bearer';
  /** Seconds until the access token expires. */
  expiresIn!: number;
  /** Single use: exchange it at /v1/portal/auth/refresh for a new pair. Using one twice ends the session. */
  refreshToken!: string;
  /** When the session ends regardless of activity. */
  sessionExpiresAt!: Date;
  client!: PortalClientRefDto;
  practice!: PortalPracticeDto;
}
