import { Global, Module } from '@nestjs/common';
import { ChangeEvents } from './change-events';
import { ChangeRetention } from './change-retention';
import { ChangesController } from './changes.controller';
import { ChangesService } from './changes.service';

/** Global: the write transaction (a global interceptor) and webhooks record and follow changes. */
@Global()
@Module({
  controllers: [ChangesController],
  providers: [ChangeEvents, ChangesService, ChangeRetention],
  exports: [ChangeEvents],
})
export class EventsModule {}
