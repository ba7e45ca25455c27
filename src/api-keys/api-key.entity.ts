import { Check, Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { ApiKeyRole } from '../auth/permissions';
import { TenantRecord } from '../database/tenant-record';
import { Organization } from '../organizations/organization.entity';

/** A credential for clinic software. Its secret is shown once; only its SHA-256 is kept. */
@Entity('api_keys')
@Check('api_keys_role_check', "role IN ('integration', 'readonly')")
@Index('api_keys_prefix_key', ['prefix'], { unique: true })
@Index('api_keys_org_created', ['organizationId', 'createdAt', 'id'])
@Index('api_keys_org_updated', ['organizationId', 'updatedAt', 'id'])
export class ApiKey extends TenantRecord {
  @ManyToOne(() => Organization, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'organization_id' })
  organization?: Organization;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text' })
  role!: ApiKeyRole;

  /** The public part of the key, shown in lists to tell keys apart. */
  @Column({ type: 'text' })
  prefix!: string;

  @Column({ type: 'text', select: false })
  secretHash!: string;

  @Column({ type: 'uuid', nullable: true })
  createdByUserId!: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  lastUsedAt!: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  revokedAt!: Date | null;
}
