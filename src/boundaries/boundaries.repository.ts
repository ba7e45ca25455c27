import { Injectable } from '@nestjs/common';
import { In, IsNull, SelectQueryBuilder } from 'typeorm';
import { coupleInCaseloadSql } from '../access/caseload';
import { archive, lockVersioned, restore, touchVersioned, updateVersioned, VersionedTarget } from '../common/concurrency';
import { coupleSql } from '../couples/couples.repository';
import { Transactions } from '../database/transactions';
import { BoundaryAgreementRecord } from './boundary-agreement.entity';
import { BoundaryBreach } from './boundary-breach.entity';
import { BoundaryVersion } from './boundary-version.entity';
import { Boundary, RecorderType } from './boundary.entity';
import type { DateWindow } from '../common/calendar-date';
import { BoundaryStatus } from './rules/boundary-state';

export interface BoundaryFilters {
  organizationId: string;
  /** Only the couples on this staff member's care team; unset for those who see the whole organization. */
  caseloadOf?: string;
  coupleId?: string;
  status?: BoundaryStatus;
  /** Only the boundaries of the couples this client is a partner in. */
  sharedWith?: string;
}

export type BoundaryValues = Omit<Boundary, 'organization' | 'couple' | 'partnerA' | 'partnerB' | 'organizationId' | 'id' | 'createdAt' | 'updatedAt' | 'version'>;
export type VersionValues = Omit<BoundaryVersion, 'boundary' | 'id' | 'createdAt'>;
export type BreachValues = Omit<BoundaryBreach, 'boundary' | 'breachedBy' | 'id' | 'createdAt' | 'updatedAt' | 'version'>;
export interface Recorder {
  type: RecorderType;
  id: string;
}

/** Breaches per boundary and partner that occurred in the last 30 and 90 days (calendar dates). */
export interface BreachCountRow {
  boundaryId: string;
  partnerId: string;
  last30Days: number;
  last90Days: number;
}

/** The SQL of `boundaries`, `boundary_versions`, `boundary_agreements` and `boundary_breaches`. */
@Injectable()
export class BoundariesRepository {
  constructor(private readonly db: Transactions) {}

  listQuery(filters: BoundaryFilters): SelectQueryBuilder<Boundary> {
    const qb = this.db.manager.createQueryBuilder(Boundary, 'b').where('b.organizationId = :organizationId', { organizationId: filters.organizationId });
    if (filters.caseloadOf) qb.andWhere(coupleInCaseloadSql('b.couple_id', ':organizationId', ':caseloadOf'), { caseloadOf: filters.caseloadOf });
    if (filters.coupleId) qb.andWhere('b.coupleId = :coupleId', { coupleId: filters.coupleId });
    if (filters.status) qb.andWhere('b.status = :status', { status: filters.status });
    if (filters.sharedWith) qb.andWhere(`b.couple_id IN (${coupleSql.idsWithPartner(':organizationId', ':sharedWith')})`, { sharedWith: filters.sharedWith });
    return qb;
  }

  findById(organizationId: string, id: string): Promise<Boundary | null> {
    return this.db.manager.findOneBy(Boundary, { organizationId, id });
  }

  /** The boundary `FOR UPDATE`: 404 when missing, 412 when If-Match names another version. */
  lock(target: VersionedTarget): Promise<Boundary> {
    return lockVersioned(this.db.manager, Boundary, target);
  }

  async insert(organizationId: string, values: BoundaryValues): Promise<string> {
    const { identifiers } = await this.db.manager.insert(Boundary, { organizationId, ...values });
    return identifiers[0].id as string;
  }

  update(target: VersionedTarget, changes: Partial<Omit<BoundaryValues, 'retiredAt'>> & { retiredAt?: () => string }): Promise<Boundary> {
    return updateVersioned(this.db.manager, Boundary, target, changes);
  }

  /** A new version of the boundary when only its related rows changed (an agreement, a breach). */
  touch(target: VersionedTarget): Promise<Boundary> {
    return touchVersioned(this.db.manager, Boundary, target);
  }

  archive(target: VersionedTarget): Promise<Boundary> {
    return archive(this.db.manager, Boundary, target);
  }

  restore(target: VersionedTarget): Promise<Boundary> {
    return restore(this.db.manager, Boundary, target);
  }

  async insertVersion(values: VersionValues): Promise<void> {
    await this.db.manager.insert(BoundaryVersion, values);
  }

  versionsOf(organizationId: string, boundaryIds: string[]): Promise<BoundaryVersion[]> {
    if (boundaryIds.length === 0) return Promise.resolve([]);
    return this.db.manager.find(BoundaryVersion, { where: { organizationId, boundaryId: In(boundaryIds) }, order: { number: 'ASC' } });
  }

  /** Agreements not withdrawn, to any version (those to earlier versions no longer count). */
  standingAgreements(organizationId: string, boundaryIds: string[]): Promise<BoundaryAgreementRecord[]> {
    if (boundaryIds.length === 0) return Promise.resolve([]);
    return this.db.manager.find(BoundaryAgreementRecord, {
      where: { organizationId, boundaryId: In(boundaryIds), withdrawnAt: IsNull() },
      order: { agreedAt: 'ASC', id: 'ASC' },
    });
  }

  async insertAgreement(organizationId: string, boundaryId: string, boundaryVersion: number, partnerId: string, by: Recorder): Promise<void> {
    await this.db.manager.insert(BoundaryAgreementRecord, {
      organizationId,
      boundaryId,
      boundaryVersion,
      partnerId,
      recordedByType: by.type,
      recordedById: by.id,
    });
  }

