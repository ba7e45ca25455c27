import { Module } from '@nestjs/common';
import { ClientsModule } from '../clients/clients.module';
import { GroupsController } from './groups.controller';
import { GroupsService } from './groups.service';

/** Support groups and their members. */
@Module({
  imports: [ClientsModule],
  controllers: [GroupsController],
  providers: [GroupsService],
  exports: [GroupsService],
})
export class GroupsModule {}
