import { Check, Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { SharedRecord } from '../database/tenant-record';
import { Organization } from '../organizations/organization.entity';
import { StepDefinition } from './built-in/program-definition';

/**
 * One immutable version of a program: its steps and their practices.
 *
 * A `SharedRecord`: the built-in program is visible to every organization; an organization's own
 * programs carry its id. Enrollments refer to a program by `id` alone.
 */
@Entity('programs')
@Check('programs_version_check', 'program_version >= 1')
@Index('programs_org_key_version_key', ['organizationId', 'key', 'programVersion'], { unique: true })
@Index('programs_org_created', ['organizationId', 'createdAt', 'id'])
@Index('programs_org_updated', ['organizationId', 'updatedAt', 'id'])
// Created by the migration: unique (key, program_version) among built-ins, whose organization_id is NULL.
@Index('programs_built_in_key_version_key', { synchronize: false })
export class Program extends SharedRecord {
  @ManyToOne(() => Organization, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'organization_id' })
  organization?: Organization;

  /** Kebab-case; every version of a program shares it. */
  @Column({ type: 'text' })
  key!: string;

  /** The program's revision: 1, 2, ... per key. (`version` is the record's concurrency version.) */
  @Column({ type: 'integer' })
  programVersion!: number;

  @Column({ type: 'text' })
  title!: string;

  @Column({ type: 'text' })
  description!: string;

  /** The step and practice definitions, in order. Never changed after insert. */
  @Column({ type: 'jsonb' })
  steps!: StepDefinition[];
}
