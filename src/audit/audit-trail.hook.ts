import { Injectable, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { originOf } from '../context/request-context';
import { AuditWriter, auditDetail } from './audit.writer';

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
      const actor = request.actor;
      const action = request.auditAction;
      if (!actor || !action) return;
      const id = (request.params as Record<string, string> | undefined)?.id;
      this.writer.record({
        organizationId: actor.organizationId,
        actorType: actor.kind,
        actorId: actor.id,
        action: action.action,
        resourceType: action.resourceType,
        resourceId: id ?? null,
        detail: auditDetail(request),
        status: reply.statusCode,
        origin: originOf(request),
      });
    });
    fastify.addHook('onClose', async () => {
      await this.writer.drain();
    });
  }
}
