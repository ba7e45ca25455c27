import { Injectable } from '@nestjs/common';
import { clientInCaseloadSql } from '../access/caseload';
import { CareTeamMember, careTeamSql } from '../care-teams/care-teams.repository';
import { archive, restore, updateVersioned, VersionedTarget } from '../common/concurrency';
import { keysetPage, Page, PageQueryDto } from '../common/pagination';
import { isoTimestampSql } from '../database/exact-timestamp';
import { SqlParameters } from '../database/sql-parameters';
import { Transactions } from '../database/transactions';
import { Client, ClientStatus } from './client.entity';

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

/** A client as reads hand it on: dates as the text the response carries (`dateOfBirth` YYYY-MM-DD, instants ISO 8601). */
export interface ClientRow {
  id: string;
  organizationId: string;
  firstName: string;
  lastName: string;
  preferredName: string | null;
  pronouns: string | null;
  dateOfBirth: string | null;
  email: string | null;
  phone: string | null;
  externalId: string | null;
  status: ClientStatus;
  tags: string[];
  archivedAt: string | null;
  createdAt: string;
  updatedAt: string;
  version: number;
}

/** A client with its care team, read in the same statement. */
export interface ClientWithTeamRow extends ClientRow {
  careTeam: CareTeamMember[];
}

/** The select list of a `ClientRow` from the row `c` (a table alias, or `clients` in a RETURNING). */
function clientColumns(c: string): string {
  return `${c}.id, ${c}.organization_id AS "organizationId", ${c}.first_name AS "firstName", ${c}.last_name AS "lastName",
          ${c}.preferred_name AS "preferredName", ${c}.pronouns, to_char(${c}.date_of_birth, 'YYYY-MM-DD') AS "dateOfBirth",
          ${c}.email, ${c}.phone, ${c}.external_id AS "externalId", ${c}.status, ${c}.tags,
          ${isoTimestampSql(`${c}.archived_at`)} AS "archivedAt", ${isoTimestampSql(`${c}.created_at`)} AS "createdAt",
          ${isoTimestampSql(`${c}.updated_at`)} AS "updatedAt", ${c}.version`;
}

/** The `ClientRow` of an entity a write returned. */
function rowOf(client: Client): ClientRow {
  return {
    id: client.id,
    organizationId: client.organizationId,
    firstName: client.firstName,
    lastName: client.lastName,
    preferredName: client.preferredName,
    pronouns: client.pronouns,
    dateOfBirth: client.dateOfBirth,
    email: client.email,
    phone: client.phone,
    externalId: client.externalId,
    status: client.status,
    tags: client.tags,
    archivedAt: client.archivedAt?.toISOString() ?? null,
    createdAt: client.createdAt.toISOString(),
    updatedAt: client.updatedAt.toISOString(),
    version: client.version,
  };
}

/** The `clients` table's SQL. Other features ask through these methods and `clientSql`. */
@Injectable()
export class ClientsRepository {
  constructor(private readonly db: Transactions) {}

  /** One page of clients with their care teams, in one statement; the teams are read for the page's rows only. */
  list(organizationId: string, filters: ClientFilters, page: PageQueryDto): Promise<Page<ClientWithTeamRow>> {
    const p = new SqlParameters();
    const org = p.add(organizationId);
    const where = [`c.organization_id = ${org}`];
    if (filters.caseloadOf) where.push(clientInCaseloadSql('c.id', org, p.add(filters.caseloadOf)));
    if (filters.nameContains) {
      // Served by the trigram index on the same expression (see the migration).
      const q = p.add(`%${filters.nameContains.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`);
      where.push(`lower(c.first_name || ' ' || c.last_name || ' ' || coalesce(c.preferred_name, '')) LIKE ${q}`);
    }
    if (filters.status) where.push(`c.status = ${p.add(filters.status)}`);
    if (filters.tag) where.push(`${p.add(filters.tag)} = ANY(c.tags)`);
    if (filters.externalId) where.push(`c.external_id = ${p.add(filters.externalId)}`);
    if (filters.careTeamMember) where.push(careTeamSql.hasMember('client', 'c.organization_id', 'c.id', p.add(filters.careTeamMember)));
    return keysetPage<ClientWithTeamRow>(
      {
        columns: clientColumns('c'),
        from: 'clients c',
        where,
        parameters: p,
        created: 'c.created_at',
        updated: 'c.updated_at',
        id: 'c.id',
        archivedAt: 'c.archived_at',
        children: {
          columns: 'ct.care_team AS "careTeam"',
          joins: (row) => `LEFT JOIN LATERAL (${careTeamSql.members('client', `${row}."organizationId"`, `${row}.id`)}) ct ON true`,
        },
      },
      page,
      (sql, parameters) => this.db.manager.query(sql, parameters),
    );
  }

  /**
   * The client with its care team, in one statement; `reach` (from the access rules, with `$3` for
   * the user id) narrows it to a caseload. Null when missing or out of reach.
   */
  async findWithTeam(organizationId: string, id: string, reach?: { sql: string; userId: string }): Promise<ClientWithTeamRow | null> {
    const rows: ClientWithTeamRow[] = await this.db.manager.query(
      `SELECT ${clientColumns('c')}, ct.care_team AS "careTeam"
         FROM clients c LEFT JOIN LATERAL (${careTeamSql.members('client', 'c.organization_id', 'c.id')}) ct ON true
        WHERE c.organization_id = $1 AND c.id = $2${reach ? ` AND ${reach.sql}` : ''}`,
      reach ? [organizationId, id, reach.userId] : [organizationId, id],
    );
    return rows[0] ?? null;
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

  /** Inserts the client and returns it as stored (`RETURNING`, no second read). */
  async insert(organizationId: string, values: ClientValues): Promise<ClientRow> {
    const { raw } = await this.db.manager
      .createQueryBuilder()
      .insert()
      .into(Client)
      .values({ organizationId, ...values })
      .returning(clientColumns('clients'))
      .updateEntity(false)
      .execute();
    return (raw as ClientRow[])[0];
  }

  async update(target: VersionedTarget, changes: Partial<ClientValues>): Promise<ClientRow> {
    return rowOf(await updateVersioned(this.db.manager, Client, target, changes));
  }

  async archive(target: VersionedTarget): Promise<ClientRow> {
    return rowOf(await archive(this.db.manager, Client, target));
  }

  async restore(target: VersionedTarget): Promise<ClientRow> {
    return rowOf(await restore(this.db.manager, Client, target));
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
