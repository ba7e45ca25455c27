import { Module } from '@nestjs/common';
import { EnrollmentsModule } from '../enrollments/enrollments.module';
import { InstrumentsModule } from '../instruments/instruments.module';
import { MeasurementsController } from './measurements.controller';
import { MeasurementsService } from './measurements.service';

/** Measurements: respondents' answers to instruments, scored by the server, immutable once recorded. */
@Module({
  imports: [InstrumentsModule, EnrollmentsModule],
  controllers: [MeasurementsController],
  providers: [MeasurementsService],
})
export class MeasurementsModule {}
