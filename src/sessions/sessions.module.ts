import { Module } from '@nestjs/common';
import { ClientsModule } from '../clients/clients.module';
import { EnrollmentsModule } from '../enrollments/enrollments.module';
import { GroupsModule } from '../groups/groups.module';
import { NoteCipherService } from '../notes/note-cipher.service';
import { SessionNotesService } from './session-notes.service';
import { SessionScheduling } from './session-scheduling.service';
import { SessionsController } from './sessions.controller';
import { SessionsService } from './sessions.service';

/** Therapy sessions: scheduling, the safety gate, completion with an encrypted signed note, addenda. */
@Module({
  imports: [ClientsModule, GroupsModule, EnrollmentsModule],
  controllers: [SessionsController],
  providers: [SessionsService, SessionScheduling, SessionNotesService, NoteCipherService],
  exports: [NoteCipherService],
})
export class SessionsModule {}
