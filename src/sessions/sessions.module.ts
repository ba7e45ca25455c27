import { Module } from '@nestjs/common';
import { ScreeningsModule } from '../screenings/screenings.module';
import { EnrollmentsModule } from '../enrollments/enrollments.module';
import { GroupsModule } from '../groups/groups.module';
import { NotesModule } from '../notes/notes.module';
import { SessionNotesService } from './session-notes.service';
import { SessionScheduling } from './session-scheduling.service';
import { SessionsController } from './sessions.controller';
import { SessionsService } from './sessions.service';

/** Therapy sessions: scheduling, the safety gate, completion with an encrypted signed note, addenda. */
@Module({
  imports: [NotesModule, ScreeningsModule, GroupsModule, EnrollmentsModule],
  controllers: [SessionsController],
  providers: [SessionsService, SessionScheduling, SessionNotesService],
  exports: [SessionsService],
})
export class SessionsModule {}
