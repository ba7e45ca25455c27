import { Check, Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { sameOrganization } from '../database/tenant-record';
import { Client } from '../clients/client.entity';
import { EnrollmentStep } from './enrollment-step.entity';

/**
 * A practice marked done from one person's viewpoint: for a couple, each partner's tick is its own
 * row (a couple has two viewpoints); for a client enrollment, the client's.
 */
@Entity('enrollment_practice_ticks')
@Check('enrollment_practice_ticks_actor_type_check', "ticked_by_type IN ('user', 'apiKey', 'system')")
export class EnrollmentPracticeTick {
  @PrimaryColumn('uuid')
  organizationId!: string;

  @PrimaryColumn('uuid')
  enrollmentId!: string;

  @PrimaryColumn('text')
  stepKey!: string;

  @PrimaryColumn('text')
  practiceKey!: string;

  /** Whose viewpoint: a partner of the couple, or the enrolled client. */
  @PrimaryColumn('uuid')
  clientId!: string;

  @ManyToOne(() => EnrollmentStep, { onDelete: 'CASCADE' })
  @JoinColumn([
    { name: 'organization_id', referencedColumnName: 'organizationId' },
    { name: 'enrollment_id', referencedColumnName: 'enrollmentId' },
    { name: 'step_key', referencedColumnName: 'stepKey' },
  ])
  step?: EnrollmentStep;

  @ManyToOne(() => Client, { onDelete: 'RESTRICT' })
  @JoinColumn(sameOrganization('client_id'))
  client?: Client;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  tickedAt!: Date;

  /** Who recorded the tick: a staff user or an API key. */
  @Column({ type: 'text' })
  tickedByType!: 'user' | 'apiKey' | 'system';

  @Column({ type: 'uuid', nullable: true })
  tickedById!: string | null;
}
