import { Module } from '@nestjs/common';
import { EnrollmentsModule } from '../enrollments/enrollments.module';
import { InstrumentsModule } from '../instruments/instruments.module';
import { MeasureTrendsController } from './measure-trends.controller';
import { MeasureTrendsService } from './measure-trends.service';
import { MeasurementsController } from './measurements.controller';
import { MeasurementsService } from './measurements.service';

/** Measurements: respondents' answers to instruments, scored by the server, immutable once recorded. */
@Module({
  imports: [InstrumentsModule, EnrollmentsModule],
  controllers: [MeasurementsController, MeasureTrendsController],
  providers: [MeasurementsService, MeasureTrendsService],
  exports: [MeasureTrendsService, MeasurementsService],
})
export class MeasurementsModule {}
