import { Injectable } from '@nestjs/common';
import { Subject, subjectColumn } from '../common/subject';
import { SelectQueryBuilder } from 'typeorm';
import { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { enrollmentInCaseloadSql } from '../access/caseload';
import { archive, IfMatch, lockVersioned, restore, touchVersioned, updateVersioned, VersionedTarget } from '../common/concurrency';
import { coupleSql } from '../couples/couples.repository';
import { Transactions } from '../database/transactions';
import { CommitmentOutcome, RecorderType } from './commitment-outcome.entity';
import { Commitment } from './commitment.entity';
import type { CommitterOutcome, CountedBucket, PartnerView } from './rules/reliability';
import type { DateWindow } from '../common/calendar-date';

export type CommitmentListFilter = {
  organizationId: string;
  /** Only the commitments of this practitioner's caseload; unset for those who see the whole organization. */
  caseloadOf?: string;
  coupleId?: string;
  clientId?: string;
  committerId?: string;
  /** Only what this client shares: their own commitments to themselves, and those of the couples they are a partner in. */
  sharedWith?: string;
};

export type NewCommitment = Omit<Commitment, 'id' | 'createdAt' | 'updatedAt' | 'version' | 'organization' | 'couple' | 'client' | 'committer' | 'previous' | 'supersededBy'>;

export type CommitmentChange = Partial<Pick<Commitment, 'description' | 'toWhom' | 'stepKey' | 'practiceKey' | 'schedule' | 'lastOn' | 'supersededById'>>;

/** Whose commitments: a couple's (both partners') or a client's own. */
export type CommitmentSubjectKey = Subject;

/** The periods and weeks reliability is counted over, each a window of calendar dates. */
export interface ReliabilityWindows {
  /** The first and last date counted: occurrences outside it do not count at all. */
  counted: DateWindow;
  last30Days: DateWindow;
  last90Days: DateWindow;
}

export interface Recorder {
  type: RecorderType;
  id: string;
}

/** The `commitments` and `commitment_outcomes` tables' SQL. */
@Injectable()
export class CommitmentsRepository {
  constructor(private readonly db: Transactions) {}

  listQuery(filter: CommitmentListFilter): SelectQueryBuilder<Commitment> {
    const qb = this.db.manager.createQueryBuilder(Commitment, 'c').where('c.organizationId = :organizationId', { organizationId: filter.organizationId });
    if (filter.caseloadOf) qb.andWhere(enrollmentInCaseloadSql('c', ':organizationId', ':actorId'), { actorId: filter.caseloadOf });
    if (filter.coupleId) qb.andWhere('c.coupleId = :coupleId', { coupleId: filter.coupleId });
    if (filter.clientId) qb.andWhere('c.clientId = :clientId', { clientId: filter.clientId });
    if (filter.committerId) qb.andWhere('c.committerId = :committerId', { committerId: filter.committerId });
    if (filter.sharedWith) {
      qb.andWhere(`(c.client_id = :sharedWith OR c.couple_id IN (${coupleSql.idsWithPartner(':organizationId', ':sharedWith')}))`, { sharedWith: filter.sharedWith });
    }
    return qb;
  }

  find(organizationId: string, id: string): Promise<Commitment | null> {
    return this.db.manager.findOneBy(Commitment, { organizationId, id });
  }

  /** The commitment `FOR UPDATE`: 404 when missing, 412 when If-Match names another version. */
  lock(organizationId: string, id: string, ifMatch?: IfMatch): Promise<Commitment> {
    return lockVersioned(this.db.manager, Commitment, { resource: 'Commitment', organizationId, id, ifMatch });
  }

  async insert(commitment: NewCommitment): Promise<string> {
    const { identifiers } = await this.db.manager.insert(Commitment, commitment as QueryDeepPartialEntity<Commitment>);
    return identifiers[0].id as string;
  }

  update(target: VersionedTarget, change: CommitmentChange): Promise<Commitment> {
    return updateVersioned(this.db.manager, Commitment, target, change as QueryDeepPartialEntity<Commitment>);
  }

  /** A new version for a change of the outcomes it owns, so that a sync sees it. */
  touch(target: VersionedTarget): Promise<Commitment> {
    return touchVersioned(this.db.manager, Commitment, target);
  }

  archive(target: VersionedTarget): Promise<Commitment> {
    return archive(this.db.manager, Commitment, target);
  }

  restore(target: VersionedTarget): Promise<Commitment> {
    return restore(this.db.manager, Commitment, target);
  }

  /** The outcomes recorded for a commitment between two dates (both included), by date. */
  outcomesBetween(organizationId: string, commitmentId: string, from: string, to: string): Promise<CommitmentOutcome[]> {
    return this.db.manager
      .createQueryBuilder(CommitmentOutcome, 'o')
      .where('o.organizationId = :organizationId AND o.commitmentId = :commitmentId', { organizationId, commitmentId })
      .andWhere('o.occursOn BETWEEN CAST(:from AS date) AND CAST(:to AS date)', { from, to })
      .orderBy('o.occursOn', 'ASC')
      .getMany();
  }

  findOutcome(organizationId: string, commitmentId: string, occursOn: string): Promise<CommitmentOutcome | null> {
    return this.db.manager.findOneBy(CommitmentOutcome, { organizationId, commitmentId, occursOn });
  }

  /** Whether any committer report is recorded after `date`. */
  async hasReportsAfter(organizationId: string, commitmentId: string, date: string): Promise<boolean> {
    const rows: unknown[] = await this.db.manager.query(
      `SELECT 1 FROM commitment_outcomes WHERE organization_id = $1 AND commitment_id = $2 AND occurs_on > $3::date AND committer_outcome IS NOT NULL LIMIT 1`,
      [organizationId, commitmentId, date],
    );
    return rows.length > 0;
  }

  /**
   * Records the committer's report, creating the row if need be. A changed outcome clears the
   * partner's answer, which answered the old report; the same outcome again keeps it.
   */
  async putReport(
    key: { organizationId: string; commitmentId: string; occursOn: string },
    report: { outcome: CommitterOutcome; reason: string | null },
    by: Recorder,
  ): Promise<void> {
    await this.db.manager.query(
      `INSERT INTO commitment_outcomes AS o (organization_id, commitment_id, occurs_on, committer_outcome, committer_reason,
                                            committer_recorded_by_type, committer_recorded_by_id, committer_recorded_at)
       VALUES ($1, $2, $3::date, $4, $5, $6, $7, now())
       ON CONFLICT (organization_id, commitment_id, occurs_on) DO UPDATE SET
         committer_outcome = EXCLUDED.committer_outcome,
         committer_reason = EXCLUDED.committer_reason,
         committer_recorded_by_type = EXCLUDED.committer_recorded_by_type,
         committer_recorded_by_id = EXCLUDED.committer_recorded_by_id,
         committer_recorded_at = now(),
         partner_answer = CASE WHEN o.committer_outcome IS DISTINCT FROM EXCLUDED.committer_outcome THEN NULL ELSE o.partner_answer END,
         partner_note = CASE WHEN o.committer_outcome IS DISTINCT FROM EXCLUDED.committer_outcome THEN NULL ELSE o.partner_note END,
         partner_recorded_by_type = CASE WHEN o.committer_outcome IS DISTINCT FROM EXCLUDED.committer_outcome THEN NULL ELSE o.partner_recorded_by_type END,
         partner_recorded_by_id = CASE WHEN o.committer_outcome IS DISTINCT FROM EXCLUDED.committer_outcome THEN NULL ELSE o.partner_recorded_by_id END,
         partner_recorded_at = CASE WHEN o.committer_outcome IS DISTINCT FROM EXCLUDED.committer_outcome THEN NULL ELSE o.partner_recorded_at END,
         updated_at = now()`,
      [key.organizationId, key.commitmentId, key.occursOn, report.outcome, report.reason, by.type, by.id],
    );
  }

  /** Records the partner's answer on an existing row (the caller has checked that a report exists). */
  async putAnswer(
    key: { organizationId: string; commitmentId: string; occursOn: string },
    answer: { answer: PartnerView; note: string | null },
    by: Recorder,
  ): Promise<void> {
    await this.db.manager.query(
      `UPDATE commitment_outcomes
          SET partner_answer = $4, partner_note = $5, partner_recorded_by_type = $6, partner_recorded_by_id = $7,
              partner_recorded_at = now(), updated_at = now()
        WHERE organization_id = $1 AND commitment_id = $2 AND occurs_on = $3::date`,
      [key.organizationId, key.commitmentId, key.occursOn, answer.answer, answer.note, by.type, by.id],
    );
  }

  /** The first occurrence of the subject's first commitment still in use (not archived), or null. */
  async firstOccurrence(organizationId: string, subject: CommitmentSubjectKey): Promise<string | null> {
    const [row]: { first_on: string | null }[] = await this.db.manager.query(
      `SELECT to_char(min(first_on), 'YYYY-MM-DD') AS first_on FROM commitments
        WHERE organization_id = $1 AND ${subjectColumn(subject).column} = $2 AND archived_at IS NULL`,
      [organizationId, subjectColumn(subject).id],
    );
    return row.first_on;
  }

  /**
   * Counts of the subject's occurrences by committer, for each period and each ISO week, in one
   * statement: each schedule is expanded day by day within `windows.counted` (a schedule spans at
   * most 731 days), joined to its outcomes and counted in PostgreSQL; nothing is loaded per
   * occurrence. Archived commitments do not count; earlier versions of a renegotiated one do, up to
   * the renegotiated date. Weeks with nothing due have no row. `reliabilityOf` is the reference.
   */
  async reliabilityCounts(organizationId: string, subject: CommitmentSubjectKey, windows: ReliabilityWindows): Promise<CountedBucket[]> {
    const rows: (Omit<CountedBucket, 'committerId'> & { committer_id: string })[] = await this.db.manager.query(
      `WITH occurrence AS MATERIALIZED (
         SELECT c.committer_id, day.due_on, o.committer_outcome AS report, o.partner_answer AS answer
           FROM commitments c
           CROSS JOIN LATERAL (
             SELECT d::date AS due_on FROM generate_series(GREATEST(c.first_on, $3::date), LEAST(c.last_on, $4::date), interval '1 day') AS d
           ) AS day
           LEFT JOIN commitment_outcomes o
             ON o.organization_id = c.organization_id AND o.commitment_id = c.id AND o.occurs_on = day.due_on
          WHERE c.organization_id = $1 AND c.${subjectColumn(subject).column} = $2 AND c.archived_at IS NULL
            AND c.first_on <= $4::date AND c.last_on >= $3::date
            AND (c.schedule->>'kind' <> 'weekly'
                 OR c.schedule->'weekdays' ? (ARRAY['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'])[extract(isodow FROM day.due_on)::int])
       ), bucket AS (
         SELECT committer_id, 'sinceStart' AS period, NULL::date AS week, report, answer FROM occurrence
         UNION ALL
         SELECT committer_id, 'last90Days', NULL, report, answer FROM occurrence WHERE due_on BETWEEN $5::date AND $6::date
         UNION ALL
         SELECT committer_id, 'last30Days', NULL, report, answer FROM occurrence WHERE due_on BETWEEN $7::date AND $8::date
         UNION ALL
         SELECT committer_id, 'week', date_trunc('week', due_on)::date, report, answer FROM occurrence
       )
       SELECT committer_id, period, to_char(week, 'YYYY-MM-DD') AS week,
              count(*)::int AS due,
              count(*) FILTER (WHERE report = 'kept')::int AS kept,
              count(*) FILTER (WHERE report = 'missed')::int AS missed,
              count(*) FILTER (WHERE report = 'excused')::int AS excused,
              count(*) FILTER (WHERE report = 'renegotiated')::int AS renegotiated,
              count(*) FILTER (WHERE report IS NULL)::int AS unreported,
              count(*) FILTER (WHERE report IS NOT NULL AND answer = 'confirmed')::int AS confirmed,
              count(*) FILTER (WHERE report IS NOT NULL AND answer = 'disputed')::int AS disputed
         FROM bucket
        GROUP BY committer_id, period, week`,
      [
        organizationId,
        subjectColumn(subject).id,
        windows.counted.from,
        windows.counted.to,
        windows.last90Days.from,
        windows.last90Days.to,
        windows.last30Days.from,
        windows.last30Days.to,
      ],
    );
    return rows.map(({ committer_id: committerId, ...counts }) => ({ committerId, ...counts }));
  }
}
