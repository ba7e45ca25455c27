import { Column, CreateDateColumn, Entity, Index, JoinColumn, OneToOne, PrimaryColumn, UpdateDateColumn, VersionColumn } from 'typeorm';
import { Organization } from '../organizations/organization.entity';

/**
 * An organization's OpenID Connect identity provider (Entra ID, Google Workspace, Keycloak...).
 * The client secret is stored encrypted (AES-256-GCM, bound to the organization) and never returned.
 */
@Entity('sso_connections')
@Index('sso_connections_slug_key', ['slug'], { unique: true })
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

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;

  @VersionColumn({ default: 1 })
  version!: number;
}
