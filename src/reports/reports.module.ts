import { Module } from '@nestjs/common';
import { EnrollmentsModule } from '../enrollments/enrollments.module';
import { MeasurementsModule } from '../measurements/measurements.module';
import { ReliabilityModule } from '../reliability/reliability.module';
import { ReportsController } from './reports.controller';
import { ReportsService } from './reports.service';

/** Progress reports: what the other modules hold about a couple or client over a period, as JSON or PDF. */
@Module({
  imports: [EnrollmentsModule, ReliabilityModule, MeasurementsModule],
  controllers: [ReportsController],
  providers: [ReportsService],
})
export class ReportsModule {}
