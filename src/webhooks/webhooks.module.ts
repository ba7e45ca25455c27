import { Module } from '@nestjs/common';
import { NotesModule } from '../notes/notes.module';
import { WebhookDeliveries } from './webhook-deliveries.service';
import { WebhookQueue } from './webhook-queue';
import { WebhooksController } from './webhooks.controller';
import { WebhooksService } from './webhooks.service';

@Module({
  imports: [NotesModule],
  controllers: [WebhooksController],
  providers: [WebhooksService, WebhookDeliveries, WebhookQueue],
})
export class WebhooksModule {}
