import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
import { ApiAcceptedResponse, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor } from '../auth/actor';
import { Authorize } from '../auth/authorize.decorator';
import { CurrentActor } from '../auth/current-actor.decorator';
import { Permission } from '../auth/permissions';
import { IfMatch, IfMatchHeader } from '../common/concurrency';
import { ApiPageResponse, Page, PageQueryDto } from '../common/pagination';
import { IdParam } from '../http/id-param';
import { ApiProblems } from '../openapi/api-problems.decorator';
import { CreateWebhookDto, UpdateWebhookDto, WebhookDeliveryDto, WebhookDto } from './dto/webhook.dto';
import { WebhooksService } from './webhooks.service';

@ApiTags('Webhooks')
@Controller('webhooks')
export class WebhooksController {
  constructor(private readonly webhooks: WebhooksService) {}

  @Get()
  @Authorize(Permission.WebhooksManage)
  @ApiOperation({ summary: 'List the organization’s webhooks (never their secrets)' })
  @ApiPageResponse(WebhookDto)
  listWebhooks(@CurrentActor() actor: Actor, @Query() query: PageQueryDto): Promise<Page<WebhookDto>> {
    return this.webhooks.list(actor, query);
  }

  @Post()
  @Authorize(Permission.WebhooksManage)
  @ApiOperation({
    summary: 'Subscribe a URL to the organization’s changes; the signing secret is shown only in this answer',
    description:
      'Each change of the chosen `eventTypes` (all when empty) is POSTed as JSON `{ type, timestamp, data }` (ids and versions, never ' +
      'client data), signed per Standard Webhooks (`webhook-id`, `webhook-timestamp`, `webhook-signature`: `v1,` HMAC-SHA256 with the ' +
      '`whsec_` secret). A URL that is not http(s), carries credentials, or is or resolves to a loopback, private, link-local, shared, ' +
      'multicast or metadata address is a 422 `WEBHOOK_TARGET_REFUSED` (private ones are allowed where the installation sets ' +
      '`WEBHOOKS_ALLOW_PRIVATE_TARGETS`). Deliveries are retried with exponential backoff for about three days; a delivery failing ' +
      'every attempt disables the webhook, announced as a `webhook.disabled` change.',
  })
  @ApiCreatedResponse({ type: WebhookDto })
  @ApiProblems(422)
  createWebhook(@CurrentActor() actor: Actor, @Body() dto: CreateWebhookDto): Promise<WebhookDto> {
    return this.webhooks.create(actor, dto);
  }

  @Get(':id')
  @Authorize(Permission.WebhooksManage)
  @ApiOperation({ summary: 'Get a webhook' })
  @ApiOkResponse({ type: WebhookDto })
  getWebhook(@CurrentActor() actor: Actor, @IdParam() id: string): Promise<WebhookDto> {
    return this.webhooks.get(actor, id);
  }

  @Patch(':id')
  @Authorize(Permission.WebhooksManage)
  @ApiOperation({
    summary: 'Change a webhook’s URL, types or description; turn it off or back on; rotate its secret',
    description:
      '`rotateSecret: true` answers with the new `secret` (shown once); the previous one keeps signing beside it for 24 hours ' +
      '(`previousSecretExpiresAt`), so a delivery carries two `v1` signatures meanwhile. `status: active` turns a disabled webhook ' +
      'back on. A refused URL is a 422 `WEBHOOK_TARGET_REFUSED`.',
  })
  @ApiOkResponse({ type: WebhookDto })
  @ApiProblems(422)
  updateWebhook(
    @CurrentActor() actor: Actor,
    @IdParam() id: string,
    @Body() dto: UpdateWebhookDto,
    @IfMatchHeader() ifMatch: IfMatch | undefined,
  ): Promise<WebhookDto> {
    return this.webhooks.update(actor, id, dto, ifMatch);
  }

  @Delete(':id')
  @HttpCode(204)
  @Authorize(Permission.WebhooksManage)
  @ApiOperation({ summary: 'Delete a webhook and its delivery log; deliveries still queued are dropped' })
  @ApiNoContentResponse({ description: 'Deleted.' })
  async deleteWebhook(@CurrentActor() actor: Actor, @IdParam() id: string, @IfMatchHeader() ifMatch: IfMatch | undefined): Promise<void> {
    await this.webhooks.delete(actor, id, ifMatch);
  }

  @Get(':id/deliveries')
  @Authorize(Permission.WebhooksManage)
  @ApiOperation({ summary: 'The webhook’s delivery log, newest first: status, response code, latency and every attempt' })
  @ApiPageResponse(WebhookDeliveryDto)
  listWebhookDeliveries(@CurrentActor() actor: Actor, @IdParam() id: string, @Query() query: PageQueryDto): Promise<Page<WebhookDeliveryDto>> {
    return this.webhooks.deliveries(actor, id, query);
  }

  @Post(':id/deliveries/:deliveryId/retry')
  @HttpCode(202)
  @Authorize(Permission.WebhooksManage)
  @ApiOperation({ summary: 'Send a failed delivery again, for a new round of attempts (409 unless it failed)' })
  @ApiAcceptedResponse({ type: WebhookDeliveryDto })
  @ApiProblems(409)
  retryWebhookDelivery(@CurrentActor() actor: Actor, @IdParam() id: string, @IdParam('deliveryId') deliveryId: string): Promise<WebhookDeliveryDto> {
    return this.webhooks.retry(actor, id, deliveryId);
  }

  @Post(':id/test')
  @HttpCode(202)
  @Authorize(Permission.WebhooksManage)
  @ApiOperation({ summary: 'Queue a signed `webhook.test` ping to the webhook; its outcome shows in the delivery log' })
  @ApiAcceptedResponse({ type: WebhookDeliveryDto })
  testWebhook(@CurrentActor() actor: Actor, @IdParam() id: string): Promise<WebhookDeliveryDto> {
    return this.webhooks.test(actor, id);
  }
}
