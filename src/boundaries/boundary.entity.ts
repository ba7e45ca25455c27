import { Check, Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { Client } from '../clients/client.entity';
import { Couple } from '../couples/couple.entity';
import { TenantRecord, sameOrganization } from '../database/tenant-record';
import { Organization } from '../organizations/organization.entity';
import { BOUNDARY_STATUSES, BoundaryStatus } from './rules/boundary-state';

/** Who proposed a boundary or reported a breach: a partner, or the practitioner. */
export const PROPOSER_TYPES = ['partner', 'practitioner'] as const;
export type ProposerType = (typeof PROPOSER_TYPES)[number];
/** Which credential wrote a row: a staff user or an API key. */
export type RecorderType = 'user' | 'apiKey' | 'client';

const list = (values: readonly string[]) => values.map((v) => `'${v}'`).join(', ');

/**
 * A boundary a couple agrees on (step 5). `text` is the current version's text (client data:
 * never logged, audited or put on the timeline); every version's text stays in
 * `boundary_versions`. `status` is what `decideBoundary` says, stored so lists can filter on it.
 */
@Entity('boundaries')
@Check('boundaries_status_check', `status IN (${list(BOUNDARY_STATUSES)})`)
@Check('boundaries_proposed_by_check', "(proposed_by_type = 'partner') = (proposed_by_partner_id IS NOT NULL)")
@Check('boundaries_proposed_by_type_check', `proposed_by_type IN (${list(PROPOSER_TYPES)})`)
@Check('boundaries_recorded_by_type_check', "recorded_by_type IN ('user', 'apiKey', 'client')")
@Check('boundaries_retired_check', "(status = 'retired') = (retired_at IS NOT NULL)")
@Index('boundaries_org_created', ['organizationId', 'createdAt', 'id'])
@Index('boundaries_org_updated', ['organizationId', 'updatedAt', 'id'])
@Index('boundaries_couple', ['organizationId', 'coupleId'])
export class Boundary extends TenantRecord {
  @ManyToOne(() => Organization, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'organization_id' })
  organization?: Organization;

  @Column('uuid')
  coupleId!: string;

  @ManyToOne(() => Couple, { onDelete: 'RESTRICT' })
  @JoinColumn(sameOrganization('couple_id'))
  couple?: Couple;

  /** The couple's partners, copied from the couple (whose partners never change): who must agree. */
  @Column('uuid')
  partnerAId!: string;

  @ManyToOne(() => Client, { onDelete: 'RESTRICT' })
  @JoinColumn(sameOrganization('partner_a_id'))
  partnerA?: Client;

  @Column('uuid')
  partnerBId!: string;

  @ManyToOne(() => Client, { onDelete: 'RESTRICT' })
  @JoinColumn(sameOrganization('partner_b_id'))
  partnerB?: Client;

  /** Who proposed the current version. */
  @Column({ type: 'text' })
  proposedByType!: ProposerType;

  @Column({ type: 'uuid', nullable: true })
  proposedByPartnerId!: string | null;

  @Column({ type: 'text' })
  recordedByType!: RecorderType;

  @Column('uuid')
  recordedById!: string;

  @Column({ type: 'text' })
  text!: string;

  /** 1 for the first text; each revision adds one. */
  @Column({ type: 'int', default: 1 })
  currentVersion!: number;

  @Column({ type: 'text', default: 'proposed' })
  status!: BoundaryStatus;

  @Column({ type: 'timestamptz', nullable: true })
  retiredAt!: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  archivedAt!: Date | null;
}
