import { Injectable } from '@nestjs/common';
import { updateVersioned, VersionedTarget } from '../common/concurrency';
import { Transactions } from '../database/transactions';
import { Organization } from './organization.entity';

/** The `organizations` table's SQL. */
@Injectable()
export class OrganizationsRepository {
  constructor(private readonly db: Transactions) {}

  insert(name: string, timeZone = 'UTC'): Promise<Organization> {
    const manager = this.db.manager;
    return manager.save(manager.create(Organization, { name, timeZone }));
  }

  /** The names of these organizations, by name. */
  names(ids: string[]): Promise<{ id: string; name: string }[]> {
    return this.db.manager.query(`SELECT id, name FROM organizations WHERE id = ANY($1::uuid[]) ORDER BY name, id`, [ids]);
  }

  findOrFail(id: string): Promise<Organization> {
    return this.db.manager.findOneByOrFail(Organization, { id });
  }

  /**
   * Sets the given fields under If-Match with a new version (a repeat of the stored values keeps
   * it), inside the caller's transaction: 412 when the version is stale.
   */
  update(target: VersionedTarget, changes: { name?: string; timeZone?: string }): Promise<Organization> {
    const given = Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined));
    return updateVersioned(this.db.manager, Organization, target, given);
  }

  /** The organization's time zone. */
  async timeZoneOf(id: string): Promise<string> {
    return (await this.findOrFail(id)).timeZone;
  }
}

/** What an organization's response shows. */
export type OrganizationRow = Pick<Organization, 'id' | 'name' | 'timeZone' | 'createdAt' | 'updatedAt' | 'version'>;

/**
 * SQL fragments for statements that read an organization beside another of its rows (a credential),
 * so the statement stays one round trip while the table's SQL stays here.
 */
export const organizationSql = {
  /**
   * A lateral-joinable row of the organization, its columns named `organization.*`:
   * `SELECT org.* ... JOIN LATERAL (${organizationSql.row('u.organization_id')}) org ON true`.
   */
  row: (organizationId: string) =>
    `SELECT o.id AS "organization.id", o.name AS "organization.name", o.time_zone AS "organization.timeZone",
            o.created_at AS "organization.createdAt", o.updated_at AS "organization.updatedAt", o.version AS "organization.version"
       FROM organizations o WHERE o.id = ${organizationId}`,
  /** The `OrganizationRow` that row selected. */
  rowOf: (row: Record<string, unknown>): OrganizationRow => ({
    id: row['organization.id'] as string,
    name: row['organization.name'] as string,
    timeZone: row['organization.timeZone'] as string,
    createdAt: row['organization.createdAt'] as Date,
    updatedAt: row['organization.updatedAt'] as Date,
    version: row['organization.version'] as number,
  }),
};
