import { Module } from '@nestjs/common';
import { CareTeamsService } from '../care-teams/care-teams.service';
import { CouplesController } from '../couples/couples.controller';
import { CouplesService } from '../couples/couples.service';
import { SafetyScreeningsController } from '../screenings/safety-screenings.controller';
import { SafetyScreeningsService } from '../screenings/safety-screenings.service';
import { ClientsController } from './clients.controller';
import { ClientsService } from './clients.service';

/** Clients, couples, their care teams and safety screenings: the records of a caseload. */
@Module({
  controllers: [ClientsController, CouplesController, SafetyScreeningsController],
  providers: [ClientsService, CouplesService, CareTeamsService, SafetyScreeningsService],
  exports: [ClientsService, CouplesService, CareTeamsService, SafetyScreeningsService],
})
export class ClientsModule {}
