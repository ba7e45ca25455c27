import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, OneToOne, PrimaryColumn, UpdateDateColumn, VersionColumn } from 'typeorm';
import { StaffRole } from '../auth/permissions';
import { Organization } from '../organizations/organization.entity';

/**
 * An organization's OpenID Connect identity provider (Entra ID, Google Workspace, Keycloak...).
 * The client secret is stored encrypted (AES-256-GCM, bound to the organization) and never returned.
 */
@Entity('sso_connections')
@Index('sso_connections_slug_key', ['slug'], { unique: true })
@Check('sso_connections_unknown_emails_check', `unknown_emails IN ('refuse', 'create')`)
@Check('sso_connections_new_staff_role_check', `(unknown_emails = 'create') = (new_staff_role IS NOT NULL) AND (new_staff_role IS NULL OR new_staff_role IN ('admin', 'practitioner', 'facilitator'))`)
export class SsoConnection {
  @PrimaryColumn('uuid')
  organizationId!: string;

  @OneToOne(() => Organization, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'organization_id' })
  organization?: Organization;

  /** The organization's name in sign-in URLs: /v1/auth/sso/{slug}/start. */
  @Column({ type: 'text' })
  slug!: string;

  @Column({ type: 'text' })
  issuer!: string;

  @Column({ type: 'text' })
  clientId!: string;

  @Column({ type: 'text' })
  clientSecretEncrypted!: string;

  /** E-mail domains whose addresses may sign in (lower case). */
  @Column({ type: 'text', array: true })
  allowedDomains!: string[];

  /** Where a sign-in may return to (the frontend's pages), exactly as given. */
  @Column({ type: 'text', array: true })
  redirectUris!: string[];

  /** False when staff must sign in with single sign-on: passwords are refused but for the break-glass owner. */
  @Column({ type: 'boolean', default: true })
  passwordsAllowed!: boolean;

  /** The one owner who may still use a password while passwords are refused (for when the provider is down). */
  @Column({ type: 'uuid', nullable: true })
  breakGlassUserId!: string | null;

  /** What a verified e-mail of an allowed domain that no staff member has gets: refused, or a new staff member. */
  @Column({ type: 'text', default: 'refuse' })
  unknownEmails!: 'refuse' | 'create';

  /** The role of staff created by a sign-in (when `unknownEmails` is 'create'). */
  @Column({ type: 'text', nullable: true })
  newStaffRole!: Exclude<StaffRole, 'owner'> | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;

  @VersionColumn({ default: 1 })
  version!: number;
}
