import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { Client } from '../clients/client.entity';
import { sameOrganization } from '../database/tenant-record';
import { Boundary, RecorderType } from './boundary.entity';

/**
 * One partner's agreement to one version of a boundary. Withdrawing sets `withdrawnAt` (the row
 * stays as history); an agreement stands while `withdrawnAt` is null, and counts while its
 * version is the boundary's current one.
 */
@Entity('boundary_agreements')
@Check('boundary_agreements_recorded_by_type_check', "recorded_by_type IN ('user', 'apiKey', 'client')")
@Check('boundary_agreements_withdrawn_check', '(withdrawn_at IS NULL) = (withdrawn_by_type IS NULL AND withdrawn_by_id IS NULL)')
@Index('boundary_agreements_boundary', ['organizationId', 'boundaryId', 'boundaryVersion', 'partnerId'])
export class BoundaryAgreementRecord {
  @PrimaryColumn('uuid')
  organizationId!: string;

  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('uuid')
  boundaryId!: string;

  @ManyToOne(() => Boundary, { onDelete: 'RESTRICT' })
  @JoinColumn(sameOrganization('boundary_id'))
  boundary?: Boundary;

  /** The version of the text agreed to. */
  @Column({ type: 'int' })
  boundaryVersion!: number;

  @Column('uuid')
  partnerId!: string;

  @ManyToOne(() => Client, { onDelete: 'RESTRICT' })
  @JoinColumn(sameOrganization('partner_id'))
  partner?: Client;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  agreedAt!: Date;

  @Column({ type: 'text' })
  recordedByType!: RecorderType;

  @Column('uuid')
  recordedById!: string;

  @Column({ type: 'timestamptz', nullable: true })
  withdrawnAt!: Date | null;

  @Column({ type: 'text', nullable: true })
  withdrawnByType!: RecorderType | null;

  @Column({ type: 'uuid', nullable: true })
  withdrawnById!: string | null;
}
