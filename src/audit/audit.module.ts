import { Global, Module } from '@nestjs/common';
import { AuditTrailHook } from './audit-trail.hook';
import { AuditWriter } from './audit.writer';

@Global()
@Module({ providers: [AuditWriter, AuditTrailHook], exports: [AuditWriter] })
export class AuditModule {}
