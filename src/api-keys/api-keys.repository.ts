import { Injectable } from '@nestjs/common';
import { ApiKeyRole } from '../auth/permissions';
import { IfMatch, updateVersioned } from '../common/concurrency';
import { Page, PageQueryDto, paginate } from '../common/pagination';
import { Transactions } from '../database/transactions';
import { organizationSql, OrganizationRow } from '../organizations/organizations.repository';
import { ApiKey } from './api-key.entity';
import { insertReturning } from '../database/returning';

/** What an API key's response shows (never its secret's hash). */
export type ApiKeyRow = Pick<
  ApiKey,
  'id' | 'organizationId' | 'name' | 'role' | 'prefix' | 'createdByUserId' | 'lastUsedAt' | 'revokedAt' | 'createdAt' | 'updatedAt' | 'version'
>;

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

  /** Inserts the key and answers it as stored (`RETURNING`, no second read; no secret hash). */
  insert(key: Pick<ApiKey, 'organizationId' | 'name' | 'role' | 'prefix' | 'secretHash' | 'createdByUserId'>): Promise<ApiKey> {
    return insertReturning(this.db.manager, ApiKey, { ...key, lastUsedAt: null, revokedAt: null });
  }

  findOrFail(organizationId: string, id: string): Promise<ApiKey> {
    return this.db.manager.findOneByOrFail(ApiKey, { organizationId, id });
  }

  /** The key and its organization, in one statement (`GET /v1/me`); null when there is no such key. */
  async findWithOrganization(organizationId: string, id: string): Promise<{ apiKey: ApiKeyRow; organization: OrganizationRow } | null> {
    const [row]: (ApiKeyRow & Record<string, unknown>)[] = await this.db.manager.query(
      `SELECT k.id, k.organization_id AS "organizationId", k.name, k.role, k.prefix, k.created_by_user_id AS "createdByUserId",
              k.last_used_at AS "lastUsedAt", k.revoked_at AS "revokedAt", k.created_at AS "createdAt", k.updated_at AS "updatedAt",
              k.version, org.*
         FROM api_keys k JOIN LATERAL (${organizationSql.row('k.organization_id')}) org ON true
        WHERE k.organization_id = $1 AND k.id = $2`,
      [organizationId, id],
    );
    if (!row) return null;
    const { id: keyId, organizationId: orgId, name, role, prefix, createdByUserId, lastUsedAt, revokedAt, createdAt, updatedAt, version } = row;
    return {
      apiKey: { id: keyId, organizationId: orgId, name, role, prefix, createdByUserId, lastUsedAt, revokedAt, createdAt, updatedAt, version },
      organization: organizationSql.rowOf(row),
    };
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
