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
