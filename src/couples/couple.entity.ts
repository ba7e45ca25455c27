import { Check, Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { Client } from '../clients/client.entity';
import { TenantRecord, sameOrganization } from '../database/tenant-record';
import { Organization } from '../organizations/organization.entity';

export const COUPLE_STATUSES = ['active', 'paused', 'ended'] as const;
export type CoupleStatus = (typeof COUPLE_STATUSES)[number];

/** Two clients working on their relationship together. The partners never change. */
@Entity('couples')
@Check('couples_status_check', "status IN ('active', 'paused', 'ended')")
@Check('couples_distinct_partners', 'partner_a_id <> partner_b_id')
@Index('couples_org_created', ['organizationId', 'createdAt', 'id'])
@Index('couples_org_updated', ['organizationId', 'updatedAt', 'id'])
@Index('couples_partner_a', ['organizationId', 'partnerAId'])
@Index('couples_partner_b', ['organizationId', 'partnerBId'])
// Created by the migration: one open couple per pair of partners, unique externalId.
@Index('couples_open_pair_key', { synchronize: false })
@Index('couples_external_id_key', { synchronize: false })
export class Couple extends TenantRecord {
  @ManyToOne(() => Organization, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'organization_id' })
  organization?: Organization;

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

  @Column({ type: 'text', nullable: true })
  label!: string | null;

  @Column({ type: 'text', default: 'active' })
  status!: CoupleStatus;

  @Column({ type: 'text', nullable: true })
  presentingConcern!: string | null;

  @Column({ type: 'date', nullable: true })
  startDate!: string | null;

  @Column({ type: 'text', nullable: true })
  externalId!: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  archivedAt!: Date | null;
}
