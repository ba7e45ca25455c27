import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AccessService } from '../access/access.service';
import { Resource } from '../access/access.rules';
import { Actor } from '../auth/actor';
import { IfMatch } from '../common/concurrency';
import { Page, PageQueryDto } from '../common/pagination';
import { AppConfig } from '../config/app-config';
import { Transactions } from '../database/transactions';
import { DomainError } from '../errors/domain-error';
import { ErrorCode } from '../errors/error-code';
import { WEBHOOK_SECRETS } from '../notes/encrypted-columns.repository';
import { NoteCipherService } from '../notes/note-cipher.service';
import { CreateWebhookDto, toDeliveryDto, toWebhookDto, UpdateWebhookDto, WebhookDeliveryDto, WebhookDto } from './dto/webhook.dto';
import { newWebhookSecret } from './webhook-signing';
import { checkTarget, TargetPolicy, TargetRefused } from './webhook-target';
import { WebhookQueue } from './webhook-queue';
import { WebhookChanges, WebhooksRepository } from './webhooks.repository';

/** How long a rotated-out secret keeps signing beside the new one. */
export const SECRET_OVERLAP_HOURS = 24;

/** The AAD of a webhook's encrypted secrets: bound to the organization. */
export function secretAad(organizationId: string): string {
  return WEBHOOK_SECRETS.aad(organizationId, organizationId);
}

@Injectable()
export class WebhooksService {
  constructor(
    private readonly webhooks: WebhooksRepository,
    private readonly access: AccessService,
    private readonly db: Transactions,
    private readonly notes: NoteCipherService,
    private readonly queue: WebhookQueue,
    private readonly config: AppConfig,
  ) {}

  get policy(): TargetPolicy {
    return { allowPrivate: this.config.WEBHOOKS_ALLOW_PRIVATE_TARGETS };
  }

  async create(actor: Actor, dto: CreateWebhookDto): Promise<WebhookDto> {
    await this.requireTarget(dto.url);
    const secret = newWebhookSecret();
    const webhook = await this.db.run(() =>
      this.webhooks.insert({
        organizationId: actor.organizationId,
        url: dto.url,
        eventTypes: [...new Set(dto.eventTypes ?? [])],
        description: dto.description ?? null,
        secretEncrypted: this.notes.cipher.encrypt(secret, secretAad(actor.organizationId)),
      }),
    );
    return toWebhookDto(webhook, secret);
  }

  list(actor: Actor, page: PageQueryDto): Promise<Page<WebhookDto>> {
    return this.webhooks.list(actor.organizationId, page).then((found) => ({ ...found, data: found.data.map((w) => toWebhookDto(w)) }));
  }

  async get(actor: Actor, id: string): Promise<WebhookDto> {
    await this.access.require(actor, Resource.Webhook, [id]);
    return toWebhookDto(await this.webhooks.findOrFail(actor.organizationId, id));
  }

  async update(actor: Actor, id: string, dto: UpdateWebhookDto, ifMatch?: IfMatch): Promise<WebhookDto> {
    await this.access.require(actor, Resource.Webhook, [id]);
    if (dto.url !== undefined) await this.requireTarget(dto.url);
    const changes: WebhookChanges = {};
    if (dto.url !== undefined) changes.url = dto.url;
    if (dto.eventTypes !== undefined) changes.eventTypes = [...new Set(dto.eventTypes)];
    if (dto.description !== undefined) changes.description = dto.description;
    if (dto.status === 'active') Object.assign(changes, { status: 'active', disabledAt: null, disabledReason: null, consecutiveFailures: 0 });
    if (dto.status === 'disabled') Object.assign(changes, { status: 'disabled', disabledAt: new Date(), disabledReason: 'disabled by a person' });
    let secret: string | undefined;
    return this.db.run(async () => {
      if (dto.rotateSecret) {
        const current = await this.webhooks.findForSigning(actor.organizationId, id);
        if (!current) throw DomainError.notFound('Webhook');
        secret = newWebhookSecret();
        changes.secretEncrypted = this.notes.cipher.encrypt(secret, secretAad(actor.organizationId));
        changes.previousSecretEncrypted = current.secretEncrypted;
        changes.previousSecretExpiresAt = new Date(Date.now() + SECRET_OVERLAP_HOURS * 60 * 60 * 1000);
      }
      return toWebhookDto(await this.webhooks.update(actor.organizationId, id, ifMatch, changes), secret);
    });
  }

  async delete(actor: Actor, id: string, ifMatch?: IfMatch): Promise<void> {
    await this.access.require(actor, Resource.Webhook, [id]);
    await this.db.run(() => this.webhooks.delete(actor.organizationId, id, ifMatch));
  }

  async deliveries(actor: Actor, id: string, page: PageQueryDto): Promise<Page<WebhookDeliveryDto>> {
    await this.access.require(actor, Resource.Webhook, [id]);
    const found = await this.webhooks.listDeliveries(actor.organizationId, id, page);
    const attempts = await this.webhooks.attemptsOf(actor.organizationId, found.data.map((d) => d.id));
    return { ...found, data: found.data.map((d) => toDeliveryDto(d, attempts.filter((a) => a.deliveryId === d.id))) };
  }

  /** Sends a failed delivery again, for another round of attempts. */
  async retry(actor: Actor, id: string, deliveryId: string): Promise<WebhookDeliveryDto> {
    await this.access.require(actor, Resource.Webhook, [id]);
    return this.db.run(async () => {
      const delivery = await this.webhooks.findDelivery(actor.organizationId, id, deliveryId);
      if (!delivery) throw DomainError.notFound('Delivery');
      if (delivery.status !== 'failed') {
        throw new DomainError(ErrorCode.Conflict, `This delivery is ${delivery.status}: only a failed delivery is sent again.`);
      }
      const reopened = await this.webhooks.reopenDelivery(actor.organizationId, deliveryId);
      await this.queue.enqueue([{ organizationId: actor.organizationId, deliveryId }]);
      return toDeliveryDto(reopened, await this.webhooks.attemptsOf(actor.organizationId, [deliveryId]));
    });
  }

  /** Queues a signed `webhook.test` ping to the webhook (even a disabled one, to check it before turning it back on). */
  async test(actor: Actor, id: string): Promise<WebhookDeliveryDto> {
    await this.access.require(actor, Resource.Webhook, [id]);
    return this.db.run(async () => {
      const messageId = randomUUID();
      const delivery = await this.webhooks.insertDelivery({
        organizationId: actor.organizationId,
        webhookId: id,
        messageId,
        eventType: 'webhook.test',
        payload: { type: 'webhook.test', timestamp: new Date().toISOString(), data: { id: messageId, organizationId: actor.organizationId, webhookId: id } },
      });
      await this.queue.enqueue([{ organizationId: actor.organizationId, deliveryId: delivery.id }]);
      return toDeliveryDto(delivery, []);
    });
  }

  private async requireTarget(url: string): Promise<void> {
    try {
      await checkTarget(url, this.policy);
    } catch (error) {
      if (error instanceof TargetRefused) {
        throw new DomainError(ErrorCode.WebhookTargetRefused, `The webhook URL ${error.message}.`);
      }
      throw error;
    }
  }
}
