import { Check, Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { TenantRecord } from '../database/tenant-record';
import { Organization } from '../organizations/organization.entity';

export const CLIENT_STATUSES = ['active', 'paused', 'discharged'] as const;
export type ClientStatus = (typeof CLIENT_STATUSES)[number];

/** A person receiving help. */
@Entity('clients')
@Check('clients_status_check', "status IN ('active', 'paused', 'discharged')")
@Index('clients_org_created', ['organizationId', 'createdAt', 'id'])
@Index('clients_org_updated', ['organizationId', 'updatedAt', 'id'])
@Index('clients_org_status', ['organizationId', 'status'])
// Created by the migration: unique externalId per organization, trigram name search, tag search.
@Index('clients_external_id_key', { synchronize: false })
@Index('clients_name_search', { synchronize: false })
@Index('clients_tags', { synchronize: false })
export class Client extends TenantRecord {
  @ManyToOne(() => Organization, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'organization_id' })
  organization?: Organization;

  @Column({ type: 'text' })
  firstName!: string;

  @Column({ type: 'text' })
  lastName!: string;

  @Column({ type: 'text', nullable: true })
  preferredName!: string | null;

  @Column({ type: 'text', nullable: true })
  pronouns!: string | null;

  @Column({ type: 'date', nullable: true })
  dateOfBirth!: string | null;

  @Column({ type: 'text', nullable: true })
  email!: string | null;

  @Column({ type: 'text', nullable: true })
  phone!: string | null;

  /** The clinic system's own id for this client; unique within the organization. */
  @Column({ type: 'text', nullable: true })
  externalId!: string | null;

  @Column({ type: 'text', default: 'active' })
  status!: ClientStatus;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  tags!: string[];

  @Column({ type: 'timestamptz', nullable: true })
  archivedAt!: Date | null;
}
