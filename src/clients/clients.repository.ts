import { Injectable } from '@nestjs/common';
import { clientInCaseloadSql } from '../access/caseload';
import { careTeamSql } from '../care-teams/care-teams.repository';
import { archive, restore, updateVersioned, VersionedTarget } from '../common/concurrency';
import { Page, PageQueryDto, paginate } from '../common/pagination';
import { Transactions } from '../database/transactions';
import { Client } from './client.entity';

export interface ClientFilters {
  /** Only the caseload of this staff member (a practitioner's own list). */
  caseloadOf?: string;
  /** Lower-cased search text, matched anywhere in the names. */
  nameContains?: string;
  status?: Client['status'];
  tag?: string;
  externalId?: string;
  /** Only clients on this staff member's care team. */
  careTeamMember?: string;
}

type ClientValues = Omit<Client, 'organization' | 'organizationId' | 'id' | 'createdAt' | 'updatedAt' | 'version'>;

/** The `clients` table's SQL. Other features ask through these methods and `clientSql`. */
@Injectable()
export class ClientsRepository {
  constructor(private readonly db: Transactions) {}

  list(organizationId: string, filters: ClientFilters, page: PageQueryDto): Promise<Page<Client>> {
    const qb = this.db.manager.createQueryBuilder(Client, 'client').where('client.organizationId = :organizationId', { organizationId });
    if (filters.caseloadOf) qb.andWhere(clientInCaseloadSql('client.id', ':organizationId', ':caseloadOf'), { caseloadOf: filters.caseloadOf });
    if (filters.nameContains) {
      // Served by the trigram index on the same expression (see the migration).
      qb.andWhere(`lower(client.first_name || ' ' || client.last_name || ' ' || coalesce(client.preferred_name, '')) LIKE :q`, {
        q: `%${filters.nameContains.replace(/[\\%_]/g, (c) => `\\${c}`)}%`,
      });
    }
    if (filters.status) qb.andWhere('client.status = :status', { status: filters.status });
    if (filters.tag) qb.andWhere(':tag = ANY(client.tags)', { tag: filters.tag });
    if (filters.externalId) qb.andWhere('client.externalId = :externalId', { externalId: filters.externalId });
    if (filters.careTeamMember) {
      qb.andWhere(careTeamSql.hasMember('client', 'client.organization_id', 'client.id', ':member'), { member: filters.careTeamMember });
    }
    return paginate(qb, page);
  }

  findById(organizationId: string, id: string): Promise<Client | null> {
    return this.db.manager.findOneBy(Client, { organizationId, id });
  }

  /** Many clients' names (and whether they are archived), for records that show who they concern. */
  findByIds(organizationId: string, ids: string[]): Promise<Client[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.db.manager.find(Client, { where: ids.map((id) => ({ organizationId, id })) });
  }

  /** Whether the client exists in the organization, and whether it is archived. */
  async findState(organizationId: string, id: string): Promise<{ id: string; archivedAt: Date | null } | null> {
    const client = await this.db.manager.findOne(Client, { where: { organizationId, id }, select: { id: true, archivedAt: true } });
    return client ? { id: client.id, archivedAt: client.archivedAt } : null;
  }

  /**
   * `findState`, read `FOR SHARE` inside a transaction: it waits for an archive or restore in flight,
   * which locks the row, and holds one off until the transaction ends.
   */
  async findStateForShare(organizationId: string, id: string): Promise<{ id: string; archivedAt: Date | null } | null> {
    const client = await this.db.manager.findOne(Client, {
      where: { organizationId, id },
      select: { id: true, archivedAt: true },
      lock: { mode: 'pessimistic_read' },
    });
    return client ? { id: client.id, archivedAt: client.archivedAt } : null;
  }

  /** The client that has this externalId, archived or not. */
  async findIdByExternalId(organizationId: string, externalId: string): Promise<string | null> {
    const client = await this.db.manager.findOne(Client, { where: { organizationId, externalId }, select: { id: true } });
    return client?.id ?? null;
  }

  async insert(organizationId: string, values: ClientValues): Promise<string> {
    const { identifiers } = await this.db.manager.insert(Client, { organizationId, ...values });
    return identifiers[0].id as string;
  }

  update(target: VersionedTarget, changes: Partial<ClientValues>): Promise<Client> {
    return updateVersioned(this.db.manager, Client, target, changes);
  }

  archive(target: VersionedTarget): Promise<Client> {
    return archive(this.db.manager, Client, target);
  }

  restore(target: VersionedTarget): Promise<Client> {
    return restore(this.db.manager, Client, target);
  }

  /** A change to a client's related records (its care team) is a change of the client: sync sees it. */
  async touch(organizationId: string, ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.db.manager
      .createQueryBuilder()
      .update(Client)
      .set({ updatedAt: () => 'now()', version: () => 'version + 1' })
      .where('organization_id = :organizationId AND id IN (:...ids)', { organizationId, ids })
      .execute();
  }
}

/**
 * SQL fragments for other features' statements that filter or join by client, so the statement stays
 * one round trip while the table's SQL stays here. Arguments are SQL expressions or placeholders.
 */
export const clientSql = {
  /** True when the client exists and is not archived. */
  isCurrent: (organizationId: string, clientId: string) =>
    `EXISTS (SELECT 1 FROM clients c WHERE c.organization_id = ${organizationId} AND c.id = ${clientId} AND c.archived_at IS NULL)`,
  /** A lateral-joinable row of the client's names: `JOIN LATERAL (${clientSql.names(...)}) AS c ON true`. */
  names: (organizationId: string, clientId: string) =>
    `SELECT c.first_name, c.last_name, c.preferred_name, c.archived_at FROM clients c WHERE c.organization_id = ${organizationId} AND c.id = ${clientId}`,
};
