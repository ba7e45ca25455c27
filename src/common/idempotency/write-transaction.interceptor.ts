import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { lastValueFrom, Observable, of } from 'rxjs';
import { AuditWriter, auditEventOf } from '../../audit/audit.writer';
import { Transactions } from '../../database/transactions';
import { isVersionedResource } from '../concurrency';
import { idempotencyReplays } from '../../metrics/metrics';
import { DomainError } from '../../errors/domain-error';
import { ChangeEvents } from '../../events/change-events';
import { IdempotencyKeys, IdempotentRequest, StoredProblem, StoredResponse } from './idempotency-keys';
import { parseIdempotencyKey, requestHashOf } from './idempotent-request';

/** Route metadata set by `@Idempotent()`: body fields left out of the request's stored fingerprint. */
export const IDEMPOTENT_SECRET_FIELDS = 'trustpath:idempotent-secret-fields';

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** What the handler's transaction ended with: its answer, or a stored one to replay. */
type Outcome = { body: unknown } | { replay: StoredResponse };

/**
 * Every authenticated write runs in one transaction, which also stores its audit event, its changes
 * (the changes feed's events, derived from the route: `src/events/change-types.ts`) and, with an
 * `Idempotency-Key` on an `@Idempotent()` route, the answer retries will replay. The change, its
 * audit event and its stored answer commit together or not at all: a COMMIT whose reply is lost, or
 * a process killed after it, leaves either all three (the retry replays) or none (the retry runs).
 * Services' own transactions become savepoints inside this one. A refusal (4xx) changes nothing
 * and is stored for replay afterwards; a failure (5xx) stores nothing, so the retry runs.
 */
@Injectable()
export class WriteTransactionInterceptor implements NestInterceptor {
  constructor(
    private readonly db: Transactions,
    private readonly reflector: Reflector,
    private readonly keys: IdempotencyKeys,
    private readonly audit: AuditWriter,
    private readonly changes: ChangeEvents,
  ) {}

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    if (context.getType() !== 'http') return next.handle();
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    if (!request.actor || !WRITES.has(request.method)) return next.handle();

    const idempotent = this.idempotentRequestOf(context, request);
    const run = () => this.inTransaction(request, reply, next, idempotent);
    const outcome = await (idempotent ? this.keys.exclusively(idempotent, run) : run());
    return 'replay' in outcome ? replay(reply, outcome.replay) : of(outcome.body);
  }

  private async inTransaction(request: FastifyRequest, reply: FastifyReply, next: CallHandler, idempotent?: IdempotentRequest): Promise<Outcome> {
    let handled = false;
    try {
      return await this.db.run(async (): Promise<Outcome> => {
        const stored = idempotent ? await this.keys.claim(idempotent) : undefined;
        if (stored) return { replay: stored };
        handled = true;
        const body = await lastValueFrom(next.handle(), { defaultValue: undefined });
        if (idempotent) await this.keys.store(idempotent, { status: reply.statusCode, body, location: headerOf(reply, 'location') });
        const event = auditEventOf(request, reply.statusCode);
        // A create names the record it made, so the trail tells who created what.
        if (event && !event.resourceId && isVersionedResource(body)) event.resourceId = body.id;
        if (event) await this.audit.recordInTransaction(event);
        // Last: it locks the organization's changes feed until the commit (ChangeEventsRepository.append).
        await this.changes.recordForRequest(request, body);
        request.auditedInTransaction = true;
        return { body };
      });
    } catch (error) {
      if (idempotent && handled && error instanceof DomainError && error.status < 500) await this.storeRefusal(idempotent, error);
      throw error;
    }
  }

  /** After the rollback: the refusal is this request's answer, replayed to its retries. */
  private storeRefusal(idempotent: IdempotentRequest, error: DomainError): Promise<void> {
    return this.db.run(async () => {
      if ((await this.keys.claim(idempotent).catch(() => 'taken')) !== undefined) return;
      await this.keys.store(idempotent, { status: error.status, body: storedProblemOf(error), location: null });
    });
  }

  private idempotentRequestOf(context: ExecutionContext, request: FastifyRequest): IdempotentRequest | undefined {
    const header = request.headers['idempotency-key'];
    const secretFields = this.reflector.get<string[] | undefined>(IDEMPOTENT_SECRET_FIELDS, context.getHandler());
    if (header === undefined || !secretFields) return undefined;
    const actor = request.actor!;
    // The credential is part of the request: another staff user or key of the organization reusing
    // the key is refused (422) instead of being replayed an answer it may not be allowed to see.
    return {
      organizationId: actor.organizationId,
      key: parseIdempotencyKey(header),
      requestHash: requestHashOf(request.method, request.url, withoutFields(request.body, secretFields), `${actor.kind}:${actor.id}`),
    };
  }
}

function headerOf(reply: FastifyReply, name: string): string | null {
  const value = reply.getHeader(name);
  return typeof value === 'string' ? value : null;
}

function storedProblemOf(error: DomainError): StoredProblem {
  return { code: error.code, detail: error.detail, ...error.options };
}

function replay(reply: FastifyReply, stored: StoredResponse): Observable<unknown> {
  idempotencyReplays.inc();
  reply.header('idempotency-replayed', 'true');
  if (stored.status >= 400) {
    const { code, detail, ...options } = stored.body as StoredProblem;
    throw new DomainError(code, detail, options);
  }
  reply.status(stored.status);
  if (stored.location) reply.header('location', stored.location);
  return of(stored.body ?? undefined);
}

function withoutFields(body: unknown, fields: string[]): unknown {
  if (fields.length === 0 || !body || typeof body !== 'object' || Array.isArray(body)) return body;
  return Object.fromEntries(Object.entries(body).filter(([name]) => !fields.includes(name)));
}
