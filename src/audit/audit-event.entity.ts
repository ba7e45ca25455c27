import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * Who touched what, when, from where, with what outcome. Append-only: a trigger rejects UPDATE,
 * DELETE and TRUNCATE. Never holds passwords, tokens, names or notes. organization_id is empty
 * only for failed logins that name no known account.
 */
@Entity('audit_events')
@Index('audit_events_org_time', ['organizationId', 'occurredAt', 'id'])
@Index('audit_events_org_actor_time', ['organizationId', 'actorId', 'occurredAt'])
@Index('audit_events_org_resource_time', ['organizationId', 'resourceType', 'resourceId', 'occurredAt'])
export class AuditEvent {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid', nullable: true })
  organizationId!: string | null;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  occurredAt!: Date;

  @Column({ type: 'text' })
  actorType!: 'user' | 'apiKey' | 'client' | 'anonymous';

  @Column({ type: 'uuid', nullable: true })
  actorId!: string | null;

  @Column({ type: 'text' })
  action!: string;

  @Column({ type: 'text', nullable: true })
  resourceType!: string | null;

  @Column({ type: 'text', nullable: true })
  resourceId!: string | null;

  /** Path parameters besides the id, and the list filters used (free-text values redacted). */
  @Column({ type: 'jsonb', nullable: true })
  detail!: Record<string, unknown> | null;

  @Column({ type: 'text', nullable: true })
  requestId!: string | null;

  @Column({ type: 'text', nullable: true })
  ip!: string | null;

  @Column({ type: 'text', nullable: true })
  userAgent!: string | null;

  @Column({ type: 'smallint' })
  status!: number;
}
