import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Observable, tap } from 'rxjs';
import { isVersionedResource } from '../common/concurrency';
import { RouteMethods } from './route-methods';

/** The GET-by-id route of the records a POST route creates: `/v1/clients` → `/v1/clients/:id`. */
function itemRouteOf(template: string): string {
  return `${template}/:id`;
}

/** `/v1/clients/:id/safety-screenings` with `{ id: '3f…' }` → `/v1/clients/3f…/safety-screenings`. */
function fill(template: string, params: Record<string, string>): string {
  return template.replace(/:([A-Za-z0-9_]+)/g, (_, name: string) => encodeURIComponent(params[name] ?? ''));
}

/**
 * Global: a POST that answers 201 with one versioned record, where that record has a GET of its
 * own (`<the POST's path>/:id`), sends `Location: <the POST's path>/<id>`, relative, so no
 * controller sets it by hand. The spec documents it by the same rule. Registered after the write
 * transaction, so the Location is stored with an `Idempotency-Key`'s answer and replayed with it.
 */
@Injectable()
export class LocationInterceptor implements NestInterceptor {
  constructor(private readonly routes: RouteMethods) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    const template = request.routeOptions.url;
    if (request.method !== 'POST' || !template || !this.routes.has('GET', itemRouteOf(template))) return next.handle();
    return next.handle().pipe(
      tap((body) => {
        if (reply.statusCode !== 201 || !isVersionedResource(body)) return;
        reply.header('location', `${fill(template, request.params as Record<string, string>)}/${encodeURIComponent(body.id)}`);
      }),
    );
  }
}
