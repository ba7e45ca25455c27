import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsString, IsUrl, MaxLength } from 'class-validator';
import { Optional } from '../../http/optional';
import { CHANGE_TYPES } from '../../events/change-types';
import { DeliveryStatus, Webhook, WebhookDelivery, WebhookDeliveryAttempt, WebhookStatus } from '../webhook.entity';

const URL_OPTIONS = { protocols: ['http', 'https'], require_protocol: true, require_tld: false, require_valid_protocol: true };

export class CreateWebhookDto {
  /** Where to POST changes: http(s), no credentials, a public address (unless the installation allows private ones). */
  @ApiProperty({ example: 'https://clinic-software.example.com/hooks/trustpath' })
  @IsUrl(URL_OPTIONS)
  @MaxLength(2000)
  url!: string;

  /** The change types to deliver; omit or leave empty for every type. */
  @ApiPropertyOptional({ type: [String], enum: CHANGE_TYPES, example: ['client.created', 'session.completed'] })
  @Optional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsIn(CHANGE_TYPES, { each: true })
  eventTypes?: string[];

  /** What the webhook is for, for the people managing it. */
  @Optional()
  @IsString()
  @MaxLength(500)
  description?: string;
}

export class UpdateWebhookDto {
  @ApiPropertyOptional({ example: 'https://clinic-software.example.com/hooks/trustpath' })
  @Optional()
  @IsUrl(URL_OPTIONS)
  @MaxLength(2000)
  url?: string;

  @ApiPropertyOptional({ type: [String], enum: CHANGE_TYPES })
  @Optional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsIn(CHANGE_TYPES, { each: true })
  eventTypes?: string[];

  @ApiPropertyOptional({ type: 'string', nullable: true })
  @Optional({ nullable: true })
  @IsString()
  @MaxLength(500)
  description?: string | null;

  /** `active` turns a disabled webhook back on (and clears its failure count); `disabled` pauses it. */
  @ApiPropertyOptional({ enum: ['active', 'disabled'] })
  @Optional()
  @IsIn(['active', 'disabled'])
  status?: WebhookStatus;

  /**
   * A new signing secret, shown once in this answer. The previous one keeps signing beside it for
   * 24 hours, so receivers can switch over without losing a delivery.
   */
  @Optional()
  @IsBoolean()
  rotateSecret?: boolean;
}

export class WebhookDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;
  @ApiProperty({ format: 'uuid' })
  organizationId!: string;
  url!: string;
  /** Empty: every type. */
  @ApiProperty({ type: [String], enum: CHANGE_TYPES })
  eventTypes!: string[];
  @ApiProperty({ type: 'string', nullable: true })
  description!: string | null;
  @ApiProperty({ enum: ['active', 'disabled'] })
  status!: WebhookStatus;
  /** Deliveries failed in a row (after all their attempts). */
  @ApiProperty({ type: 'integer' })
  consecutiveFailures!: number;
  @ApiProperty({ type: 'string', format: 'date-time', nullable: true })
  disabledAt!: Date | null;
  /** Why TrustPath disabled it, or that a person did. */
  @ApiProperty({ type: 'string', nullable: true })
  disabledReason!: string | null;
  /** Until when the secret before the last rotation still signs beside the new one. */
  @ApiProperty({ type: 'string', format: 'date-time', nullable: true })
  previousSecretExpiresAt!: Date | null;
  /** The signing secret (`whsec_…`): only in the answer that creates the webhook or rotates its secret. Keep it. */
  @ApiPropertyOptional({ example: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' })
  secret?: string;
  createdAt!: Date;
  updatedAt!: Date;
  @ApiProperty({ type: 'integer' })
  version!: number;
}

export class DeliveryAttemptDto {
  @ApiProperty({ type: 'integer' })
  attempt!: number;
  attemptedAt!: Date;
  succeeded!: boolean;
  /** The receiver's HTTP status; null when it did not answer. */
  @ApiProperty({ type: 'integer', nullable: true })
  responseStatus!: number | null;
  @ApiProperty({ type: 'integer' })
  latencyMs!: number;
  @ApiProperty({ type: 'string', nullable: true })
  error!: string | null;
}

export class WebhookDeliveryDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;
  @ApiProperty({ format: 'uuid' })
  webhookId!: string;
  /** The `webhook-id` header: the change's id (the same on every attempt), or a test ping's. */
  @ApiProperty({ format: 'uuid' })
  messageId!: string;
  eventType!: string;
  /** `pending` while attempts remain; `failed` when all failed (retry it by hand); `succeeded`. */
  @ApiProperty({ enum: ['pending', 'succeeded', 'failed'] })
  status!: DeliveryStatus;
  @ApiProperty({ type: 'integer' })
  attempts!: number;
  @ApiProperty({ type: 'string', format: 'date-time', nullable: true })
  lastAttemptAt!: Date | null;
  @ApiProperty({ type: 'integer', nullable: true })
  responseStatus!: number | null;
  @ApiProperty({ type: 'integer', nullable: true })
  latencyMs!: number | null;
  @ApiProperty({ type: 'string', nullable: true })
  error!: string | null;
  /** Every attempt, first to last. */
  @ApiProperty({ type: [DeliveryAttemptDto] })
  attemptLog!: DeliveryAttemptDto[];
  createdAt!: Date;
  updatedAt!: Date;
  @ApiProperty({ type: 'integer' })
  version!: number;
}

export function toWebhookDto(webhook: Webhook, secret?: string): WebhookDto {
  return {
    id: webhook.id,
    organizationId: webhook.organizationId,
    url: webhook.url,
    eventTypes: webhook.eventTypes,
    description: webhook.description,
    status: webhook.status,
    consecutiveFailures: webhook.consecutiveFailures,
    disabledAt: webhook.disabledAt,
    disabledReason: webhook.disabledReason,
    previousSecretExpiresAt: webhook.previousSecretExpiresAt,
    ...(secret ? { secret } : {}),
    createdAt: webhook.createdAt,
    updatedAt: webhook.updatedAt,
    version: webhook.version,
  };
}

export function toDeliveryDto(delivery: WebhookDelivery, attempts: WebhookDeliveryAttempt[]): WebhookDeliveryDto {
  return {
    id: delivery.id,
    webhookId: delivery.webhookId,
    messageId: delivery.messageId,
    eventType: delivery.eventType,
    status: delivery.status,
    attempts: delivery.attempts,
    lastAttemptAt: delivery.lastAttemptAt,
    responseStatus: delivery.responseStatus,
    latencyMs: delivery.latencyMs,
    error: delivery.error,
    attemptLog: attempts.map((a) => ({
      attempt: a.attempt,
      attemptedAt: a.attemptedAt,
      succeeded: a.succeeded,
      responseStatus: a.responseStatus,
      latencyMs: a.latencyMs,
      error: a.error,
    })),
    createdAt: delivery.createdAt,
    updatedAt: delivery.updatedAt,
    version: delivery.version,
  };
}
