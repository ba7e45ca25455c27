import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AccessService, Resource } from '../access/access.service';
import { Actor } from '../auth/actor';
import { randomSecret, sha256 } from '../auth/secrets';
import { IfMatch } from '../common/concurrency';
import { Page, PageQueryDto } from '../common/pagination';
import { Transactions } from '../database/transactions';
import { ApiKeysRepository } from './api-keys.repository';
import { ApiKeyDto, CreateApiKeyDto, CreatedApiKeyDto, toApiKeyDto } from './dto/api-key.dto';

@Injectable()
export class ApiKeysService {
  constructor(
    private readonly db: Transactions,
    private readonly keys: ApiKeysRepository,
    private readonly access: AccessService,
  ) {}

  /** Creates a key `tp_<12 hex prefix>_<43-char secret>`; only the secret's SHA-256 is stored. */
  async create(actor: Actor, dto: CreateApiKeyDto): Promise<CreatedApiKeyDto> {
    const prefix = randomBytes(6).toString('hex');
    const secret = randomSecret(32);
    const key = await this.keys.insert({
      organizationId: actor.organizationId,
      name: dto.name,
      role: dto.role,
      prefix,
      secretHash: sha256(secret),
      createdByUserId: actor.kind === 'user' ? actor.id : null,
    });
    return { ...toApiKeyDto(key), key: `tp_${prefix}_${secret}` };
  }

  async list(actor: Actor, query: PageQueryDto): Promise<Page<ApiKeyDto>> {
    const page = await this.keys.list(actor.organizationId, query);
    return { data: page.data.map(toApiKeyDto), nextCursor: page.nextCursor };
  }

  /** Revokes a key: it stops working at once and stays listed, marked revoked. */
  async revoke(actor: Actor, id: string, ifMatch?: IfMatch): Promise<ApiKeyDto> {
    await this.access.require(actor, Resource.ApiKey, [id]);
    const key = await this.db.run(() => this.keys.revoke(actor.organizationId, id, ifMatch));
    return toApiKeyDto(key);
  }

  async get(actor: Actor, id: string): Promise<ApiKeyDto> {
    await this.access.require(actor, Resource.ApiKey, [id]);
    return toApiKeyDto(await this.keys.findOrFail(actor.organizationId, id));
  }
}
