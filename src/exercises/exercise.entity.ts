import { Check, Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { SharedRecord } from '../database/tenant-record';
import { Organization } from '../organizations/organization.entity';
import { EXERCISE_AUDIENCES, ExerciseAudience } from './built-in/exercise-library';

/**
 * Homework tied to one step of the built-in program (and optionally to one of its practices).
 *
 * Like `programs`, a reference table shared by every organization: built-in exercises have no
 * organization (organization_id NULL), are seeded by the migration from the library in
 * src/exercises/built-in with ids derived from their keys, and are read-only; an organization's own
 * exercises carry its id and can be archived. Assignments refer to an exercise by `id` alone.
 */
@Entity('exercises')
@Check('exercises_audience_check', `audience IN (${EXERCISE_AUDIENCES.map((a) => `'${a}'`).join(', ')})`)
@Check('exercises_estimated_minutes_check', 'estimated_minutes IS NULL OR estimated_minutes BETWEEN 1 AND 600')
@Check('exercises_built_in_not_archived_check', 'organization_id IS NOT NULL OR archived_at IS NULL')
@Index('exercises_org_key_key', ['organizationId', 'key'], { unique: true })
@Index('exercises_org_created', ['organizationId', 'createdAt', 'id'])
@Index('exercises_org_updated', ['organizationId', 'updatedAt', 'id'])
@Index('exercises_org_step', ['organizationId', 'stepKey', 'practiceKey'])
// Created by the migration: unique key among built-ins, whose organization_id is NULL.
@Index('exercises_built_in_key_key', { synchronize: false })
export class Exercise extends SharedRecord {
  @ManyToOne(() => Organization, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'organization_id' })
  organization?: Organization;

  /** Kebab-case; unique within the organization and never a built-in exercise's key. */
  @Column({ type: 'text' })
  key!: string;

  /** A step of the built-in program. */
  @Column({ type: 'text' })
  stepKey!: string;

  /** A practice of that step, if the exercise trains one. */
  @Column({ type: 'text', nullable: true })
  practiceKey!: string | null;

  @Column({ type: 'text' })
  title!: string;

  /** Written to the client. */
  @Column({ type: 'text' })
  instructions!: string;

  @Column({ type: 'integer', nullable: true })
  estimatedMinutes!: number | null;

  @Column({ type: 'text', default: 'either' })
  audience!: ExerciseAudience;


  /** An organization's exercise taken out of use: it leaves lists and takes no new assignments. */
  @Column({ type: 'timestamptz', nullable: true })
  archivedAt!: Date | null;
}
