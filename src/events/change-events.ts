import { Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { Transactions } from '../database/transactions';
import { ChangeActorType } from './change-event.entity';
import { ChangeEventsRepository, ChangeRow } from './change-events.repository';
import { ChangeRef, fallbackChanges, ROUTE_CHANGES, ROUTES_WITHOUT_CHANGES } from './change-types';

/** Told of the changes a transaction appends, inside that transaction (webhooks queue their deliveries). */
export type ChangeListener = (organizationId: string, changes: ChangeRow[]) => Promise<void>;

/** The route as Fastify names it, e.g. `PATCH /v1/clients/:id`. */
export function routeKeyOf(request: FastifyRequest): string {
  return `${request.method} ${request.routeOptions?.url ?? request.url}`;
}

/**
 * Records changes in the open transaction. Every authenticated write gets its changes from its
 * route (`recordForRequest`, called by WriteTransactionInterceptor as the transaction's last step);
 * work outside a request (a webhook disabled after failures) calls `record` last in its own transaction.
 */
@Injectable()
export class ChangeEvents {
  private readonly listeners: ChangeListener[] = [];

  constructor(
    private readonly repository: ChangeEventsRepository,
    private readonly db: Transactions,
  ) {}

  listen(listener: ChangeListener): void {
    this.listeners.push(listener);
  }

  /** The changes a successful authenticated write made, derived from its route, answer and input. */
  recordForRequest(request: FastifyRequest, result: unknown): Promise<ChangeRow[]> {
    const actor = request.actor;
    const key = routeKeyOf(request);
    if (!actor || ROUTES_WITHOUT_CHANGES.has(key) || request.url.startsWith('/v1/auth/')) return Promise.resolve([]);
    const change = { params: (request.params ?? {}) as Record<string, string>, result, input: request.body, organizationId: actor.organizationId };
    const derive = ROUTE_CHANGES[key];
    const changes = derive ? derive(change) : fallbackChanges(request.auditAction?.resourceType ?? 'resource', change);
    return this.record(actor.organizationId, actor.kind, changes);
  }

  /**
   * Appends changes in the caller's transaction (opening one if none is open): last, as it locks the
   * feed's head until commit. No savepoint: if the append fails, the change it records fails with it.
   */
  record(organizationId: string, actorType: ChangeActorType, changes: ChangeRef[]): Promise<ChangeRow[]> {
    if (changes.length === 0) return Promise.resolve([]);
    return this.db.join(async () => {
      const rows = await this.repository.append(organizationId, actorType, changes);
      for (const listener of this.listeners) await listener(organizationId, rows);
      return rows;
    });
  }
}
