import { Injectable } from '@nestjs/common';
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

  /** The organization `FOR UPDATE`, inside the caller's transaction. */
  lock(id: string): Promise<Organization> {
    return this.db.manager.findOneOrFail(Organization, { where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  /** Sets the given fields with a new version; the caller has locked the row and checked If-Match. */
  async update(id: string, changes: { name?: string; timeZone?: string }): Promise<void> {
    await this.db.manager
      .createQueryBuilder()
      .update(Organization)
      .set({ ...changes, version: () => 'version + 1', updatedAt: () => 'now()' })
      .where({ id })
      .execute();
  }

  /** The organization's time zone. */
  async timeZoneOf(id: string): Promise<string> {
    return (await this.findOrFail(id)).timeZone;
  }
}
