import { Module } from '@nestjs/common';
import { CareTeamsService } from '../care-teams/care-teams.service';
import { CouplesController } from '../couples/couples.controller';
import { CouplesService } from '../couples/couples.service';
import { SafetyScreeningsController } from '../screenings/safety-screenings.controller';
import { SafetyScreeningsService } from '../screenings/safety-screenings.service';
import { ClientsController } from './clients.controller';
import { ClientsService } from './clients.service';
import { ClientsRepository } from './clients.repository';
import { CouplesRepository } from '../couples/couples.repository';

/** Clients, couples, their care teams and safety screenings: the records of a caseload. */
@Module({
  controllers: [ClientsController, CouplesController, SafetyScreeningsController],
  providers: [ClientsService, ClientsRepository, CouplesService, CouplesRepository, CareTeamsService, SafetyScreeningsService],
  exports: [ClientsService, ClientsRepository, CouplesService, CouplesRepository, CareTeamsService, SafetyScreeningsService],
})
export class ClientsModule {}
