import { Check, Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { Client } from '../clients/client.entity';
import { Couple } from '../couples/couple.entity';
import { TenantRecord, sameOrganization } from '../database/tenant-record';
import { Organization } from '../organizations/organization.entity';
import { Program } from '../programs/program.entity';

export const ENROLLMENT_STATUSES = ['active', 'paused', 'completed', 'withdrawn'] as const;
export type EnrollmentStatus = (typeof ENROLLMENT_STATUSES)[number];

/**
 * A couple or a client working through one program version. The version is pinned: later versions
 * of the program never change an enrollment. Step state lives in `enrollment_steps`, practice ticks
 * in `enrollment_practice_ticks`, and everything that happened in `enrollment_events`.
 */
@Entity('enrollments')
@Check('enrollments_status_check', "status IN ('active', 'paused', 'completed', 'withdrawn')")
@Check('enrollments_one_subject', '(couple_id IS NULL) <> (client_id IS NULL)')
@Index('enrollments_org_created', ['organizationId', 'createdAt', 'id'])
@Index('enrollments_org_updated', ['organizationId', 'updatedAt', 'id'])
@Index('enrollments_org_couple', ['organizationId', 'coupleId'])
@Index('enrollments_org_client', ['organizationId', 'clientId'])
// Created by the migration: one active or paused enrollment per subject and program key.
@Index('enrollments_open_couple_key', { synchronize: false })
@Index('enrollments_open_client_key', { synchronize: false })
export class Enrollment extends TenantRecord {
  @ManyToOne(() => Organization, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'organization_id' })
  organization?: Organization;

  /** The program version; programs are shared reference rows, so this key is the id alone. */
  @Column('uuid')
  programId!: string;

  @ManyToOne(() => Program, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'program_id' })
  program?: Program;

  /** Copied from the program, for "one open enrollment per program" and filtering. */
  @Column({ type: 'text' })
  programKey!: string;

  @Column({ type: 'integer' })
  programVersion!: number;

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

  @Column({ type: 'text', default: 'active' })
  status!: EnrollmentStatus;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  startedAt!: Date;

  @Column({ type: 'timestamptz', nullable: true })
  completedAt!: Date | null;
}
