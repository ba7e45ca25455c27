import { Module } from '@nestjs/common';
import { ClientsModule } from '../clients/clients.module';
import { GroupsController } from './groups.controller';
import { GroupsRepository } from './groups.repository';
import { GroupsService } from './groups.service';

/** Support groups and their members. */
@Module({
  imports: [ClientsModule],
  controllers: [GroupsController],
  providers: [GroupsService, GroupsRepository],
  exports: [GroupsService, GroupsRepository],
})
export class GroupsModule {}
