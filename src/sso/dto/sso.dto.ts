import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsIn, IsString, IsUrl, IsUUID, Matches, MaxLength, MinLength } from 'class-validator';
import { Transform } from 'class-transformer';
import { ApiKebabKey } from '../../http/key-param';
import { Optional } from '../../http/optional';
import { trim, trimEach } from '../../http/transforms';
import { KEY_MAX_LENGTH, KEY_PATTERN } from '../../programs/program-rules';
import { SsoConnection } from '../sso-connection.entity';

export const UNKNOWN_EMAILS = ['refuse', 'create'] as const;
export const NEW_STAFF_ROLES = ['admin', 'practitioner', 'facilitator'] as const;
const DOMAIN = /^(?=.{1,253}$)([A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$/;
const URL_OPTIONS = { protocols: ['http', 'https'], require_protocol: true, require_tld: false, require_valid_protocol: true };

/** An organization's identity provider, as its owner configures it. */
export class UpdateSsoConnectionDto {
  /** The organization's name in sign-in URLs (`/v1/auth/sso/{slug}/start`): lower-case letters, digits and hyphens. */
  @ApiKebabKey()
  @Matches(KEY_PATTERN, { message: 'must be a kebab-case name: lower-case letters and digits, single hyphens between' })
  @MaxLength(KEY_MAX_LENGTH)
  slug!: string;

  /** The provider's issuer URL, e.g. `https://login.microsoftonline.com/<tenant id>/v2.0` or `https://accounts.google.com`. */
  @Transform(trim)
  @IsUrl(URL_OPTIONS)
  @MaxLength(500)
  issuer!: string;

  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(500)
  clientId!: string;

  /** Stored encrypted; never returned. */
  @IsString()
  @MinLength(1)
  @MaxLength(1000)
  clientSecret!: string;

  /** E-mail domains whose verified addresses may sign in, e.g. `northside-clinic.org`. */
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @Transform(trimEach)
  @Matches(DOMAIN, { each: true, message: 'each must be a domain name such as example.org' })
  allowedDomains!: string[];

  /** The frontend pages a sign-in may return to with its one-time code, exactly as they will be asked for. */
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @IsUrl(URL_OPTIONS, { each: true })
  @MaxLength(500, { each: true })
  redirectUris!: string[];

  /** False to make staff sign in with single sign-on only (passwords refused but for `breakGlassUserId`). Default true. */
  @Optional()
  @IsBoolean()
  passwordsAllowed?: boolean;

  /** An active owner who may still use a password while passwords are refused, for when the provider is down. */
  @Optional()
  @IsUUID()
  breakGlassUserId?: string;

  /** A verified e-mail of an allowed domain that no staff member has: `refuse` (the default) or `create` a staff member with `newStaffRole`. */
  @Optional()
  @IsIn(UNKNOWN_EMAILS)
  unknownEmails?: (typeof UNKNOWN_EMAILS)[number];

  /** The role of staff created by a sign-in; required when `unknownEmails` is `create`. */
  @Optional()
  @IsIn(NEW_STAFF_ROLES)
  newStaffRole?: (typeof NEW_STAFF_ROLES)[number];
}

/** An organization's single sign-on settings; `configured` is false (and the provider's fields null) until an owner sets them. */
export class SsoSettingsDto {
  configured!: boolean;
  /** The redirect URI to register with the identity provider. */
  callbackUrl!: string;
  @ApiKebabKey({ nullable: true })
  slug!: string | null;
  issuer!: string | null;
  clientId!: string | null;
  /** Whether a client secret is set. The secret itself is never returned. */
  clientSecretSet!: boolean;
  allowedDomains!: string[];
  redirectUris!: string[];
  passwordsAllowed!: boolean;
  breakGlassUserId!: string | null;
  @ApiProperty({ enum: UNKNOWN_EMAILS })
  unknownEmails!: (typeof UNKNOWN_EMAILS)[number];
  @ApiProperty({ enum: NEW_STAFF_ROLES, nullable: true, type: String })
  newStaffRole!: (typeof NEW_STAFF_ROLES)[number] | null;
  updatedAt!: Date | null;
}

export class SsoExchangeDto {
  /** The one-time code the sign-in returned to the frontend with (valid 60 seconds, once). */
  @IsString()
  @MinLength(20)
  @MaxLength(200)
  code!: string;
}

export class SsoStartQueryDto {
  /** One of the organization's allowed redirect URIs. */
  @IsUrl(URL_OPTIONS)
  @MaxLength(500)
  redirectUri!: string;
}

export function toSsoSettingsDto(connection: SsoConnection | null, callbackUrl: string): SsoSettingsDto {
  return {
    configured: connection !== null,
    callbackUrl,
    slug: connection?.slug ?? null,
    issuer: connection?.issuer ?? null,
    clientId: connection?.clientId ?? null,
    clientSecretSet: connection !== null,
    allowedDomains: connection?.allowedDomains ?? [],
    redirectUris: connection?.redirectUris ?? [],
    passwordsAllowed: connection?.passwordsAllowed ?? true,
    breakGlassUserId: connection?.breakGlassUserId ?? null,
    unknownEmails: connection?.unknownEmails ?? 'refuse',
    newStaffRole: connection?.newStaffRole ?? null,
    updatedAt: connection?.updatedAt ?? null,
  };
}
