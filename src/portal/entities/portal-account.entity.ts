import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { Client } from '../../clients/client.entity';
import { sameOrganization, TenantRecord } from '../../database/tenant-record';

/**
 * A client's own sign-in to the portal: made when they accept an invitation, ended when staff
 * revoke it (a later invitation, once accepted, opens it again with a new passphrase).
 */
@Entity('portal_accounts')
@Index('portal_accounts_client_key', ['organizationId', 'clientId'], { unique: true })
@Index('portal_accounts_email', ['email'])
@Index('portal_accounts_org_created', ['organizationId', 'createdAt', 'id'])
@Index('portal_accounts_org_updated', ['organizationId', 'updatedAt', 'id'])
export class PortalAccount extends TenantRecord {
  @Column('uuid')
  clientId!: string;

  @ManyToOne(() => Client, { onDelete: 'CASCADE' })
  @JoinColumn(sameOrganization('client_id'))
  client?: Client;

  /** The address the client signs in with, lower-cased. */
  @Column({ type: 'text' })
  email!: string;

  @Column({ type: 'text' })
  passwordHash!: string;

  /** When the current access began (the last accepted invitation). */
  @Column({ type: 'timestamptz' })
  grantedAt!: Date;

  @Column({ type: 'timestamptz', nullable: true })
  revokedAt!: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  lastLoginAt!: Date | null;
}
