import { Module } from '@nestjs/common';
import { CareTeamsModule } from '../care-teams/care-teams.module';
import { GroupsModule } from '../groups/groups.module';
import { ClientsController } from './clients.controller';
import { ClientsService } from './clients.service';

/** Clients: the people a practice helps. */
@Module({
  imports: [CareTeamsModule, GroupsModule],
  controllers: [ClientsController],
  providers: [ClientsService],
  exports: [ClientsService],
})
export class ClientsModule {}
