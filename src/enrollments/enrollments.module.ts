import { Module } from '@nestjs/common';
import { ProgramsModule } from '../programs/programs.module';
import { EnrollmentTimeline } from './enrollment-timeline';
import { EnrollmentsController } from './enrollments.controller';
import { EnrollmentsService } from './enrollments.service';

/**
 * Enrollments, their step progress and practice ticks, and the timeline. Other modules import this
 * module for `EnrollmentTimeline`, to add their events inside their own transactions.
 */
@Module({
  imports: [ProgramsModule],
  controllers: [EnrollmentsController],
  providers: [EnrollmentsService, EnrollmentTimeline],
  exports: [EnrollmentTimeline, EnrollmentsService],
})
export class EnrollmentsModule {}
