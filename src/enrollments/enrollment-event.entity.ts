import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { sameOrganization } from '../database/tenant-record';
import { Enrollment } from './enrollment.entity';

/**
 * One entry of an enrollment's timeline. Append-only: a trigger (see the migration) refuses UPDATE,
 * DELETE and TRUNCATE. `createdAt` is when it was recorded and orders the timeline; `occurredAt` is
 * when it happened, which a later module may set in the past (a session documented afterwards).
 * `type` is text, so a new kind needs no migration; every kind, with the shape of its `data`, is
 * documented in `dto/enrollment-event.dto.ts`, and the timeline writes no other.
 */
@Entity('enrollment_events')
@Check('enrollment_events_actor_type_check', "actor_type IN ('user', 'apiKey', 'client', 'system')")
@Check('enrollment_events_source_check', '(source_type IS NULL) = (source_id IS NULL)')
@Index('enrollment_events_timeline', ['organizationId', 'enrollmentId', 'createdAt', 'id'])
@Index('enrollment_events_source', ['organizationId', 'sourceType', 'sourceId'])
export class EnrollmentEvent {
  @PrimaryColumn('uuid')
  organizationId!: string;

  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('uuid')
  enrollmentId!: string;

  @ManyToOne(() => Enrollment, { onDelete: 'RESTRICT' })
  @JoinColumn(sameOrganization('enrollment_id'))
  enrollment?: Enrollment;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  occurredAt!: Date;

  @Column({ type: 'text' })
  type!: string;

  @Column({ type: 'text', nullable: true })
  stepKey!: string | null;

  @Column({ type: 'text', nullable: true })
  practiceKey!: string | null;

  @Column({ type: 'text' })
  actorType!: 'user' | 'apiKey' | 'client' | 'system';

  @Column({ type: 'uuid', nullable: true })
  actorId!: string | null;

  /** What the event carries: from/to status, reason, note, partnerIds... */
  @Column({ type: 'jsonb', default: () => "'{}'" })
  data!: Record<string, unknown>;

  /** The record of another module this event comes from (a session, an assignment). */
  @Column({ type: 'text', nullable: true })
  sourceType!: string | null;

  @Column({ type: 'uuid', nullable: true })
  sourceId!: string | null;
}
