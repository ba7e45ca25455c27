import { Global, Module } from '@nestjs/common';
import { AuditTrailHook } from './audit-trail.hook';
import { AuditController } from './audit.controller';
import { AuditTrailService } from './audit-trail.service';
import { AuditWriter } from './audit.writer';

@Global()
@Module({
  controllers: [AuditController],
  providers: [AuditWriter, AuditTrailHook, AuditTrailService],
  exports: [AuditWriter],
})
export class AuditModule {}
