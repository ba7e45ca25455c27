import { Check, Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { Client } from '../clients/client.entity';
import { TenantRecord, sameOrganization } from '../database/tenant-record';
import { Boundary, ProposerType, RecorderType } from './boundary.entity';

export const BREACH_SEVERITIES = ['minor', 'major'] as const;
export type BreachSeverity = (typeof BREACH_SEVERITIES)[number];

/** A breach of an agreed boundary by one partner. `note` is client data: never logged, audited or on the timeline. */
@Entity('boundary_breaches')
@Check('boundary_breaches_severity_check', "severity IN ('minor', 'major')")
@Check('boundary_breaches_reported_by_check', "(reported_by_type = 'partner') = (reported_by_partner_id IS NOT NULL)")
@Check('boundary_breaches_reported_by_type_check', "reported_by_type IN ('partner', 'practitioner')")
@Check('boundary_breaches_recorded_by_type_check', "recorded_by_type IN ('user', 'apiKey', 'client')")
@Check('boundary_breaches_acknowledged_check', '(acknowledged_at IS NULL) = (acknowledged_by_partner_id IS NULL)')
@Index('boundary_breaches_boundary_created', ['organizationId', 'boundaryId', 'createdAt', 'id'])
@Index('boundary_breaches_boundary_occurred', ['organizationId', 'boundaryId', 'occurredAt'])
@Index('boundary_breaches_org_updated', ['organizationId', 'updatedAt', 'id'])
export class BoundaryBreach extends TenantRecord {
  @Column('uuid')
  boundaryId!: string;

  @ManyToOne(() => Boundary, { onDelete: 'RESTRICT' })
  @JoinColumn(sameOrganization('boundary_id'))
  boundary?: Boundary;

  /** The version of the boundary in force when the breach was recorded. */
  @Column({ type: 'int' })
  boundaryVersion!: number;

  @Column('uuid')
  breachedByPartnerId!: string;

  @ManyToOne(() => Client, { onDelete: 'RESTRICT' })
  @JoinColumn(sameOrganization('breached_by_partner_id'))
  breachedBy?: Client;

  @Column({ type: 'text' })
  reportedByType!: ProposerType;

  @Column({ type: 'uuid', nullable: true })
  reportedByPartnerId!: string | null;

  @Column({ type: 'text' })
  recordedByType!: RecorderType;

  @Column('uuid')
  recordedById!: string;

  @Column({ type: 'timestamptz' })
  occurredAt!: Date;

  @Column({ type: 'text' })
  severity!: BreachSeverity;

  @Column({ type: 'text', nullable: true })
  note!: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  acknowledgedAt!: Date | null;

  @Column({ type: 'uuid', nullable: true })
  acknowledgedByPartnerId!: string | null;

  @Column({ type: 'text', nullable: true })
  acknowledgedRecordedByType!: RecorderType | null;

  @Column({ type: 'uuid', nullable: true })
  acknowledgedRecordedById!: string | null;
}