  /** Marks the partner's standing agreement to this version withdrawn; the row stays as history. */
  async withdrawAgreement(organizationId: string, boundaryId: string, boundaryVersion: number, partnerId: string, by: Recorder): Promise<void> {
    await this.db.manager.update(
      BoundaryAgreementRecord,
      { organizationId, boundaryId, boundaryVersion, partnerId, withdrawnAt: IsNull() },
      { withdrawnAt: () => 'now()', withdrawnByType: by.type, withdrawnById: by.id },
    );
  }

  async insertBreach(values: BreachValues): Promise<string> {
    const { identifiers } = await this.db.manager.insert(BoundaryBreach, values);
    return identifiers[0].id as string;
  }

  findBreach(organizationId: string, boundaryId: string, id: string): Promise<BoundaryBreach | null> {
    return this.db.manager.findOneBy(BoundaryBreach, { organizationId, boundaryId, id });
  }

  /** The breach `FOR UPDATE`, or null when the boundary has no such breach. */
  lockBreach(organizationId: string, boundaryId: string, id: string): Promise<BoundaryBreach | null> {
    return this.db.manager.findOne(BoundaryBreach, { where: { organizationId, boundaryId, id }, lock: { mode: 'pessimistic_write' } });
  }

  acknowledgeBreach(organizationId: string, id: string, partnerId: string, by: Recorder): Promise<BoundaryBreach> {
    return updateVersioned(this.db.manager, BoundaryBreach, { resource: 'Breach', organizationId, id }, {
      acknowledgedAt: () => 'now()',
      acknowledgedByPartnerId: partnerId,
      acknowledgedRecordedByType: by.type,
      acknowledgedRecordedById: by.id,
    });
  }

  breachesQuery(organizationId: string, boundaryId: string): SelectQueryBuilder<BoundaryBreach> {
    return this.db.manager
      .createQueryBuilder(BoundaryBreach, 'breach')
      .where('breach.organizationId = :organizationId AND breach.boundaryId = :boundaryId', { organizationId, boundaryId });
  }

  /**
   * Per boundary and partner (both partners, zeros included): breaches that occurred in each window
   * of calendar dates, by the date they occurred in `timeZone` (the organization's). One statement,
   * for a page of boundaries or for every boundary of a couple still in use (not archived), the
   * oldest boundary first.
   */
  async breachCounts(
    organizationId: string,
    scope: { boundaryIds: string[] } | { coupleId: string },
    windows: { last30Days: DateWindow; last90Days: DateWindow },
    timeZone: string,
  ): Promise<BreachCountRow[]> {
    if ('boundaryIds' in scope && scope.boundaryIds.length === 0) return [];
    const rows: { boundary_id: string; partner_id: string; last_30: number; last_90: number }[] = await this.db.manager.query(
      `SELECT b.id AS boundary_id, p.partner_id,
              count(x.id) FILTER (WHERE x.occurred_on BETWEEN $5::date AND $6::date)::int AS last_30,
              count(x.id) FILTER (WHERE x.occurred_on BETWEEN $3::date AND $4::date)::int AS last_90
         FROM boundaries b
         CROSS JOIN LATERAL unnest(ARRAY[b.partner_a_id, b.partner_b_id]) AS p(partner_id)
         LEFT JOIN LATERAL (
           SELECT breach.id, (breach.occurred_at AT TIME ZONE $7)::date AS occurred_on
             FROM boundary_breaches breach
            WHERE breach.organization_id = b.organization_id AND breach.boundary_id = b.id AND breach.breached_by_partner_id = p.partner_id
              AND breach.occurred_at >= ($3::date - 1)::timestamp AT TIME ZONE 'UTC'
         ) AS x ON true
        WHERE b.organization_id = $1
          AND ${'boundaryIds' in scope ? 'b.id = ANY($2::uuid[])' : 'b.couple_id = $2::uuid AND b.archived_at IS NULL'}
        GROUP BY b.id, p.partner_id
        ORDER BY min(b.created_at), b.id, p.partner_id`,
      [
        organizationId,
        'boundaryIds' in scope ? scope.boundaryIds : scope.coupleId,
        windows.last90Days.from,
        windows.last90Days.to,
        windows.last30Days.from,
        windows.last30Days.to,
        timeZone,
      ],
    );
    return rows.map((r) => ({ boundaryId: r.boundary_id, partnerId: r.partner_id, last30Days: r.last_30, last90Days: r.last_90 }));
  }

  /** The breaches of the couple's boundaries (archived ones left out) that occurred within `window`, without their notes, oldest first. */
  async breachesOfCouple(
    organizationId: string,
    coupleId: string,
    window: DateWindow,
    timeZone: string,
  ): Promise<{ boundaryId: string; breachedBy: string; occurredAt: Date; severity: string; acknowledged: boolean }[]> {
    const rows: { boundary_id: string; breached_by: string; occurred_at: Date; severity: string; acknowledged: boolean }[] = await this.db.manager.query(
      `SELECT x.boundary_id, x.breached_by_partner_id AS breached_by, x.occurred_at, x.severity, x.acknowledged_at IS NOT NULL AS acknowledged
         FROM boundary_breaches x JOIN boundaries b ON b.organization_id = x.organization_id AND b.id = x.boundary_id
        WHERE x.organization_id = $1 AND b.couple_id = $2 AND b.archived_at IS NULL
          AND x.occurred_at >= ($3::date::timestamp AT TIME ZONE $5) AND x.occurred_at < (($4::date + 1)::timestamp AT TIME ZONE $5)
        ORDER BY x.occurred_at, x.id`,
      [organizationId, coupleId, window.from, window.to, timeZone],
    );
    return rows.map((r) => ({ boundaryId: r.boundary_id, breachedBy: r.breached_by, occurredAt: r.occurred_at, severity: r.severity, acknowledged: r.acknowledged }));
  }
}
