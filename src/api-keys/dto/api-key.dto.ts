import { Transform } from 'class-transformer';
import { IsIn, IsString, MaxLength, MinLength } from 'class-validator';
import { API_KEY_ROLES, ApiKeyRole } from '../../auth/permissions';
import type { ApiKeyRow } from '../api-keys.repository';
import { trim } from '../../http/transforms';

export class ApiKeyDto {
  id!: string;
  organizationId!: string;
  name!: string;
  role!: ApiKeyRole;
  /** The public start of the key, to tell keys apart; the secret is never shown again. */
  prefix!: string;
  createdByUserId!: string | null;
  lastUsedAt!: Date | null;
  revokedAt!: Date | null;
  createdAt!: Date;
  updatedAt!: Date;
  version!: number;
}

export class CreatedApiKeyDto extends ApiKeyDto {
  /** The whole key, shown only in this response. Send it as `X-API-Key`. */
  key!: string;
}

export class CreateApiKeyDto {
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name!: string;

  /** `integration` reads and writes clinical data; `readonly` only reads it. */
  @IsIn(API_KEY_ROLES)
  role!: ApiKeyRole;
}

export function toApiKeyDto(key: ApiKeyRow): ApiKeyDto {
  return {
    id: key.id,
    organizationId: key.organizationId,
    name: key.name,
    role: key.role,
    prefix: `tp_${key.prefix}`,
    createdByUserId: key.createdByUserId,
    lastUsedAt: key.lastUsedAt,
    revokedAt: key.revokedAt,
    createdAt: key.createdAt,
    updatedAt: key.updatedAt,
    version: key.version,
  };
}
