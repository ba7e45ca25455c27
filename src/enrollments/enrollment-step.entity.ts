import { Check, Column, Entity, JoinColumn, ManyToOne, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { sameOrganization } from '../database/tenant-record';
import { Enrollment } from './enrollment.entity';

export const STEP_STATUSES = ['not_started', 'in_progress', 'completed'] as const;
export type StepStatus = (typeof STEP_STATUSES)[number];

/** Where an enrollment stands on one step; a row for every step is created with the enrollment. */
@Entity('enrollment_steps')
@Check('enrollment_steps_status_check', "status IN ('not_started', 'in_progress', 'completed')")
@Check('enrollment_steps_setbacks_check', 'setbacks >= 0')
export class EnrollmentStep {
  @PrimaryColumn('uuid')
  organizationId!: string;

  @PrimaryColumn('uuid')
  enrollmentId!: string;

  @PrimaryColumn('text')
  stepKey!: string;

  @ManyToOne(() => Enrollment, { onDelete: 'CASCADE' })
  @JoinColumn(sameOrganization('enrollment_id'))
  enrollment?: Enrollment;

  @Column({ type: 'text', default: 'not_started' })
  status!: StepStatus;

  /** When the step was first started; a setback keeps it. */
  @Column({ type: 'timestamptz', nullable: true })
  startedAt!: Date | null;

  /** When the step was (last) completed; a setback clears it. */
  @Column({ type: 'timestamptz', nullable: true })
  completedAt!: Date | null;

  /** How many times the step went from completed back to in progress. */
  @Column({ type: 'integer', default: 0 })
  setbacks!: number;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
