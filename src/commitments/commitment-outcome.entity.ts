import { Check, Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { sameOrganization } from '../database/tenant-record';
import { Organization } from '../organizations/organization.entity';
import { Commitment } from './commitment.entity';
import type { CommitterOutcome, PartnerView } from './rules/reliability';

/** Who recorded a viewpoint: staff or clinic software now, the partner themselves once the client portal exists. */
export type RecorderType = 'user' | 'apiKey' | 'client';

/**
 * What was recorded about one occurrence (one calendar date) of one commitment, from the two
 * viewpoints, each with who recorded it and when: the committer's report (`committer_*`) and the
 * other partner's answer to it (`partner_*`). Recording again overwrites; the timeline keeps each
 * recording. `committer_reason` and `partner_note` are client data: never logged, audited or put
 * on the timeline.
 */
@Entity('commitment_outcomes')
@Check('commitment_outcomes_outcome_check', "committer_outcome IS NULL OR committer_outcome IN ('kept', 'missed', 'renegotiated', 'excused')")
@Check('commitment_outcomes_answer_check', "partner_answer IS NULL OR partner_answer IN ('confirmed', 'disputed')")
@Check('commitment_outcomes_answer_needs_report', 'partner_answer IS NULL OR committer_outcome IS NOT NULL')
@Check(
  'commitment_outcomes_committer_recorded',
  '(committer_outcome IS NULL) = (committer_recorded_at IS NULL) AND (committer_outcome IS NULL) = (committer_recorded_by_id IS NULL)',
)
@Check(
  'commitment_outcomes_partner_recorded',
  '(partner_answer IS NULL) = (partner_recorded_at IS NULL) AND (partner_answer IS NULL) = (partner_recorded_by_id IS NULL)',
)
@Check('commitment_outcomes_recorder_types', "committer_recorded_by_type IN ('user', 'apiKey', 'client') AND partner_recorded_by_type IN ('user', 'apiKey', 'client')")
export class CommitmentOutcome {
  @PrimaryColumn('uuid')
  organizationId!: string;

  @PrimaryColumn('uuid')
  commitmentId!: string;

  /** The occurrence's calendar date in the commitment's time zone. */
  @PrimaryColumn({ type: 'date' })
  occursOn!: string;

  @ManyToOne(() => Organization, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'organization_id' })
  organization?: Organization;

  @ManyToOne(() => Commitment, { onDelete: 'RESTRICT' })
  @JoinColumn(sameOrganization('commitment_id'))
  commitment?: Commitment;

  @Column({ type: 'text', nullable: true })
  committerOutcome!: CommitterOutcome | null;

  /** Why the occurrence is excused: client data. */
  @Column({ type: 'text', nullable: true })
  committerReason!: string | null;

  @Column({ type: 'text', nullable: true })
  committerRecordedByType!: RecorderType | null;

  @Column({ type: 'uuid', nullable: true })
  committerRecordedById!: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  committerRecordedAt!: Date | null;

  @Column({ type: 'text', nullable: true })
  partnerAnswer!: PartnerView | null;

  /** The partner's note on their answer: client data. */
  @Column({ type: 'text', nullable: true })
  partnerNote!: string | null;

  @Column({ type: 'text', nullable: true })
  partnerRecordedByType!: RecorderType | null;

  @Column({ type: 'uuid', nullable: true })
  partnerRecordedById!: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  partnerRecordedAt!: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
