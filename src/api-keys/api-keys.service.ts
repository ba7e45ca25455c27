import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AccessService, Resource } from '../access/access.service';
import { Actor } from '../auth/actor';
import { randomSecret, sha256 } from '../auth/secrets';
import { IfMatch, updateVersioned } from '../common/concurrency';
import { Page, PageQueryDto, paginate } from '../common/pagination';
import { ApiKey } from './api-key.entity';
import { ApiKeyDto, CreateApiKeyDto, CreatedApiKeyDto, toApiKeyDto } from './dto/api-key.dto';
import { Transactions } from '../database/transactions';

export const API_KEYS = Resource.ApiKey;
@Injectable()
export class ApiKeysService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly db: Transactions,
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

  async list(actor: Actor, query: PageQueryDto): Promise<Page<ApiKeyDto>> {
    const qb = this.dataSource
      .getRepository(ApiKey)
      .createQueryBuilder('key')
      .where('key.organizationId = :organizationId', { organizationId: actor.organizationId });
    const page = await paginate(qb, query);
    return { data: page.data.map(toApiKeyDto), nextCursor: page.nextCursor };
  }

  /** Revokes a key: it stops working at once and stays listed, marked revoked. */
  async revoke(actor: Actor, id: string, ifMatch?: IfMatch): Promise<ApiKeyDto> {
    await this.access.require(actor, API_KEYS, [id]);
    const key = await this.db.run(() =>
      updateVersioned(this.db.manager, ApiKey, { resource: 'API key', organizationId: actor.organizationId, id, ifMatch }, {
        // Revoking twice keeps the first time: it says since when the key has not worked.
        revokedAt: () => 'COALESCE(revoked_at, now())',
      }),
    );
    return toApiKeyDto(key);
  }

  async get(actor: Actor, id: string): Promise<ApiKeyDto> {
    await this.access.require(actor, API_KEYS, [id]);
    return toApiKeyDto(await this.dataSource.getRepository(ApiKey).findOneByOrFail({ organizationId: actor.organizationId, id }));
  }
}
