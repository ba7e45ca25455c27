import { Module } from '@nestjs/common';
import { EnrollmentsModule } from '../enrollments/enrollments.module';
import { CommitmentOutcomesService } from './commitment-outcomes.service';
import { CommitmentsController } from './commitments.controller';
import { CommitmentsService } from './commitments.service';

/** Commitments (step 4 of the program) and the outcomes of their occurrences. */
@Module({
  imports: [EnrollmentsModule],
  controllers: [CommitmentsController],
  providers: [CommitmentsService, CommitmentOutcomesService],
  exports: [CommitmentsService, CommitmentOutcomesService],
})
export class CommitmentsModule {}
