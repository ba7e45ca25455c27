import { Module } from '@nestjs/common';
import { ClientsModule } from '../clients/clients.module';
import { ProgramsModule } from '../programs/programs.module';
import { EnrollmentEventsRepository } from './enrollment-events.repository';
import { EnrollmentTimeline } from './enrollment-timeline';
import { EnrollmentsController } from './enrollments.controller';
import { EnrollmentsRepository } from './enrollments.repository';
import { EnrollmentsService } from './enrollments.service';

/**
 * Enrollments, their step progress and practice ticks, and the timeline. Other modules import this
 * module for `EnrollmentTimeline`, to add their events inside their own transactions.
 */
@Module({
  imports: [ProgramsModule, ClientsModule],
  controllers: [EnrollmentsController],
  providers: [EnrollmentsService, EnrollmentsRepository, EnrollmentEventsRepository, EnrollmentTimeline],
  exports: [EnrollmentTimeline],
})
export class EnrollmentsModule {}
