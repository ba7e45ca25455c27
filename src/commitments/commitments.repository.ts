import { Injectable } from '@nestjs/common';
import { SelectQueryBuilder } from 'typeorm';
import { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { enrollmentInCaseloadSql } from '../access/caseload';
import { archive, IfMatch, lockVersioned, restore, touchVersioned, updateVersioned, VersionedTarget } from '../common/concurrency';
import { Transactions } from '../database/transactions';
import { CommitmentOutcome, RecorderType } from './commitment-outcome.entity';
import { Commitment } from './commitment.entity';
import type { CommitterOutcome, PartnerView } from './rules/reliability';

export type CommitmentListFilter = {
  organizationId: string;
  /** Only the commitments of this practitioner's caseload; unset for those who see the whole organization. */
  caseloadOf?: string;
  coupleId?: string;
  clientId?: string;
  committerId?: string;
};

export type NewCommitment = Omit<Commitment, 'id' | 'createdAt' | 'updatedAt' | 'version' | 'organization' | 'couple' | 'client' | 'committer' | 'previous' | 'supersededBy'>;

export type CommitmentChange = Partial<Pick<Commitment, 'description' | 'toWhom' | 'stepKey' | 'practiceKey' | 'schedule' | 'lastOn' | 'supersededById'>>;

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
}
