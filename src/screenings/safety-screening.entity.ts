import { Check, Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { Client } from '../clients/client.entity';
import { TenantRecord, sameOrganization } from '../database/tenant-record';

export const SCREENING_RESULTS = ['clear', 'concern', 'unsafe'] as const;
export type ScreeningResult = (typeof SCREENING_RESULTS)[number];

/** A screen of one client before joint work. Screenings are a record: they are added, never edited. */
@Entity('safety_screenings')
@Check('safety_screenings_result_check', "result IN ('clear', 'concern', 'unsafe')")
@Index('safety_screenings_latest', ['organizationId', 'clientId', 'screenedAt', 'id'])
@Index('safety_screenings_org_created', ['organizationId', 'createdAt', 'id'])
@Index('safety_screenings_org_updated', ['organizationId', 'updatedAt', 'id'])
export class SafetyScreening extends TenantRecord {
  @Column('uuid')
  clientId!: string;

  @ManyToOne(() => Client, { onDelete: 'RESTRICT' })
  @JoinColumn(sameOrganization('client_id'))
  client?: Client;

  @Column({ type: 'text' })
  result!: ScreeningResult;

  @Column({ type: 'timestamptz' })
  screenedAt!: Date;

  /** The staff member who screened (null when recorded by clinic software). */
  @Column({ type: 'uuid', nullable: true })
  screenedByUserId!: string | null;

  @Column({ type: 'text', nullable: true })
  note!: string | null;
}
