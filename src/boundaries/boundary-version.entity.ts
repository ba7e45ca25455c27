import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { sameOrganization } from '../database/tenant-record';
import { Boundary, ProposerType, RecorderType } from './boundary.entity';

/** One version of a boundary's text, as it was proposed. Never changes: a revision adds a row. */
@Entity('boundary_versions')
@Check('boundary_versions_proposed_by_check', "(proposed_by_type = 'partner') = (proposed_by_partner_id IS NOT NULL)")
@Check('boundary_versions_proposed_by_type_check', "proposed_by_type IN ('partner', 'practitioner')")
@Check('boundary_versions_recorded_by_type_check', "recorded_by_type IN ('user', 'apiKey', 'client')")
@Index('boundary_versions_number_key', ['organizationId', 'boundaryId', 'number'], { unique: true })
export class BoundaryVersion {
  @PrimaryColumn('uuid')
  organizationId!: string;

  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('uuid')
  boundaryId!: string;

  @ManyToOne(() => Boundary, { onDelete: 'RESTRICT' })
  @JoinColumn(sameOrganization('boundary_id'))
  boundary?: Boundary;

  @Column({ type: 'int' })
  number!: number;

  /** Client data: never logged or audited. */
  @Column({ type: 'text' })
  text!: string;

  @Column({ type: 'text' })
  proposedByType!: ProposerType;

  @Column({ type: 'uuid', nullable: true })
  proposedByPartnerId!: string | null;

  @Column({ type: 'text' })
  recordedByType!: RecorderType;

  @Column('uuid')
  recordedById!: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
