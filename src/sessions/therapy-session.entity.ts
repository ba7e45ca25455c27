import { Check, Column, Entity, Exclusion, Index, JoinColumn, ManyToOne } from 'typeorm';
import { Client } from '../clients/client.entity';
import { Couple } from '../couples/couple.entity';
import { TenantRecord, sameOrganization } from '../database/tenant-record';
import { Group } from '../groups/group.entity';
import { Organization } from '../organizations/organization.entity';
import { StaffUser } from '../staff/staff-user.entity';

export const SESSION_KINDS = ['individual', 'couple', 'group'] as const;
export type SessionKind = (typeof SESSION_KINDS)[number];
export const SESSION_MODALITIES = ['in_person', 'video', 'phone'] as const;
export type SessionModality = (typeof SESSION_MODALITIES)[number];
export const SESSION_STATUSES = ['scheduled', 'completed', 'cancelled', 'no_show'] as const;
export type SessionStatus = (typeof SESSION_STATUSES)[number];
export const NOTE_FORMATS = ['free_text', 'soap', 'dap'] as const;
export type NoteFormat = (typeof NOTE_FORMATS)[number];

export interface Attendance {
  clientId: string;
  attended: boolean;
}

/**
 * A therapy session with one client, one couple or one group (`session` names login sessions
 * here). Its clinical note is encrypted (see src/notes) and, once signed at completion, locked:
 * a trigger refuses any change to a signed session but re-encryption of its note.
 */
@Entity('therapy_sessions')
@Check('therapy_sessions_kind_check', "kind IN ('individual', 'couple', 'group')")
@Check(
  'therapy_sessions_subject_check',
  "(kind = 'individual' AND client_id IS NOT NULL AND couple_id IS NULL AND group_id IS NULL) OR " +
    "(kind = 'couple' AND couple_id IS NOT NULL AND client_id IS NULL AND group_id IS NULL) OR " +
    "(kind = 'group' AND group_id IS NOT NULL AND client_id IS NULL AND couple_id IS NULL)",
)
@Check('therapy_sessions_duration_check', 'duration_minutes BETWEEN 5 AND 480')
@Check('therapy_sessions_ends_at_check', 'ends_at - starts_at = make_interval(mins => duration_minutes)')
@Check('therapy_sessions_modality_check', "modality IN ('in_person', 'video', 'phone')")
@Check('therapy_sessions_status_check', "status IN ('scheduled', 'completed', 'cancelled', 'no_show')")
@Check('therapy_sessions_note_format_check', "note_format IS NULL OR note_format IN ('free_text', 'soap', 'dap')")
@Check(
  'therapy_sessions_signed_check',
  "(status = 'completed') = (signed_at IS NOT NULL AND signed_by_user_id IS NOT NULL AND note_ciphertext IS NOT NULL AND note_format IS NOT NULL)",
)
// A staff member is never in two live sessions at once (btree_gist; created by the migration).
@Exclusion('therapy_sessions_no_overlap', `USING gist ("organization_id" WITH =, "lead_user_id" WITH =, tstzrange("starts_at", "ends_at", '[)') WITH &&) WHERE ("status" <> 'cancelled' AND "archived_at" IS NULL)`)
@Index('therapy_sessions_org_created', ['organizationId', 'createdAt', 'id'])
@Index('therapy_sessions_org_updated', ['organizationId', 'updatedAt', 'id'])
@Index('therapy_sessions_org_starts', ['organizationId', 'startsAt'])
@Index('therapy_sessions_lead', ['organizationId', 'leadUserId', 'startsAt'])
@Index('therapy_sessions_client', ['organizationId', 'clientId'])
@Index('therapy_sessions_couple', ['organizationId', 'coupleId'])
@Index('therapy_sessions_group', ['organizationId', 'groupId'])
export class TherapySession extends TenantRecord {
  @ManyToOne(() => Organization, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'organization_id' })
  organization?: Organization;

  @Column({ type: 'text' })
  kind!: SessionKind;

  @Column({ type: 'uuid', nullable: true })
  clientId!: string | null;

  @ManyToOne(() => Client, { onDelete: 'RESTRICT' })
  @JoinColumn(sameOrganization('client_id'))
  client?: Client;

  @Column({ type: 'uuid', nullable: true })
  coupleId!: string | null;

  @ManyToOne(() => Couple, { onDelete: 'RESTRICT' })
  @JoinColumn(sameOrganization('couple_id'))
  couple?: Couple;

  @Column({ type: 'uuid', nullable: true })
  groupId!: string | null;

  @ManyToOne(() => Group, { onDelete: 'RESTRICT' })
  @JoinColumn(sameOrganization('group_id'))
  group?: Group;

  /** The practitioner or facilitator who leads the session. */
  @Column('uuid')
  leadUserId!: string;

  @ManyToOne(() => StaffUser, { onDelete: 'RESTRICT' })
  @JoinColumn(sameOrganization('lead_user_id'))
  lead?: StaffUser;

  @Column({ type: 'timestamptz' })
  startsAt!: Date;

  @Column({ type: 'integer' })
  durationMinutes!: number;

  /** startsAt + durationMinutes, stored for the overlap constraint and range queries. */
  @Column({ type: 'timestamptz' })
  endsAt!: Date;

  @Column({ type: 'text' })
  modality!: SessionModality;

  @Column({ type: 'text', nullable: true })
  location!: string | null;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  plannedStepKeys!: string[];

  @Column({ type: 'text', default: 'scheduled' })
  status!: SessionStatus;

  @Column({ type: 'text', nullable: true })
  cancelledReason!: string | null;

  /** Set when an owner or admin scheduled a couple session past the safety gate. */
  @Column({ type: 'text', nullable: true })
  safetyOverrideReason!: string | null;

  @Column({ type: 'uuid', nullable: true })
  safetyOverrideByUserId!: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  completedAt!: Date | null;

  @Column({ type: 'jsonb', nullable: true })
  attendance!: Attendance[] | null;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  stepsAddressed!: string[];

  @Column({ type: 'text', nullable: true })
  noteFormat!: NoteFormat | null;

  /** `v1:<keyId>:<iv>:<tag>:<ciphertext>`; never plain text. */
  @Column({ type: 'text', nullable: true })
  noteCiphertext!: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  signedAt!: Date | null;

  @Column({ type: 'uuid', nullable: true })
  signedByUserId!: string | null;

  @ManyToOne(() => StaffUser, { onDelete: 'RESTRICT' })
  @JoinColumn(sameOrganization('signed_by_user_id'))
  signedBy?: StaffUser;

  @Column({ type: 'timestamptz', nullable: true })
  archivedAt!: Date | null;
}
