import { Injectable } from '@nestjs/common';
import { coupleInCaseloadSql } from '../access/caseload';
import { CareTeamMember, careTeamSql } from '../care-teams/care-teams.repository';
import { clientSql } from '../clients/clients.repository';
import { archive, restore, updateVersioned, VersionedTarget } from '../common/concurrency';
import { keysetPage, Page, PageQueryDto } from '../common/pagination';
import { isoTimestampSql } from '../database/exact-timestamp';
import { SqlParameters } from '../database/sql-parameters';
import { Transactions } from '../database/transactions';
import { ScreeningResult } from '../screenings/safety-screening.entity';
import { screeningSql } from '../screenings/safety-screenings.repository';
import { Couple, CoupleStatus } from './couple.entity';

export interface CoupleFilters {
  /** Only the caseload of this staff member (a practitioner's own list). */
  caseloadOf?: string;
  status?: Couple['status'];
  /** Couples in which this client is a partner. */
  partnerId?: string;
  externalId?: string;
  /** Only couples on this staff member's care team. */
  careTeamMember?: string;
}

type CoupleValues = Omit<Couple, 'organization' | 'organizationId' | 'id' | 'createdAt' | 'updatedAt' | 'version'>;

/** A couple as reads hand it on: `startDate` YYYY-MM-DD, instants ISO 8601 text. */
export interface CoupleRow {
  id: string;
  organizationId: string;
  partnerAId: string;
  partnerBId: string;
  label: string | null;
  status: CoupleStatus;
  presentingConcern: string | null;
  startDate: string | null;
  externalId: string | null;
  archivedAt: string | null;
  createdAt: string;
  updatedAt: string;
  version: number;
}

/** What a couple's response shows beside the couple: its partners' names, their latest screenings, its care team. */
export interface CoupleChildrenRow {
  partnerAFirstName: string;
  partnerALastName: string;
  partnerAPreferredName: string | null;
  partnerBFirstName: string;
  partnerBLastName: string;
  partnerBPreferredName: string | null;
  safetyA: ScreeningResult | null;
  safetyB: ScreeningResult | null;
  careTeam: CareTeamMember[];
}

export type CoupleWithChildrenRow = CoupleRow & CoupleChildrenRow;

/** The select list of a `CoupleRow` from the row `k` (a table alias, or `couples` in a RETURNING). */
function coupleColumns(k: string): string {
  return `${k}.id, ${k}.organization_id AS "organizationId", ${k}.partner_a_id AS "partnerAId", ${k}.partner_b_id AS "partnerBId",
          ${k}.label, ${k}.status, ${k}.presenting_concern AS "presentingConcern", to_char(${k}.start_date, 'YYYY-MM-DD') AS "startDate",
          ${k}.external_id AS "externalId", ${isoTimestampSql(`${k}.archived_at`)} AS "archivedAt",
          ${isoTimestampSql(`${k}.created_at`)} AS "createdAt", ${isoTimestampSql(`${k}.updated_at`)} AS "updatedAt", ${k}.version`;
}

/** The children of the couple rows `row` (whose columns are a `CoupleRow`'s names), read for those rows only. */
const CHILDREN = {
  columns: `pa.first_name AS "partnerAFirstName", pa.last_name AS "partnerALastName", pa.preferred_name AS "partnerAPreferredName",
            pb.first_name AS "partnerBFirstName", pb.last_name AS "partnerBLastName", pb.preferred_name AS "partnerBPreferredName",
            sa.result AS "safetyA", sb.result AS "safetyB", ct.care_team AS "careTeam"`,
  joins: (row: string) => `JOIN LATERAL (${clientSql.names(`${row}."organizationId"`, `${row}."partnerAId"`)}) pa ON true
     JOIN LATERAL (${clientSql.names(`${row}."organizationId"`, `${row}."partnerBId"`)}) pb ON true
     LEFT JOIN LATERAL (${screeningSql.latestResult(`${row}."organizationId"`, `${row}."partnerAId"`)}) sa ON true
     LEFT JOIN LATERAL (${screeningSql.latestResult(`${row}."organizationId"`, `${row}."partnerBId"`)}) sb ON true
     LEFT JOIN LATERAL (${careTeamSql.members('couple', `${row}."organizationId"`, `${row}.id`)}) ct ON true`,
};

/** The `CoupleRow` of an entity a write returned. */
function rowOf(couple: Couple): CoupleRow {
  return {
    id: couple.id,
    organizationId: couple.organizationId,
    partnerAId: couple.partnerAId,
    partnerBId: couple.partnerBId,
    label: couple.label,
    status: couple.status,
    presentingConcern: couple.presentingConcern,
    startDate: couple.startDate,
    externalId: couple.externalId,
    archivedAt: couple.archivedAt?.toISOString() ?? null,
    createdAt: couple.createdAt.toISOString(),
    updatedAt: couple.updatedAt.toISOString(),
    version: couple.version,
  };
}

/** The `couples` table's SQL. Other features ask through these methods and `coupleSql`. */
@Injectable()
export class CouplesRepository {
  constructor(private readonly db: Transactions) {}

