import { Injectable } from '@nestjs/common';
import { SelectQueryBuilder } from 'typeorm';
import { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { measurementInCaseloadSql } from '../access/caseload';
import { lockVersioned, updateVersioned, VersionedTarget } from '../common/concurrency';
import { Transactions } from '../database/transactions';
import { Measurement } from './measurement.entity';

export type MeasurementListFilter = {
  organizationId: string;
  /** Only the measurements of this practitioner's caseload; unset for those who see the whole organization. */
  caseloadOf?: string;
  coupleId?: string;
  clientId?: string;
  instrumentId?: string;
  /** Taken at or after this instant. */
  from?: string;
  /** Taken before this instant. */
  to?: string;
  includeSuperseded: boolean;
};

export type NewMeasurement = Omit<Measurement, 'id' | 'createdAt' | 'updatedAt' | 'version' | 'organization' | 'instrument' | 'couple' | 'client' | 'session' | 'supersedes' | 'supersededBy'>;

/** The `measurements` table's SQL. */
@Injectable()
export class MeasurementsRepository {
  constructor(private readonly db: Transactions) {}

  listQuery(filter: MeasurementListFilter): SelectQueryBuilder<Measurement> {
    const qb = this.db.manager.createQueryBuilder(Measurement, 'm').where('m.organizationId = :organizationId', { organizationId: filter.organizationId });
    if (filter.caseloadOf) qb.andWhere(measurementInCaseloadSql('m', ':organizationId', ':actorId'), { actorId: filter.caseloadOf });
    if (filter.coupleId) qb.andWhere('m.coupleId = :coupleId', { coupleId: filter.coupleId });
    if (filter.clientId) qb.andWhere('m.clientId = :clientId', { clientId: filter.clientId });
    if (filter.instrumentId) qb.andWhere('m.instrumentId = :instrumentId', { instrumentId: filter.instrumentId });
    if (filter.from) qb.andWhere('m.takenAt >= CAST(:from AS timestamptz)', { from: filter.from });
    if (filter.to) qb.andWhere('m.takenAt < CAST(:to AS timestamptz)', { to: filter.to });
    if (!filter.includeSuperseded) qb.andWhere('m.supersededById IS NULL');
    return qb;
  }

  find(organizationId: string, id: string): Promise<Measurement | null> {
    return this.db.manager.findOneBy(Measurement, { organizationId, id });
  }

  /** The measurement `FOR UPDATE`: 404 when missing. */
  lock(organizationId: string, id: string): Promise<Measurement> {
    return lockVersioned(this.db.manager, Measurement, { resource: 'Measurement', organizationId, id });
  }

  async insert(measurement: NewMeasurement): Promise<string> {
    const { identifiers } = await this.db.manager.insert(Measurement, measurement as QueryDeepPartialEntity<Measurement>);
    return identifiers[0].id as string;
  }

  /** Marks a measurement as corrected by another (the one change a measurement takes). */
  markSuperseded(target: VersionedTarget, supersededById: string): Promise<Measurement> {
    return updateVersioned(this.db.manager, Measurement, target, { supersededById } as QueryDeepPartialEntity<Measurement>);
  }
}
