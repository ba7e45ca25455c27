import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { TenantRecord, sameOrganization } from '../database/tenant-record';
import { StaffUser } from '../staff/staff-user.entity';
import { TherapySession } from './therapy-session.entity';

/**
 * A signed addition to a completed session's note. Append-only: a trigger refuses deletes and any
 * update but the re-encryption of its text.
 */
@Entity('session_addenda')
@Index('session_addenda_session', ['organizationId', 'sessionId', 'createdAt'])
@Index('session_addenda_org_created', ['organizationId', 'createdAt', 'id'])
@Index('session_addenda_org_updated', ['organizationId', 'updatedAt', 'id'])
export class SessionAddendum extends TenantRecord {
  @Column('uuid')
  sessionId!: string;

  @ManyToOne(() => TherapySession, { onDelete: 'RESTRICT' })
  @JoinColumn(sameOrganization('session_id'))
  session?: TherapySession;

  @Column('uuid')
  authorUserId!: string;

  @ManyToOne(() => StaffUser, { onDelete: 'RESTRICT' })
  @JoinColumn(sameOrganization('author_user_id'))
  author?: StaffUser;

  @Column({ type: 'timestamptz' })
  signedAt!: Date;

  /** `v1:<keyId>:<iv>:<tag>:<ciphertext>`; never plain text. */
  @Column({ type: 'text' })
  textCiphertext!: string;
}
