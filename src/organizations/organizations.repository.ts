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

  findOrFail(id: string): Promise<Organization> {
    return this.db.manager.findOneByOrFail(Organization, { id });
  }
}
