import { Check, Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { Client } from '../../clients/client.entity';
import { TenantRecord, sameOrganization } from '../../database/tenant-record';
import { StaffUser } from '../../staff/staff-user.entity';

/**
 * One login of one staff user, or of one client to the portal (exactly one of the two): ends on
 * logout, refresh-token reuse, idle timeout, absolute expiry, deactivation or revoked portal access.
 */
@Entity('auth_sessions')
@Index('auth_sessions_user', ['organizationId', 'userId'])
@Index('auth_sessions_client', ['organizationId', 'clientId'])
@Check('auth_sessions_holder_check', '(user_id IS NULL) <> (client_id IS NULL)')
export class AuthSession extends TenantRecord {
  /** The staff user's session; null for a client's. */
  @Column({ type: 'uuid', nullable: true })
  userId!: string | null;

  /** The client's portal session; null for staff. */
  @Column({ type: 'uuid', nullable: true })
  clientId!: string | null;

  @ManyToOne(() => Client, { onDelete: 'CASCADE' })
  @JoinColumn(sameOrganization('client_id'))
  client?: Client;

  @ManyToOne(() => StaffUser, { onDelete: 'CASCADE' })
  @JoinColumn(sameOrganization('user_id'))
  user?: StaffUser;

  @Column({ type: 'timestamptz' })
  lastSeenAt!: Date;

  /** The absolute end of the session, however active it is. */
  @Column({ type: 'timestamptz' })
  expiresAt!: Date;

  @Column({ type: 'timestamptz', nullable: true })
  revokedAt!: Date | null;

  @Column({ type: 'text', nullable: true })
  revokedReason!: 'logout' | 'refresh_reuse' | 'deactivated' | 'portal_revoked' | null;
}
