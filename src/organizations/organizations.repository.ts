import { Injectable } from '@nestjs/common';
import { Transactions } from '../database/transactions';
import { Organization } from './organization.entity';

/** The `organizations` table's SQL. */
@Injectable()
export class OrganizationsRepository {
  constructor(private readonly db: Transactions) {}

  insert(name: string): Promise<Organization> {
    const manager = this.db.manager;
    return manager.save(manager.create(Organization, { name }));
  }

  /** The names of these organizations, by name. */
  names(ids: string[]): Promise<{ id: string; name: string }[]> {
    return this.db.manager.query(`SELECT id, name FROM organizations WHERE id = ANY($1::uuid[]) ORDER BY name, id`, [ids]);
  }

  findOrFail(id: string): Promise<Organization> {
    return this.db.manager.findOneByOrFail(Organization, { id });
  }
}
