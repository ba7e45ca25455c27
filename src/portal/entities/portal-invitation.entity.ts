import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { Client } from '../../clients/client.entity';
import { sameOrganization, TenantRecord } from '../../database/tenant-record';

/**
 * A single-use invitation to the portal. Only the SHA-256 of its token is kept: the token itself is
 * answered once, to the staff who made it, and e-mailed to the client.
 */
@Entity('portal_invitations')
@Index('portal_invitations_token_key', ['tokenHash'], { unique: true })
@Index('portal_invitations_client', ['organizationId', 'clientId'])
@Index('portal_invitations_org_created', ['organizationId', 'createdAt', 'id'])
@Index('portal_invitations_org_updated', ['organizationId', 'updatedAt', 'id'])
export class PortalInvitation extends TenantRecord {
  @Column('uuid')
  clientId!: string;

  @ManyToOne(() => Client, { onDelete: 'CASCADE' })
  @JoinColumn(sameOrganization('client_id'))
  client?: Client;

  /** Where it was sent, and the address the client will sign in with (lower-cased). */
  @Column({ type: 'text' })
  email!: string;

  @Column({ type: 'text' })
  tokenHash!: string;

  @Column({ type: 'timestamptz' })
  expiresAt!: Date;

  @Column({ type: 'timestamptz', nullable: true })
  acceptedAt!: Date | null;

  /** Set when a newer invitation replaces it or access is revoked. */
  @Column({ type: 'timestamptz', nullable: true })
  withdrawnAt!: Date | null;

  @Column({ type: 'text' })
  invitedByType!: 'user' | 'apiKey';

  @Column('uuid')
  invitedById!: string;
}
