import { Injectable } from '@nestjs/common';
import { clientInCaseloadSql } from '../access/caseload';
import { CareTeamMember, careTeamSql } from '../care-teams/care-teams.repository';
import { archive, restore, updateVersioned, VersionedTarget } from '../common/concurrency';
import { KeysetClauses, keysetClauses, keysetPage, Page, PageQueryDto } from '../common/pagination';
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

/** A `LIKE` pattern for text anywhere, its wildcards escaped. */
const likePattern = (text: string) => `%${text.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;

/** The text a name search matches (the trigram index `clients_name_search` is on this expression). */
const NAMES_SQL = `lower(c.first_name || ' ' || c.last_name || ' ' || coalesce(c.preferred_name, ''))`;

/** More name words than this contain the text: it is common, and the list order finds a page fastest. */
const MAX_SEARCH_WORDS = 8;

/** Searches of 3 characters or more without a space go by name word; shorter ones match too many words to gain. */
export const WORD_SEARCH_MIN_LENGTH = 3;
const searchesByWord = (text: string) => text.length >= WORD_SEARCH_MIN_LENGTH && !text.includes(' ');

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
    if (filters.status) where.push(`c.status = ${p.add(filters.status)}`);
    if (filters.tag) where.push(`${p.add(filters.tag)} = ANY(c.tags)`);
    if (filters.externalId) where.push(`c.external_id = ${p.add(filters.externalId)}`);
    if (filters.careTeamMember) where.push(careTeamSql.hasMember('client', 'c.organization_id', 'c.id', p.add(filters.careTeamMember)));
    const keyset = { parameters: p, created: 'c.created_at', updated: 'c.updated_at', id: 'c.id', archivedAt: 'c.archived_at' };
    let from = 'clients c';
    if (filters.nameContains !== undefined && searchesByWord(filters.nameContains)) {
      // Inside, the word's row gives the order (its index's), and the client row the filters.
      const byWord = keysetClauses({ ...keyset, created: 'w.created_at', id: 'w.client_id', where }, page);
      const byList = keysetClauses({ ...keyset, where }, page);
      from = `${this.wordMatches(org, filters.nameContains, byWord, byList, p)} JOIN clients c ON c.organization_id = ${org} AND c.id = m.id`;
    } else if (filters.nameContains !== undefined) {
      // Served by the trigram index on the same expression (see the migration).
      where.push(`${NAMES_SQL} LIKE ${p.add(likePattern(filters.nameContains))}`);
    }
    return keysetPage<ClientWithTeamRow>(
      {
        ...keyset,
        columns: clientColumns('c'),
        from,
        where,
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
   * The ids `m.id` of a name search's page candidates, bounded by the page rather than the matches.
   * The substring has no space, so it lies inside one word of the names: the trigram index finds the
   * words that contain it, and each word gives at most its first page of clients (every filter, the
   * cursor and the order applied), read in order from its index; the page is among them. When many
   * words contain it (a common fragment), the clients in list order are filtered instead, which
   * finds a page quickly for a text that common.
   */
  private wordMatches(org: string, text: string, byWord: KeysetClauses, byList: KeysetClauses, p: SqlParameters): string {
    const pattern = p.add(likePattern(text));
    const fewWords = `(SELECT count(*) FROM (SELECT 1 FROM words LIMIT ${MAX_SEARCH_WORDS + 1}) AS counted) <= ${MAX_SEARCH_WORDS}`;
    return `(WITH words AS MATERIALIZED (SELECT v.word FROM client_name_vocabulary v WHERE v.organization_id = ${org} AND v.word LIKE ${pattern})
             SELECT hit.id FROM words v CROSS JOIN LATERAL (
               SELECT c.id FROM client_name_words w JOIN clients c ON c.organization_id = w.organization_id AND c.id = w.client_id
                WHERE w.organization_id = ${org} AND w.word = v.word AND ${byWord.where.join(' AND ')}
                ORDER BY ${byWord.orderBy} LIMIT ${byWord.limit}) hit
              WHERE ${fewWords}
             UNION
             SELECT scan.id FROM (
               SELECT c.id FROM clients c
                WHERE ${byList.where.join(' AND ')} AND ${NAMES_SQL} LIKE ${pattern}
                ORDER BY ${byList.orderBy} LIMIT ${byList.limit}) scan
              WHERE NOT ${fewWords}) m`;
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
