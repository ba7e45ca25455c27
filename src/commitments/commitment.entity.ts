import { Check, Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { Client } from '../clients/client.entity';
import { Couple } from '../couples/couple.entity';
import { TenantRecord, sameOrganization } from '../database/tenant-record';
import { Organization } from '../organizations/organization.entity';
import type { Schedule } from './rules/schedule';

/** Whom a commitment is made to: the other partner or the relationship (a couple's), or oneself (a client's own work). */
export const COMMITMENT_RECIPIENTS = ['partner', 'relationship', 'self'] as const;
export type CommitmentRecipient = (typeof COMMITMENT_RECIPIENTS)[number];

/**
 * A promise one partner makes to the other or to the relationship (or a client, in individual
 * work, to themselves), on a schedule of calendar dates in `timeZone`, copied from the
 * organization when the commitment is made so that a later change of the organization's zone
 * moves no due date. Occurrences are derived from the schedule; only their outcomes are stored
 * (`commitment_outcomes`). `firstOn`/`lastOn` are the schedule's first and last occurrence, so
 * that queries find the commitments due in a window without expanding schedules.
 *
 * Renegotiating an occurrence makes a new version: a new row with `previousId` naming this one,
 * while this one's schedule ends on the renegotiated date and `supersededById` names the new one.
 *
 * `description` is client data: returned only to those who may read the commitment, never logged,
 * audited or put on the timeline.
 */
@Entity('commitments')
@Check('commitments_one_subject', '(couple_id IS NULL) <> (client_id IS NULL)')
@Check('commitments_to_check', "to_whom IN ('partner', 'relationship', 'self') AND ((couple_id IS NULL) = (to_whom = 'self'))")
@Check('commitments_span_check', 'first_on <= last_on')
@Check('commitments_created_by_type_check', "created_by_type IN ('user', 'apiKey', 'client')")
@Index('commitments_org_created', ['organizationId', 'createdAt', 'id'])
@Index('commitments_org_updated', ['organizationId', 'updatedAt', 'id'])
@Index('commitments_org_couple', ['organizationId', 'coupleId', 'firstOn'])
@Index('commitments_org_client', ['organizationId', 'clientId', 'firstOn'])
@Index('commitments_org_committer', ['organizationId', 'committerId', 'firstOn'])
export class Commitment extends TenantRecord {
  @ManyToOne(() => Organization, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'organization_id' })
  organization?: Organization;

  @Column({ type: 'uuid', nullable: true })
  coupleId!: string | null;

  @ManyToOne(() => Couple, { onDelete: 'RESTRICT' })
  @JoinColumn(sameOrganization('couple_id'))
  couple?: Couple;

  @Column({ type: 'uuid', nullable: true })
  clientId!: string | null;

  @ManyToOne(() => Client, { onDelete: 'RESTRICT' })
  @JoinColumn(sameOrganization('client_id'))
  client?: Client;

  /** Who made the promise: a partner of the couple, or the client. */
  @Column('uuid')
  committerId!: string;

  @ManyToOne(() => Client, { onDelete: 'RESTRICT' })
  @JoinColumn(sameOrganization('committer_id'))
  committer?: Client;

  @Column({ type: 'text' })
  toWhom!: CommitmentRecipient;

  /** Client data: never logged or audited. */
  @Column({ type: 'text' })
  description!: string;

  @Column({ type: 'text', nullable: true })
  stepKey!: string | null;

  @Column({ type: 'text', nullable: true })
  practiceKey!: string | null;

  @Column({ type: 'jsonb' })
  schedule!: Schedule;

  /** The IANA time zone its dates are counted in, copied from the organization at creation. */
  @Column({ type: 'text' })
  timeZone!: string;

  @Column({ type: 'date' })
  firstOn!: string;

  @Column({ type: 'date' })
  lastOn!: string;

  /** The version this one renegotiated, if any. */
  @Column({ type: 'uuid', nullable: true })
  previousId!: string | null;

  @ManyToOne(() => Commitment, { onDelete: 'RESTRICT' })
  @JoinColumn(sameOrganization('previous_id'))
  previous?: Commitment;

  /** The version that renegotiated this one, if any. */
  @Column({ type: 'uuid', nullable: true })
  supersededById!: string | null;

  @ManyToOne(() => Commitment, { onDelete: 'RESTRICT' })
  @JoinColumn(sameOrganization('superseded_by_id'))
  supersededBy?: Commitment;

  @Column({ type: 'text' })
  createdByType!: 'user' | 'apiKey' | 'client';

  @Column('uuid')
  createdById!: string;

  @Column({ type: 'timestamptz', nullable: true })
  archivedAt!: Date | null;
}
