import { Injectable, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AuditWriter, auditEventOf } from './audit.writer';

/**
 * Records every authenticated API request after its response is sent (so it adds no latency),
 * whatever the outcome: success, refusal (403), not found (404), stale (412), failure (5xx).
 */
@Injectable()
export class AuditTrailHook implements OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly writer: AuditWriter,
  ) {}

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter?.getInstance<FastifyInstance>();
    if (!fastify) return;
    fastify.addHook('onResponse', async (request: FastifyRequest, reply) => {
      // A write that succeeded was recorded in its own transaction (WriteTransactionInterceptor).
      if (request.auditedInTransaction) return;
      const event = auditEventOf(request, reply.statusCode);
      if (event) this.writer.record(event);
    });
    fastify.addHook('onClose', async () => {
      await this.writer.close();
    });
  }
}
