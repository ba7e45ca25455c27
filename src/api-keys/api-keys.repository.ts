import { Injectable } from '@nestjs/common';
import { ApiKeyRole } from '../auth/permissions';
import { IfMatch, updateVersioned } from '../common/concurrency';
import { Page, PageQueryDto, paginate } from '../common/pagination';
import { Transactions } from '../database/transactions';
import { ApiKey } from './api-key.entity';

/** What authenticating a presented key needs of its row. */
export interface ApiKeyCredential {
  id: string;
  organizationId: string;
  role: ApiKeyRole;
  secretHash: string;
  revoked: boolean;
  /** Its last use was stamped longer ago than asked (or never). */
  stale: boolean;
}

/** The `api_keys` table's SQL. */
@Injectable()
export class ApiKeysRepository {
  constructor(private readonly db: Transactions) {}

  async insert(key: Pick<ApiKey, 'organizationId' | 'name' | 'role' | 'prefix' | 'secretHash' | 'createdByUserId'>): Promise<ApiKey> {
    const manager = this.db.manager;
    const saved = await manager.save(manager.create(ApiKey, { ...key, lastUsedAt: null, revokedAt: null }));
    return manager.findOneByOrFail(ApiKey, { organizationId: key.organizationId, id: saved.id });
  }

  findOrFail(organizationId: string, id: string): Promise<ApiKey> {
    return this.db.manager.findOneByOrFail(ApiKey, { organizationId, id });
  }

  list(organizationId: string, page: PageQueryDto): Promise<Page<ApiKey>> {
    const qb = this.db.manager.createQueryBuilder(ApiKey, 'key').where('key.organizationId = :organizationId', { organizationId });
    return paginate(qb, page);
  }

  /** Revoking twice keeps the first time: it says since when the key has not worked. */
  revoke(organizationId: string, id: string, ifMatch: IfMatch | undefined): Promise<ApiKey> {
    return updateVersioned(this.db.manager, ApiKey, { resource: 'API key', organizationId, id, ifMatch }, {
      revokedAt: () => 'COALESCE(revoked_at, now())',
    });
  }

  /** The key with this public prefix; `stale` when its last use is older than `touchAfterSeconds`. */
  async findCredential(prefix: string, touchAfterSeconds: number): Promise<ApiKeyCredential | undefined> {
    const [row]: { id: string; organization_id: string; role: ApiKeyRole; secret_hash: string; revoked: boolean; stale: boolean }[] =
      await this.db.manager.query(
        `SELECT id, organization_id, role, secret_hash, revoked_at IS NOT NULL AS revoked,
                (last_used_at IS NULL OR last_used_at < now() - make_interval(secs => $2)) AS stale
           FROM api_keys WHERE prefix = $1`,
        [prefix, touchAfterSeconds],
      );
    return row
      ? { id: row.id, organizationId: row.organization_id, role: row.role, secretHash: row.secret_hash, revoked: row.revoked, stale: row.stale }
      : undefined;
  }

  async touch(organizationId: string, id: string): Promise<void> {
    await this.db.manager.query(`UPDATE api_keys SET last_used_at = now() WHERE organization_id = $1 AND id = $2`, [organizationId, id]);
  }
}
