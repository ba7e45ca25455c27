import { Module } from '@nestjs/common';
import { EnrollmentsModule } from '../enrollments/enrollments.module';
import { BoundariesController } from './boundaries.controller';
import { BoundariesService } from './boundaries.service';
import { BoundaryBreachesService } from './boundary-breaches.service';
import { BoundaryTimeline } from './boundary-timeline';

/** Boundaries a couple agrees on (step 5), their agreements, versions and breaches. */
@Module({
  imports: [EnrollmentsModule],
  controllers: [BoundariesController],
  providers: [BoundariesService, BoundaryBreachesService, BoundaryTimeline],
  exports: [BoundariesService, BoundaryBreachesService],
})
export class BoundariesModule {}
