import { Module } from '@nestjs/common';
import { ScreeningsModule } from '../screenings/screenings.module';
import { EnrollmentsModule } from '../enrollments/enrollments.module';
import { GroupsModule } from '../groups/groups.module';
import { NoteCipherService } from '../notes/note-cipher.service';
import { SessionNotesService } from './session-notes.service';
import { SessionScheduling } from './session-scheduling.service';
import { SessionsController } from './sessions.controller';
import { SessionsService } from './sessions.service';

/** Therapy sessions: scheduling, the safety gate, completion with an encrypted signed note, addenda. */
@Module({
  imports: [ScreeningsModule, GroupsModule, EnrollmentsModule],
  controllers: [SessionsController],
  providers: [SessionsService, SessionScheduling, SessionNotesService, NoteCipherService],
  exports: [NoteCipherService],
})
export class SessionsModule {}
