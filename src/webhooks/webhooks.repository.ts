import { Injectable } from '@nestjs/common';
import { IfMatch, lockVersioned, updateVersioned } from '../common/concurrency';
import { Page, PageQueryDto, paginate } from '../common/pagination';
import { Transactions } from '../database/transactions';
import { DomainError } from '../errors/domain-error';
import { ChangeRow } from '../events/change-events.repository';
import { Webhook, WebhookDelivery, WebhookDeliveryAttempt } from './webhook.entity';
import type { SendResult } from './webhook-sender';
import { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { insertReturning } from '../database/returning';

export type NewWebhook = Pick<Webhook, 'organizationId' | 'url' | 'eventTypes' | 'description' | 'secretEncrypted'>;
export type WebhookChanges = Partial<Pick<Webhook, 'url' | 'eventTypes' | 'description' | 'status' | 'disabledAt' | 'disabledReason' | 'consecutiveFailures'>> & {
  secretEncrypted?: string;
  previousSecretEncrypted?: string | null;
  previousSecretExpiresAt?: Date | null;
};

/** A webhook with its secrets, for signing. */
export type SigningWebhook = Webhook & { secretEncrypted: string; previousSecretEncrypted: string | null };

/** The webhooks tables' SQL. */
@Injectable()
export class WebhooksRepository {
  constructor(private readonly db: Transactions) {}

  /** Inserts the webhook and answers it as stored (`RETURNING`, no second read; no secrets). */
  insert(webhook: NewWebhook): Promise<Webhook> {
    return insertReturning(this.db.manager, Webhook, { ...webhook, status: 'active' } as QueryDeepPartialEntity<Webhook>);
  }

  findOrFail(organizationId: string, id: string): Promise<Webhook> {
    return this.db.manager.findOneByOrFail(Webhook, { organizationId, id });
  }

  /** The webhook with its (encrypted) secrets; undefined once deleted. */
  findForSigning(organizationId: string, id: string): Promise<SigningWebhook | null> {
    return this.db.manager
      .createQueryBuilder(Webhook, 'webhook')
      .addSelect(['webhook.secretEncrypted', 'webhook.previousSecretEncrypted'])
      .where('webhook.organizationId = :organizationId AND webhook.id = :id', { organizationId, id })
      .getOne() as Promise<SigningWebhook | null>;
  }

  list(organizationId: string, page: PageQueryDto): Promise<Page<Webhook>> {
    return paginate(this.db.manager.createQueryBuilder(Webhook, 'webhook').where('webhook.organizationId = :organizationId', { organizationId }), page);
  }

  update(organizationId: string, id: string, ifMatch: IfMatch | undefined, changes: WebhookChanges): Promise<Webhook> {
    return updateVersioned(this.db.manager, Webhook, { resource: 'Webhook', organizationId, id, ifMatch }, changes);
  }

  async delete(organizationId: string, id: string, ifMatch: IfMatch | undefined): Promise<void> {
    await lockVersioned(this.db.manager, Webhook, { resource: 'Webhook', organizationId, id, ifMatch });
    await this.db.manager.delete(Webhook, { organizationId, id });
  }

  /** A delivery per change and active webhook of the organization that wants its type; returns their ids. */
  async insertDeliveriesFor(organizationId: string, changes: ChangeRow[]): Promise<string[]> {
    const rows: Array<{ id: string }> = await this.db.manager.query(
      `INSERT INTO webhook_deliveries (organization_id, webhook_id, message_id, event_type, payload)
       SELECT w.organization_id, w.id, c.id, c.type, c.payload
         FROM webhooks w
         JOIN unnest($2::uuid[], $3::text[], $4::jsonb[]) AS c(id, type, payload)
           ON cardinality(w.event_types) = 0 OR c.type = ANY(w.event_types)
        WHERE w.organization_id = $1 AND w.status = 'active'
       RETURNING id`,
      [organizationId, changes.map((c) => c.id), changes.map((c) => c.type), changes.map((c) => JSON.stringify(payloadOf(organizationId, c)))],
    );
    return rows.map((row) => row.id);
  }

  /** Inserts the delivery and answers it as stored (`RETURNING`, no second read). */
  insertDelivery(delivery: Pick<WebhookDelivery, 'organizationId' | 'webhookId' | 'messageId' | 'eventType' | 'payload'>): Promise<WebhookDelivery> {
    return insertReturning(this.db.manager, WebhookDelivery, { ...delivery, status: 'pending', attempts: 0 } as QueryDeepPartialEntity<WebhookDelivery>);
  }

  findDelivery(organizationId: string, webhookId: string, id: string): Promise<WebhookDelivery | null> {
    return this.db.manager.findOneBy(WebhookDelivery, { organizationId, webhookId, id });
  }

  findDeliveryById(organizationId: string, id: string): Promise<WebhookDelivery | null> {
    return this.db.manager.findOneBy(WebhookDelivery, { organizationId, id });
  }

  listDeliveries(organizationId: string, webhookId: string, page: PageQueryDto): Promise<Page<WebhookDelivery>> {
    const qb = this.db.manager
      .createQueryBuilder(WebhookDelivery, 'delivery')
      .where('delivery.organizationId = :organizationId AND delivery.webhookId = :webhookId', { organizationId, webhookId });
    return paginate(qb, page);
  }

  attemptsOf(organizationId: string, deliveryIds: string[]): Promise<WebhookDeliveryAttempt[]> {
    if (deliveryIds.length === 0) return Promise.resolve([]);
    return this.db.manager
      .createQueryBuilder(WebhookDeliveryAttempt, 'attempt')
      .where('attempt.organizationId = :organizationId AND attempt.deliveryId IN (:...deliveryIds)', { organizationId, deliveryIds })
      .orderBy('attempt.attempt', 'ASC')
      .getMany();
  }

  /** Sends a failed delivery round again: pending, from a fresh count of this round's attempts. */
  async reopenDelivery(organizationId: string, id: string): Promise<WebhookDelivery> {
    return updateVersioned(this.db.manager, WebhookDelivery, { resource: 'Delivery', organizationId, id }, { status: 'pending', error: null });
  }

  /** Logs an attempt and sets the delivery's state from it; the attempt's number is the delivery's count + 1. */
  async recordAttempt(organizationId: string, deliveryId: string, result: SendResult, status: WebhookDelivery['status']): Promise<number> {
    const [row]: Array<{ attempts: number }> = await this.db.manager.query(
      // Wrapped in a SELECT: TypeORM answers an UPDATE with [rows, count], a SELECT with its rows.
      `WITH attempted AS (
         UPDATE webhook_deliveries
            SET attempts = attempts + 1, last_attempt_at = now(), response_status = $3, latency_ms = $4, error = $5, status = $6,
                version = version + 1, updated_at = now()
          WHERE organization_id = $1 AND id = $2
          RETURNING attempts
       )
       SELECT attempts FROM attempted`,
      [organizationId, deliveryId, result.status, result.latencyMs, result.error, status],
    );
    if (!row) throw DomainError.notFound('Delivery');
    await this.db.manager.insert(WebhookDeliveryAttempt, {
      organizationId,
      deliveryId,
      attempt: row.attempts,
      attemptedAt: new Date(),
      succeeded: result.succeeded,
      responseStatus: result.status,
      latencyMs: result.latencyMs,
      error: result.error,
    });
    return row.attempts;
  }

  /** Counts a delivery's outcome on its webhook: a success resets the count of failures in a row; returns it. */
  async countOutcome(organizationId: string, webhookId: string, succeeded: boolean): Promise<number> {
    const [row]: Array<{ consecutive_failures: number }> = await this.db.manager.query(
      `WITH counted AS (
         UPDATE webhooks SET consecutive_failures = CASE WHEN $3 THEN 0 ELSE consecutive_failures + 1 END
          WHERE organization_id = $1 AND id = $2 RETURNING consecutive_failures
       )
       SELECT consecutive_failures FROM counted`,
      [organizationId, webhookId, succeeded],
    );
    return row?.consecutive_failures ?? 0;
  }
}

/** The body a change is delivered with (Standard Webhooks' `type`, `timestamp`, `data`): ids and versions only. */
export function payloadOf(organizationId: string, change: ChangeRow): Record<string, unknown> {
  return {
    type: change.type,
    timestamp: new Date(change.occurredAt).toISOString(),
    data: {
      id: change.id,
      position: change.position,
      organizationId,
      resourceType: change.resourceType,
      resourceId: change.resourceId,
      version: change.version,
      actorType: change.actorType,
    },
  };
}
