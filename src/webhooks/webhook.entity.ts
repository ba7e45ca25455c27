import { Check, Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { sameOrganization, TenantRecord } from '../database/tenant-record';
import { Organization } from '../organizations/organization.entity';

export type WebhookStatus = 'active' | 'disabled';

/**
 * A subscription of clinic software to the organization's changes: where to POST them, which
 * types, and the signing secret (encrypted with the note keys; shown once). While a rotated
 * secret's overlap lasts, deliveries carry a signature by each.
 */
@Entity('webhooks')
@Check('webhooks_status_check', "status IN ('active', 'disabled')")
@Index('webhooks_org_created', ['organizationId', 'createdAt', 'id'])
@Index('webhooks_org_updated', ['organizationId', 'updatedAt', 'id'])
export class Webhook extends TenantRecord {
  @ManyToOne(() => Organization, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'organization_id' })
  organization?: Organization;

  @Column('text')
  url!: string;

  /** The change types delivered; empty for every type. */
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  eventTypes!: string[];

  @Column({ type: 'text', nullable: true })
  description!: string | null;

  @Column({ type: 'text', default: 'active' })
  status!: WebhookStatus;

  @Column({ type: 'text', select: false })
  secretEncrypted!: string;

  /** The secret before the last rotation, still signing until `previousSecretExpiresAt`. */
  @Column({ type: 'text', nullable: true, select: false })
  previousSecretEncrypted!: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  previousSecretExpiresAt!: Date | null;

  /** Deliveries failed in a row (every attempt of each); a success resets it. */
  @Column({ type: 'integer', default: 0 })
  consecutiveFailures!: number;

  @Column({ type: 'timestamptz', nullable: true })
  disabledAt!: Date | null;

  @Column({ type: 'text', nullable: true })
  disabledReason!: string | null;
}

export type DeliveryStatus = 'pending' | 'succeeded' | 'failed';

/** One change (or test ping) to deliver to one webhook, with the outcome of its last attempt. */
@Entity('webhook_deliveries')
@Check('webhook_deliveries_status_check', "status IN ('pending', 'succeeded', 'failed')")
@Index('webhook_deliveries_org_created', ['organizationId', 'createdAt', 'id'])
@Index('webhook_deliveries_org_updated', ['organizationId', 'updatedAt', 'id'])
@Index('webhook_deliveries_webhook_created', ['organizationId', 'webhookId', 'createdAt', 'id'])
export class WebhookDelivery extends TenantRecord {
  @ManyToOne(() => Webhook, { onDelete: 'CASCADE' })
  @JoinColumn(sameOrganization('webhook_id'))
  webhook?: Webhook;

  @Column('uuid')
  webhookId!: string;

  /** The change delivered (its id is the `webhook-id` header); for a test ping, the ping's own id. */
  @Column('uuid')
  messageId!: string;

  @Column('text')
  eventType!: string;

  /** The JSON body sent: ids and versions only. */
  @Column('jsonb')
  payload!: Record<string, unknown>;

  @Column({ type: 'text', default: 'pending' })
  status!: DeliveryStatus;

  @Column({ type: 'integer', default: 0 })
  attempts!: number;

  @Column({ type: 'timestamptz', nullable: true })
  lastAttemptAt!: Date | null;

  @Column({ type: 'integer', nullable: true })
  responseStatus!: number | null;

  @Column({ type: 'integer', nullable: true })
  latencyMs!: number | null;

  /** Why the last attempt failed, in TrustPath's words (never the receiver's body). */
  @Column({ type: 'text', nullable: true })
  error!: string | null;
}

/** One attempt of a delivery: the delivery log. */
@Entity('webhook_delivery_attempts')
@Index('webhook_delivery_attempts_delivery', ['organizationId', 'deliveryId', 'attempt'])
export class WebhookDeliveryAttempt extends TenantRecord {
  @ManyToOne(() => WebhookDelivery, { onDelete: 'CASCADE' })
  @JoinColumn(sameOrganization('delivery_id'))
  delivery?: WebhookDelivery;

  @Column('uuid')
  deliveryId!: string;

  @Column('integer')
  attempt!: number;

  @Column({ type: 'timestamptz' })
  attemptedAt!: Date;

  @Column({ type: 'boolean' })
  succeeded!: boolean;

  @Column({ type: 'integer', nullable: true })
  responseStatus!: number | null;

  @Column('integer')
  latencyMs!: number;

  @Column({ type: 'text', nullable: true })
  error!: string | null;
}
