import { Module } from '@nestjs/common';
import { CareTeamsModule } from '../care-teams/care-teams.module';
import { CouplesModule } from '../couples/couples.module';
import { ScreeningsModule } from '../screenings/screenings.module';
import { ClientsController } from './clients.controller';
import { ClientsService } from './clients.service';

/** Clients: the people a practice helps. */
@Module({
  imports: [CareTeamsModule, CouplesModule, ScreeningsModule],
  controllers: [ClientsController],
  providers: [ClientsService],
  exports: [ClientsService, CareTeamsModule, CouplesModule, ScreeningsModule],
})
export class ClientsModule {}
