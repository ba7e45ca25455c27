import { Check, Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { TenantRecord, sameOrganization } from '../database/tenant-record';
import { Organization } from '../organizations/organization.entity';
import { StaffUser } from '../staff/staff-user.entity';

export const GROUP_STATUSES = ['active', 'closed'] as const;
export type GroupStatus = (typeof GROUP_STATUSES)[number];

/** A support group or workshop, run by one staff member (its facilitator); its members are clients. */
@Entity('groups')
@Check('groups_status_check', "status IN ('active', 'closed')")
@Check('groups_capacity_check', 'capacity IS NULL OR capacity BETWEEN 1 AND 500')
@Check('groups_dates_check', 'ends_on IS NULL OR starts_on IS NULL OR ends_on >= starts_on')
@Index('groups_org_created', ['organizationId', 'createdAt', 'id'])
@Index('groups_org_updated', ['organizationId', 'updatedAt', 'id'])
@Index('groups_facilitator', ['organizationId', 'facilitatorUserId'])
export class Group extends TenantRecord {
  @ManyToOne(() => Organization, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'organization_id' })
  organization?: Organization;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text', nullable: true })
  description!: string | null;

  @Column('uuid')
  facilitatorUserId!: string;

  @ManyToOne(() => StaffUser, { onDelete: 'RESTRICT' })
  @JoinColumn(sameOrganization('facilitator_user_id'))
  facilitator?: StaffUser;

  @Column({ type: 'text', default: 'active' })
  status!: GroupStatus;

  /** The most current members the group takes; null for no limit. */
  @Column({ type: 'integer', nullable: true })
  capacity!: number | null;

  @Column({ type: 'date', nullable: true })
  startsOn!: string | null;

  @Column({ type: 'date', nullable: true })
  endsOn!: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  archivedAt!: Date | null;
}
