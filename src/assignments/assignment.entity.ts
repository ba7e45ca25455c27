import { Check, Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { Client } from '../clients/client.entity';
import { Couple } from '../couples/couple.entity';
import { TenantRecord, sameOrganization } from '../database/tenant-record';
import { Exercise } from '../exercises/exercise.entity';
import { Group } from '../groups/group.entity';
import { Organization } from '../organizations/organization.entity';
import { ASSIGNMENT_STATUSES, AssignmentStatus } from './assignment-transitions';

/**
 * One exercise given to one client. A couple or a group assignment is fanned out to one row per
 * person; `coupleId` or `groupId` then says where it came from, and `batchId` ties together the
 * rows one request created.
 *
 * `response` is the client's reflection, as entered. It is stored as plain text (not encrypted like
 * session notes), is returned only to those who may read the assignment, and never reaches a log,
 * the audit trail, the timeline or an idempotency-stored response.
 */
@Entity('assignments')
@Check('assignments_status_check', `status IN (${ASSIGNMENT_STATUSES.map((s) => `'${s}'`).join(', ')})`)
@Check('assignments_origin_check', 'couple_id IS NULL OR group_id IS NULL')
@Check('assignments_assigned_by_type_check', "assigned_by_type IN ('user', 'apiKey')")
@Check('assignments_completed_check', "(status = 'completed') = (completed_at IS NOT NULL)")
@Check('assignments_response_by_type_check', "response_by_type IN ('user', 'apiKey', 'client')")
@Check('assignments_response_by_check', '(response_by_type IS NULL) = (response_by_id IS NULL)')
@Check('assignments_skipped_check', "(status = 'skipped') = (skipped_at IS NOT NULL)")
@Index('assignments_org_created', ['organizationId', 'createdAt', 'id'])
@Index('assignments_org_updated', ['organizationId', 'updatedAt', 'id'])
@Index('assignments_client_due', ['organizationId', 'clientId', 'dueOn'])
@Index('assignments_couple', ['organizationId', 'coupleId'])
@Index('assignments_group_client', ['organizationId', 'groupId', 'clientId'])
@Index('assignments_batch_client_key', ['organizationId', 'batchId', 'clientId'], { unique: true })
@Index('assignments_status_due', ['organizationId', 'status', 'dueOn'])
export class Assignment extends TenantRecord {
  @ManyToOne(() => Organization, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'organization_id' })
  organization?: Organization;

  /** A built-in exercise or one of the organization's (built-ins have no organization, so by id alone). */
  @Column('uuid')
  exerciseId!: string;

  @ManyToOne(() => Exercise, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'exercise_id', referencedColumnName: 'id' })
  exercise?: Exercise;

  @Column('uuid')
  clientId!: string;

  @ManyToOne(() => Client, { onDelete: 'RESTRICT' })
  @JoinColumn(sameOrganization('client_id'))
  client?: Client;

  /** Set when the assignment was given to a couple (one row per partner). */
  @Column({ type: 'uuid', nullable: true })
  coupleId!: string | null;

  @ManyToOne(() => Couple, { onDelete: 'RESTRICT' })
  @JoinColumn(sameOrganization('couple_id'))
  couple?: Couple;

  /** Set when the assignment was given to a group (one row per member at the time). */
  @Column({ type: 'uuid', nullable: true })
  groupId!: string | null;

  @ManyToOne(() => Group, { onDelete: 'RESTRICT' })
  @JoinColumn(sameOrganization('group_id'))
  group?: Group;

  /** Shared by every row one request created. */
  @Column('uuid')
  batchId!: string;

  @Column({ type: 'text' })
  assignedByType!: 'user' | 'apiKey';

  @Column('uuid')
  assignedById!: string;

  /** The calendar day it is due (YYYY-MM-DD); overdue from the next day (UTC) while still open. */
  @Column({ type: 'date', nullable: true })
  dueOn!: string | null;

  /** Extra instructions for this assignment, beside the exercise's own. */
  @Column({ type: 'text', nullable: true })
  instructions!: string | null;

  @Column({ type: 'text', default: 'assigned' })
  status!: AssignmentStatus;

  /** The client's response or reflection: sensitive, never logged or audited. */
  @Column({ type: 'text', nullable: true })
  response!: string | null;

  /** Who wrote the response last: the client in the portal, or staff / an API key entering it for them. Null without one. */
  @Column({ type: 'text', nullable: true })
  responseByType!: 'user' | 'apiKey' | 'client' | null;

  @Column({ type: 'uuid', nullable: true })
  responseById!: string | null;

  /**
   * Set by the client in the portal: their reflection may be read by the group's facilitators
   * (and others who reach the assignment but not the client's record). Off by default.
   */
  @Column({ type: 'boolean', default: false })
  shareReflection!: boolean;

  @Column({ type: 'timestamptz', nullable: true })
  startedAt!: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  completedAt!: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  skippedAt!: Date | null;
}
