import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { sameOrganization } from '../../database/tenant-record';
import { AuthSession } from './auth-session.entity';

/**
 * A refresh token, stored as the SHA-256 of its secret. Each is used once: refreshing marks it
 * used and issues the next; presenting a used one again revokes the whole session.
 */
@Entity('refresh_tokens')
@Index('refresh_tokens_id_key', ['id'], { unique: true })
export class RefreshToken {
  @PrimaryColumn('uuid')
  organizationId!: string;

  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('uuid')
  sessionId!: string;

  @ManyToOne(() => AuthSession, { onDelete: 'CASCADE' })
  @JoinColumn(sameOrganization('session_id'))
  session?: AuthSession;

  @Column({ type: 'text' })
  secretHash!: string;

  @Column({ type: 'timestamptz', nullable: true })
  usedAt!: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
