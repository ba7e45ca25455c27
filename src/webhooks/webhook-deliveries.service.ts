import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { Transactions } from '../database/transactions';
import { describeForLog } from '../errors/problem.filter';
import { ChangeEvents } from '../events/change-events';
import { ChangeRow } from '../events/change-events.repository';
import { NoteCipherService } from '../notes/note-cipher.service';
import { send, SendResult } from './webhook-sender';
import { signedHeaders } from './webhook-signing';
import { DeliveryJob, WebhookQueue } from './webhook-queue';
import { secretAad } from './webhooks.service';
import { SigningWebhook, WebhooksRepository } from './webhooks.repository';

/**
 * Delivers changes to webhooks, at least once. In the transaction that records changes, a
 * delivery row per interested active webhook is written and its job queued (both commit with the
 * change, or neither). A worker (any process) takes a job, signs the body and POSTs it; each
 * attempt is logged. A failed attempt is retried by the queue with exponential backoff; when the
 * last one fails the delivery is `failed` and the webhook is disabled, which is itself a change on
 * the feed (`webhook.disabled`): the sustained failure is announced where integrations look.
 */
@Injectable()
export class WebhookDeliveries implements OnModuleInit {
  private readonly logger = new Logger('WebhookDeliveries');

  constructor(
    private readonly webhooks: WebhooksRepository,
    private readonly changes: ChangeEvents,
    private readonly queue: WebhookQueue,
    private readonly db: Transactions,
    private readonly notes: NoteCipherService,
    private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.changes.listen((organizationId, rows) => this.fanOut(organizationId, rows));
    this.queue.handle((job, last) => this.attempt(job, last));
  }

  /** In the recording transaction: a delivery per change and interested webhook, queued. */
  private async fanOut(organizationId: string, rows: ChangeRow[]): Promise<void> {
    const ids = await this.webhooks.insertDeliveriesFor(organizationId, rows);
    await this.queue.enqueue(ids.map((deliveryId) => ({ organizationId, deliveryId })));
  }

  /** One attempt of one delivery; throws (for the queue to retry) when it failed and attempts remain. */
  async attempt({ organizationId, deliveryId }: DeliveryJob, last: boolean): Promise<void> {
    const delivery = await this.webhooks.findDeliveryById(organizationId, deliveryId);
    if (!delivery || delivery.status !== 'pending') return;
    const webhook = await this.webhooks.findForSigning(organizationId, delivery.webhookId);
    if (!webhook) return;
    const isTest = delivery.eventType === 'webhook.test';
    if (webhook.status !== 'active' && !isTest) return;

    const body = JSON.stringify(delivery.payload);
    const headers = signedHeaders(delivery.messageId, new Date(), body, this.secretsOf(webhook));
    const result = await send(webhook.url, body, headers, { allowPrivate: this.config.WEBHOOKS_ALLOW_PRIVATE_TARGETS }, this.config.WEBHOOK_TIMEOUT_MS);
    const failedForGood = !result.succeeded && (last || isTest);
    await this.db.run(async () => {
      await this.webhooks.recordAttempt(organizationId, deliveryId, result, result.succeeded ? 'succeeded' : failedForGood ? 'failed' : 'pending');
      if (result.succeeded) await this.webhooks.countOutcome(organizationId, webhook.id, true);
      else if (failedForGood && !isTest) await this.failed(webhook, result);
    });
    if (!result.succeeded && !failedForGood) throw new DeliveryFailed(result);
  }

  /** A delivery failed every attempt (about three days of failures): the webhook is disabled, and the feed says so. */
  private async failed(webhook: SigningWebhook, result: SendResult): Promise<void> {
    await this.webhooks.countOutcome(webhook.organizationId, webhook.id, false);
    if (webhook.status !== 'active') return;
    const disabled = await this.webhooks.update(webhook.organizationId, webhook.id, undefined, {
      status: 'disabled',
      disabledAt: new Date(),
      disabledReason: `a delivery failed all ${this.config.WEBHOOK_MAX_ATTEMPTS} attempts (last: ${result.error ?? 'failed'})`,
    });
    this.logger.warn({ msg: 'webhook disabled after sustained delivery failures', webhookId: webhook.id, organizationId: webhook.organizationId });
    await this.changes.record(webhook.organizationId, 'system', [
      { type: 'webhook.disabled', resourceType: 'webhook', resourceId: webhook.id, version: disabled.version },
    ]);
  }

  private secretsOf(webhook: SigningWebhook): string[] {
    const aad = secretAad(webhook.organizationId);
    const secrets = [this.notes.cipher.decrypt(webhook.secretEncrypted, aad)];
    const overlapping = webhook.previousSecretEncrypted && webhook.previousSecretExpiresAt && webhook.previousSecretExpiresAt.getTime() > Date.now();
    if (overlapping) {
      try {
        secrets.push(this.notes.cipher.decrypt(webhook.previousSecretEncrypted!, aad));
      } catch (error) {
        this.logger.warn({ msg: 'previous webhook secret unreadable; signing with the current one', error: describeForLog(error) });
      }
    }
    return secrets;
  }
}

/** A failed attempt, thrown for the queue to schedule the next one; carries no receiver data. */
class DeliveryFailed extends Error {
  constructor(result: SendResult) {
    super(`delivery attempt failed: ${result.error ?? 'unknown'}`);
    this.name = 'DeliveryFailed';
  }
}
