import { Check, Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { Client } from '../clients/client.entity';
import { Couple } from '../couples/couple.entity';
import { sameOrganization, TenantRecord } from '../database/tenant-record';
import { Instrument } from '../instruments/instrument.entity';
import { Organization } from '../organizations/organization.entity';
import { TherapySession } from '../sessions/therapy-session.entity';

/** One answer as stored: the item's id and the value chosen. */
export interface StoredAnswer {
  itemId: string;
  value: number;
}

/**
 * One respondent's answers to one instrument version, and the score the server computed from them.
 * `clientId` is the respondent: a partner of `coupleId` for a couple's measure, or the client in
 * individual work (no couple). Answers and score never change: a correction is a new measurement
 * whose `supersedesId` names this one (with a `reason`), and this one's `supersededById` names it.
 */
@Entity('measurements')
@Check('measurements_correction_check', '(supersedes_id IS NULL) = (reason IS NULL)')
@Check('measurements_recorded_by_type_check', "recorded_by_type IN ('user', 'apiKey', 'client')")
@Index('measurements_org_created', ['organizationId', 'createdAt', 'id'])
@Index('measurements_org_updated', ['organizationId', 'updatedAt', 'id'])
@Index('measurements_couple_instrument', ['organizationId', 'coupleId', 'instrumentId', 'takenAt'])
@Index('measurements_client_instrument', ['organizationId', 'clientId', 'instrumentId', 'takenAt'])
// Created by the migration: one correction per measurement (unique supersedes_id where set).
@Index('measurements_supersedes_key', { synchronize: false })
export class Measurement extends TenantRecord {
  @ManyToOne(() => Organization, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'organization_id' })
  organization?: Organization;

  @Column('uuid')
  instrumentId!: string;

  @ManyToOne(() => Instrument, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'instrument_id' })
  instrument?: Instrument;

  /** The couple whose measure it is; null in individual work. */
  @Column({ type: 'uuid', nullable: true })
  coupleId!: string | null;

  @ManyToOne(() => Couple, { onDelete: 'RESTRICT' })
  @JoinColumn(sameOrganization('couple_id'))
  couple?: Couple;

  /** The respondent. */
  @Column('uuid')
  clientId!: string;

  @ManyToOne(() => Client, { onDelete: 'RESTRICT' })
  @JoinColumn(sameOrganization('client_id'))
  client?: Client;

  /** The session it was taken in, if any: one of the same couple's or client's. */
  @Column({ type: 'uuid', nullable: true })
  sessionId!: string | null;

  @ManyToOne(() => TherapySession, { onDelete: 'RESTRICT' })
  @JoinColumn(sameOrganization('session_id'))
  session?: TherapySession;

  /** When the respondent answered. */
  @Column({ type: 'timestamptz' })
  takenAt!: Date;

  /** One answer per item, in the instrument's order. Client data. */
  @Column({ type: 'jsonb' })
  answers!: StoredAnswer[];

  @Column({ type: 'double precision' })
  score!: number;

  /** The measurement this one corrects. */
  @Column({ type: 'uuid', nullable: true })
  supersedesId!: string | null;

  @ManyToOne(() => Measurement, { onDelete: 'RESTRICT' })
  @JoinColumn(sameOrganization('supersedes_id'))
  supersedes?: Measurement;

  /** The measurement that corrects this one. */
  @Column({ type: 'uuid', nullable: true })
  supersededById!: string | null;

  @ManyToOne(() => Measurement, { onDelete: 'RESTRICT' })
  @JoinColumn(sameOrganization('superseded_by_id'))
  supersededBy?: Measurement;

  /** Why the correction was made (with `supersedesId`). Client data: never logged or put on the timeline. */
  @Column({ type: 'text', nullable: true })
  reason!: string | null;

  @Column({ type: 'text' })
  recordedByType!: 'user' | 'apiKey' | 'client';

  @Column('uuid')
  recordedById!: string;
}
