import { Check, Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { StaffRole } from '../auth/permissions';
import { TenantRecord } from '../database/tenant-record';
import { Organization } from '../organizations/organization.entity';

/** A person who logs in: owner, admin, practitioner or facilitator. */
@Entity('staff_users')
@Check('staff_users_role_check', "role IN ('owner', 'admin', 'practitioner', 'facilitator')")
@Index('staff_users_email_key', ['organizationId', 'emailNormalized'], { unique: true })
@Index('staff_users_email_lookup', ['emailNormalized'])
@Index('staff_users_org_created', ['organizationId', 'createdAt', 'id'])
@Index('staff_users_org_updated', ['organizationId', 'updatedAt', 'id'])
export class StaffUser extends TenantRecord {
  @ManyToOne(() => Organization, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'organization_id' })
  organization?: Organization;

  @Column({ type: 'text' })
  email!: string;

  /** Lower-cased email: unique per organization, so "Ana@x" and "ana@x" are one person. */
  @Column({ type: 'text' })
  emailNormalized!: string;

  @Column({ type: 'text' })
  displayName!: string;

  @Column({ type: 'text' })
  role!: StaffRole;

  @Column({ type: 'text', select: false })
  passwordHash!: string;

  @Column({ type: 'timestamptz', nullable: true })
  deactivatedAt!: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  lastLoginAt!: Date | null;
}
