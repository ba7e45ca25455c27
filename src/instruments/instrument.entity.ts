import { Check, Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { SharedRecord } from '../database/tenant-record';
import { Organization } from '../organizations/organization.entity';
import type {
  BetterDirection,
  CutOffDefinition,
  ItemDefinition,
  ReliableChangeDefinition,
  ScoringDefinition,
} from './built-in/instrument-definition';

/**
 * One immutable version of an instrument: a questionnaire's items, how it is scored, and what a
 * score means. A `SharedRecord`, like a program: built-in instruments have no organization and every
 * organization sees them; an organization's own carry its id. Measurements refer to a version by `id`.
 * The score range is derived from the items and scoring when the version is made, and kept so that
 * queries over scores need not recompute it.
 */
@Entity('instruments')
@Check('instruments_version_check', 'instrument_version >= 1')
@Check('instruments_cadence_days_check', 'cadence_days BETWEEN 1 AND 366')
@Check('instruments_better_direction_check', "better_direction IN ('higher', 'lower')")
@Check('instruments_score_range_check', 'score_min <= score_max')
@Index('instruments_org_key_version_key', ['organizationId', 'key', 'instrumentVersion'], { unique: true })
@Index('instruments_org_created', ['organizationId', 'createdAt', 'id'])
@Index('instruments_org_updated', ['organizationId', 'updatedAt', 'id'])
// Created by the migration: unique (key, instrument_version) among built-ins, whose organization_id is NULL.
@Index('instruments_built_in_key_version_key', { synchronize: false })
export class Instrument extends SharedRecord {
  @ManyToOne(() => Organization, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'organization_id' })
  organization?: Organization;

  /** Kebab-case; every version of an instrument shares it. */
  @Column({ type: 'text' })
  key!: string;

  /** The instrument's revision: 1, 2, ... per key. (`version` is the record's concurrency version.) */
  @Column({ type: 'integer' })
  instrumentVersion!: number;

  @Column({ type: 'text' })
  title!: string;

  @Column({ type: 'text' })
  description!: string;

  /** The items in the order they are asked. Never changed after insert. */
  @Column({ type: 'jsonb' })
  items!: ItemDefinition[];

  @Column({ type: 'jsonb' })
  scoring!: ScoringDefinition;

  @Column({ type: 'double precision' })
  scoreMin!: number;

  @Column({ type: 'double precision' })
  scoreMax!: number;

  @Column({ type: 'text' })
  betterDirection!: BetterDirection;

  @Column({ type: 'jsonb' })
  cutOffs!: CutOffDefinition[];

  @Column({ type: 'jsonb', nullable: true })
  reliableChange!: ReliableChangeDefinition | null;

  @Column({ type: 'text', nullable: true })
  citation!: string | null;

  @Column({ type: 'text' })
  licence!: string;

  /** Days between a client's answers while enrolled (the portal lists it as due after that); null: never due by itself. */
  @Column({ type: 'integer', nullable: true })
  cadenceDays!: number | null;
}