  /** One page of couples with their partners, safety and care teams, in one statement. */
  list(organizationId: string, filters: CoupleFilters, page: PageQueryDto): Promise<Page<CoupleWithChildrenRow>> {
    const p = new SqlParameters();
    const org = p.add(organizationId);
    const where = [`k.organization_id = ${org}`];
    if (filters.caseloadOf) where.push(coupleInCaseloadSql('k.id', org, p.add(filters.caseloadOf)));
    if (filters.status) where.push(`k.status = ${p.add(filters.status)}`);
    if (filters.partnerId) {
      const partner = p.add(filters.partnerId);
      where.push(`(k.partner_a_id = ${partner} OR k.partner_b_id = ${partner})`);
    }
    if (filters.externalId) where.push(`k.external_id = ${p.add(filters.externalId)}`);
    if (filters.careTeamMember) where.push(coupleInCaseloadSql('k.id', org, p.add(filters.careTeamMember)));
    return keysetPage<CoupleWithChildrenRow>(
      {
        columns: coupleColumns('k'),
        from: 'couples k',
        where,
        parameters: p,
        created: 'k.created_at',
        updated: 'k.updated_at',
        id: 'k.id',
        archivedAt: 'k.archived_at',
        children: CHILDREN,
      },
      page,
      (sql, parameters) => this.db.manager.query(sql, parameters),
    );
  }

  /**
   * The couple with its children, in one statement; `reach` (from the access rules, with `$3` for
   * the user id) narrows it to a caseload. Null when missing or out of reach.
   */
  async findWithChildren(organizationId: string, id: string, reach?: { sql: string; userId: string }): Promise<CoupleWithChildrenRow | null> {
    const rows: CoupleWithChildrenRow[] = await this.db.manager.query(
      `SELECT page.*, ${CHILDREN.columns}
         FROM (SELECT ${coupleColumns('k')} FROM couples k WHERE k.organization_id = $1 AND k.id = $2${reach ? ` AND ${reach.sql}` : ''}) page
         ${CHILDREN.joins('page')}`,
      reach ? [organizationId, id, reach.userId] : [organizationId, id],
    );
    return rows[0] ?? null;
  }

  /** The children of a couple a write returned, in one statement, without reading the couple again. */
  async findChildren(couple: CoupleRow): Promise<CoupleChildrenRow> {
    const rows: CoupleChildrenRow[] = await this.db.manager.query(
      `SELECT ${CHILDREN.columns}
         FROM (SELECT $1::uuid AS "organizationId", $2::uuid AS id, $3::uuid AS "partnerAId", $4::uuid AS "partnerBId") page
         ${CHILDREN.joins('page')}`,
      [couple.organizationId, couple.id, couple.partnerAId, couple.partnerBId],
    );
    return rows[0];
  }

  /** The open (not ended, not archived) couple of these two clients, in either order. */
  findOpenPair(organizationId: string, a: string, b: string): Promise<Couple | null> {
    return this.db.manager
      .createQueryBuilder(Couple, 'couple')
      .where('couple.organizationId = :organizationId', { organizationId })
      .andWhere('LEAST(couple.partnerAId, couple.partnerBId) = LEAST(CAST(:a AS uuid), CAST(:b AS uuid))', { a, b })
      .andWhere('GREATEST(couple.partnerAId, couple.partnerBId) = GREATEST(CAST(:a AS uuid), CAST(:b AS uuid))')
      .andWhere("couple.archivedAt IS NULL AND couple.status <> 'ended'")
      .getOne();
  }

  /** The couple's two partners, and whether it is archived; null when it does not exist. */
  async findPartners(organizationId: string, id: string): Promise<{ partnerAId: string; partnerBId: string; archivedAt: Date | null } | null> {
    const couple = await this.db.manager.findOne(Couple, {
      where: { organizationId, id },
      select: { id: true, partnerAId: true, partnerBId: true, archivedAt: true },
    });
    return couple ? { partnerAId: couple.partnerAId, partnerBId: couple.partnerBId, archivedAt: couple.archivedAt } : null;
  }

  /** The couple's two partners, in its order (the caller has checked the couple exists). */
  async partnerIds(organizationId: string, id: string): Promise<[string, string]> {
    const couple = (await this.findPartners(organizationId, id))!;
    return [couple.partnerAId, couple.partnerBId];
  }

  /** The couple that has this externalId, archived or not. */
  async findIdByExternalId(organizationId: string, externalId: string): Promise<string | null> {
    const couple = await this.db.manager.findOne(Couple, { where: { organizationId, externalId }, select: { id: true } });
    return couple?.id ?? null;
  }

  /** Inserts the couple and returns it as stored (`RETURNING`, no second read). */
  async insert(organizationId: string, values: CoupleValues): Promise<CoupleRow> {
    const { raw } = await this.db.manager
      .createQueryBuilder()
      .insert()
      .into(Couple)
      .values({ organizationId, ...values })
      .returning(coupleColumns('couples'))
      .updateEntity(false)
      .execute();
    return (raw as CoupleRow[])[0];
  }

  async update(target: VersionedTarget, changes: Partial<CoupleValues>): Promise<CoupleRow> {
    return rowOf(await updateVersioned(this.db.manager, Couple, target, changes));
  }

  async archive(target: VersionedTarget): Promise<CoupleRow> {
    return rowOf(await archive(this.db.manager, Couple, target));
  }

  async restore(target: VersionedTarget): Promise<CoupleRow> {
    return rowOf(await restore(this.db.manager, Couple, target));
  }

  /** A change to a couple's related records (its care team) is a change of the couple: sync sees it. */
  async touch(organizationId: string, ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.db.manager
      .createQueryBuilder()
      .update(Couple)
      .set({ updatedAt: () => 'now()', version: () => 'version + 1' })
      .where('organization_id = :organizationId AND id IN (:...ids)', { organizationId, ids })
      .execute();
  }
}

/** SQL fragments for other features' statements; arguments are SQL expressions or placeholders. */
export const coupleSql = {
  /** The ids of the couples the client is a partner in: `x.couple_id IN (${coupleSql.idsWithPartner(...)})`. */
  idsWithPartner: (organizationId: string, clientId: string) =>
    `SELECT k.id FROM couples k WHERE k.organization_id = ${organizationId} AND (k.partner_a_id = ${clientId} OR k.partner_b_id = ${clientId})`,
};
