import { Module } from '@nestjs/common';
import { ReliabilityController } from './reliability.controller';
import { ReliabilityService } from './reliability.service';

/** Reliability: the figures of commitments' outcomes and boundaries' breaches (steps 4 and 5), read-only. */
@Module({
  controllers: [ReliabilityController],
  providers: [ReliabilityService],
  exports: [ReliabilityService],
})
export class ReliabilityModule {}
