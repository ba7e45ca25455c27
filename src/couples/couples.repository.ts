import { Injectable } from '@nestjs/common';
import { coupleInCaseloadSql } from '../access/caseload';
import { archive, restore, updateVersioned, VersionedTarget } from '../common/concurrency';
import { Page, PageQueryDto, paginate } from '../common/pagination';
import { Transactions } from '../database/transactions';
import { Couple } from './couple.entity';

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

/** The `couples` table's SQL. Other features ask through these methods and `coupleSql`. */
@Injectable()
export class CouplesRepository {
  constructor(private readonly db: Transactions) {}

  list(organizationId: string, filters: CoupleFilters, page: PageQueryDto): Promise<Page<Couple>> {
    const qb = this.db.manager.createQueryBuilder(Couple, 'couple').where('couple.organizationId = :organizationId', { organizationId });
    if (filters.caseloadOf) qb.andWhere(coupleInCaseloadSql('couple.id', ':organizationId', ':caseloadOf'), { caseloadOf: filters.caseloadOf });
    if (filters.status) qb.andWhere('couple.status = :status', { status: filters.status });
    if (filters.partnerId) qb.andWhere('(couple.partnerAId = :partnerId OR couple.partnerBId = :partnerId)', { partnerId: filters.partnerId });
    if (filters.externalId) qb.andWhere('couple.externalId = :externalId', { externalId: filters.externalId });
    if (filters.careTeamMember) {
      qb.andWhere(coupleInCaseloadSql('couple.id', ':organizationId', ':careTeamMember'), { careTeamMember: filters.careTeamMember });
    }
    return paginate(qb, page);
  }

  findById(organizationId: string, id: string): Promise<Couple | null> {
    return this.db.manager.findOneBy(Couple, { organizationId, id });
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

  async insert(organizationId: string, values: CoupleValues): Promise<string> {
    const { identifiers } = await this.db.manager.insert(Couple, { organizationId, ...values });
    return identifiers[0].id as string;
  }

  update(target: VersionedTarget, changes: Partial<CoupleValues>): Promise<Couple> {
    return updateVersioned(this.db.manager, Couple, target, changes);
  }

  archive(target: VersionedTarget): Promise<Couple> {
    return archive(this.db.manager, Couple, target);
  }

  restore(target: VersionedTarget): Promise<Couple> {
    return restore(this.db.manager, Couple, target);
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
