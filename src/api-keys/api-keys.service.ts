import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AccessService, defineAccessRule, organizationWide } from '../access/access.service';
import { Actor } from '../auth/actor';
import { randomSecret, sha256 } from '../auth/secrets';
import { DomainError } from '../errors/domain-error';
import { ErrorCode } from '../errors/error-code';
import { ApiKey } from './api-key.entity';
import { ApiKeyDto, CreateApiKeyDto, CreatedApiKeyDto, toApiKeyDto } from './dto/api-key.dto';

export const API_KEYS = 'api-keys';
defineAccessRule(API_KEYS, organizationWide('api_keys', 'API key'));

@Injectable()
export class ApiKeysService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly access: AccessService,
  ) {}

  /** Creates a key `tp_<12 hex prefix>_<43-char secret>`; only the secret's SHA-256 is stored. */
  async create(actor: Actor, dto: CreateApiKeyDto): Promise<CreatedApiKeyDto> {
    const prefix = randomBytes(6).toString('hex');
    const secret = randomSecret(32);
    const repo = this.dataSource.getRepository(ApiKey);
    const saved = await repo.save(
      repo.create({
        organizationId: actor.organizationId,
        name: dto.name,
        role: dto.role,
        prefix,
        secretHash: sha256(secret),
        createdByUserId: actor.kind === 'user' ? actor.id : null,
        lastUsedAt: null,
        revokedAt: null,
      }),
    );
    const key = await repo.findOneByOrFail({ organizationId: actor.organizationId, id: saved.id });
    return { ...toApiKeyDto(key), key: `tp_${prefix}_${secret}` };
  }

  /** Revokes a key: it stops working at once and stays listed, marked revoked. */
  async revoke(actor: Actor, id: string, expectedVersion?: number): Promise<void> {
    await this.access.require(actor, API_KEYS, [id]);
    const result: [unknown[], number] = await this.dataSource.query(
      `UPDATE api_keys SET revoked_at = COALESCE(revoked_at, now()), updated_at = now(), version = version + 1
        WHERE organization_id = $1 AND id = $2 AND ($3::int IS NULL OR version = $3)`,
      [actor.organizationId, id, expectedVersion ?? null],
    );
    if (result[1] === 0) throw new DomainError(ErrorCode.PreconditionFailed, 'The API key has changed since you read it.');
  }

  async get(actor: Actor, id: string): Promise<ApiKeyDto> {
    await this.access.require(actor, API_KEYS, [id]);
    return toApiKeyDto(await this.dataSource.getRepository(ApiKey).findOneByOrFail({ organizationId: actor.organizationId, id }));
  }
}
