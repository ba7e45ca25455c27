import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { TenantRecord, sameOrganization } from '../../database/tenant-record';
import { StaffUser } from '../../staff/staff-user.entity';

/** One login of one staff user: ends on logout, refresh-token reuse, idle timeout or absolute expiry. */
@Entity('auth_sessions')
@Index('auth_sessions_user', ['organizationId', 'userId'])
export class AuthSession extends TenantRecord {
  @Column('uuid')
  userId!: string;

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
  revokedReason!: 'logout' | 'refresh_reuse' | 'deactivated' | null;
}
