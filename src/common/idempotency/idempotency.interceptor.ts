import { CallHandler, ExecutionContext, Injectable, Logger, NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { catchError, from, mergeMap, Observable, of, throwError } from 'rxjs';
import { Transactions } from '../../database/transactions';
import { describeForLog } from '../../errors/problem.filter';
import { DomainError } from '../../errors/domain-error';
import {
  claimIdempotencyKey,
  completeIdempotencyKey,
  IdempotentRequest,
  releaseIdempotencyKey,
  StoredProblem,
  StoredResponse,
} from './idempotency-keys';
import { parseIdempotencyKey, requestHashOf } from './idempotent-request';

/** Route metadata: body fields left out of the request's stored fingerprint (see `Idempotent`). */
export const IDEMPOTENT_SECRET_FIELDS = 'trustpath:idempotent-secret-fields';

/**
 * Makes a creating POST safe to retry with `Idempotency-Key` (apply it with `@Idempotent()`).
 * Its queries run outside the handler's transaction: the claim before it, the answer after it.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  private readonly logger = new Logger('Idempotency');

  constructor(
    private readonly db: Transactions,
    private readonly reflector: Reflector,
  ) {}

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    const header = request.headers['idempotency-key'];
    const actor = request.actor;
    // Keys are scoped to an organization: a route without an actor (signup) has none to use.
    if (header === undefined || !actor) return next.handle();

    // The credential is part of the request: another staff user or key of the organization reusing
    // the key is refused (422) instead of being replayed an answer it may not be allowed to see.
    const secretFields = this.reflector.get<string[] | undefined>(IDEMPOTENT_SECRET_FIELDS, context.getHandler()) ?? [];
    const idempotent: IdempotentRequest = {
      organizationId: actor.organizationId,
      key: parseIdempotencyKey(header),
      requestHash: requestHashOf(request.method, request.url, withoutFields(request.body, secretFields), `${actor.kind}:${actor.id}`),
    };
    const claim = await claimIdempotencyKey(this.db, idempotent);
    if ('replay' in claim) return replay(reply, claim.replay);

    return next.handle().pipe(
      mergeMap(async (body: unknown) => {
        const location = reply.getHeader('location');
        await this.settle(
          completeIdempotencyKey(this.db, idempotent, claim.claimedAt, {
            status: reply.statusCode,
            body,
            location: typeof location === 'string' ? location : null,
          }),
        );
        return body;
      }),
      catchError((error: unknown) => {
        // A refusal (4xx) is the answer to this request and is replayed; a failure (5xx) is not,
        // so the key is given back for the retry.
        const stored =
          error instanceof DomainError && error.status < 500
            ? completeIdempotencyKey(this.db, idempotent, claim.claimedAt, {
                status: error.status,
                body: storedProblemOf(error),
                location: null,
              })
            : releaseIdempotencyKey(this.db, idempotent, claim.claimedAt);
        return from(this.settle(stored)).pipe(mergeMap(() => throwError(() => error)));
      }),
    );
  }

  /**
   * The request itself has already succeeded or failed: failing to record that must not change
   * its answer. The claim then stays in progress until it counts as abandoned.
   */
  private async settle(recording: Promise<void>): Promise<void> {
    try {
      await recording;
    } catch (error) {
      this.logger.error({ msg: 'could not record an idempotency key', error: describeForLog(error) });
    }
  }
}

function storedProblemOf(error: DomainError): StoredProblem {
  return { code: error.code, detail: error.detail, ...error.options };
}

function replay(reply: FastifyReply, stored: StoredResponse): Observable<unknown> {
  reply.header('idempotency-replayed', 'true');
  if (stored.status >= 400) {
    const { code, detail, ...options } = stored.body as StoredProblem;
    return throwError(() => new DomainError(code, detail, options));
  }
  reply.status(stored.status);
  if (stored.location) reply.header('location', stored.location);
  return of(stored.body ?? undefined);
}

function withoutFields(body: unknown, fields: string[]): unknown {
  if (fields.length === 0 || !body || typeof body !== 'object' || Array.isArray(body)) return body;
  return Object.fromEntries(Object.entries(body).filter(([name]) => !fields.includes(name)));
}
