import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Organization } from '../organizations/organization.entity';

/**
 * One single sign-on attempt, from its start to the exchange of its one-time code. The state and
 * the code are stored as SHA-256 hashes; the PKCE verifier and the nonce live only until the
 * provider answers (10 minutes), the one-time code 60 seconds.
 */
@Entity('sso_sign_ins')
@Index('sso_sign_ins_state_key', ['stateHash'], { unique: true })
@Index('sso_sign_ins_code_key', ['codeHash'], { unique: true })
export class SsoSignIn {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('uuid')
  organizationId!: string;

  @ManyToOne(() => Organization, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'organization_id' })
  organization?: Organization;

  @Column({ type: 'text' })
  stateHash!: string;

  @Column({ type: 'text', nullable: true })
  codeVerifier!: string | null;

  @Column({ type: 'text', nullable: true })
  nonce!: string | null;

  @Column({ type: 'text' })
  redirectUri!: string;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  startedAt!: Date;

  @Column({ type: 'timestamptz' })
  expiresAt!: Date;

  /** When the provider's answer came back (once: a replayed callback is refused). */
  @Column({ type: 'timestamptz', nullable: true })
  answeredAt!: Date | null;

  @Column({ type: 'uuid', nullable: true })
  userId!: string | null;

  @Column({ type: 'text', nullable: true })
  codeHash!: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  codeExpiresAt!: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  exchangedAt!: Date | null;
}
