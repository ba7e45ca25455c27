import { Injectable } from '@nestjs/common';
import { Subject, subjectColumn } from '../common/subject';
import { SelectQueryBuilder } from 'typeorm';
import { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { measurementInCaseloadSql } from '../access/caseload';
import { lockVersioned, updateVersioned, VersionedTarget } from '../common/concurrency';
import { Transactions } from '../database/transactions';
import { Measurement } from './measurement.entity';
import type { TrendPoint } from './rules/trend';

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

/** A couple's measurements are its partners'; a client's are their own, outside any couple. The id is `$2`. */
const subjectRowsSql = (subject: Subject) => ('coupleId' in subject ? 'couple_id = $2' : 'client_id = $2 AND couple_id IS NULL');

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

  /**
   * What a trend needs of the subject's current (not superseded) measurements of one instrument, up
   * to the end of `window`, in one statement ranked in PostgreSQL: those in the window, each
   * respondent's first (the baseline) and each one's last before the window. `day` is the calendar
   * date in `timeZone`. A couple's are its partners'; a client's are their own (individual work).
   */
  async trendRows(
    organizationId: string,
    subject: Subject,
    instrumentId: string,
    window: { from: string | null; to: string },
    timeZone: string,
  ): Promise<{ respondentId: string; point: TrendPoint; inWindow: boolean; isBaseline: boolean; isBefore: boolean }[]> {
    const rows: { id: string; client_id: string; taken_at: Date; day: string; score: number; in_window: boolean; is_baseline: boolean; is_before: boolean }[] =
      await this.db.manager.query(
        `WITH current AS (
           SELECT id, client_id, taken_at, (taken_at AT TIME ZONE $6)::date AS day, score
             FROM measurements
            WHERE organization_id = $1 AND ${subjectRowsSql(subject)}
              AND instrument_id = $3 AND superseded_by_id IS NULL
              AND taken_at < (($5::date + 1)::timestamp AT TIME ZONE $6)
         ), ranked AS (
           SELECT *, ($4::date IS NULL OR day >= $4::date) AS in_window,
                  row_number() OVER (PARTITION BY client_id ORDER BY taken_at, id) = 1 AS is_baseline,
                  row_number() OVER (PARTITION BY client_id, ($4::date IS NOT NULL AND day < $4::date) ORDER BY taken_at DESC, id DESC) = 1
                    AND $4::date IS NOT NULL AND day < $4::date AS is_before
             FROM current
         )
         SELECT id, client_id, taken_at, to_char(day, 'YYYY-MM-DD') AS day, score, in_window, is_baseline, is_before
           FROM ranked WHERE in_window OR is_baseline OR is_before
          ORDER BY client_id, taken_at, id`,
        [organizationId, subjectColumn(subject).id, instrumentId, window.from, window.to, timeZone],
      );
    return rows.map((r) => ({
      respondentId: r.client_id,
      point: { measurementId: r.id, takenAt: r.taken_at, day: r.day, score: r.score },
      inWindow: r.in_window,
      isBaseline: r.is_baseline,
      isBefore: r.is_before,
    }));
  }

  /** The instruments the subject has current measurements of, taken up to the end of `window` (for the report), most used first. */
  async instrumentsMeasured(organizationId: string, subject: Subject, window: { from: string; to: string }, timeZone: string): Promise<string[]> {
    const rows: { instrument_id: string }[] = await this.db.manager.query(
      `SELECT instrument_id FROM measurements
        WHERE organization_id = $1 AND ${subjectRowsSql(subject)} AND superseded_by_id IS NULL
          AND taken_at >= ($3::date::timestamp AT TIME ZONE $5) AND taken_at < (($4::date + 1)::timestamp AT TIME ZONE $5)
        GROUP BY instrument_id ORDER BY count(*) DESC, instrument_id`,
      [organizationId, subjectColumn(subject).id, window.from, window.to, timeZone],
    );
    return rows.map((r) => r.instrument_id);
  }

  /** When the client last answered each instrument version, as themselves or as a partner: current answers only. */
  async lastAnsweredBy(organizationId: string, clientId: string): Promise<{ instrumentId: string; takenAt: Date }[]> {
    const rows: { instrument_id: string; taken_at: Date }[] = await this.db.manager.query(
      `SELECT instrument_id, max(taken_at) AS taken_at FROM measurements
        WHERE organization_id = $1 AND client_id = $2 AND superseded_by_id IS NULL
        GROUP BY instrument_id`,
      [organizationId, clientId],
    );
    return rows.map((r) => ({ instrumentId: r.instrument_id, takenAt: r.taken_at }));
  }
}
