import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { map, Observable } from 'rxjs';
import { etagOf, isNotModified } from './etag';

/** A response body that is one versioned resource, not a page of them. */
export function isVersionedResource(body: unknown): body is { id: string; version: number } {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return false;
  const { id, version, data } = body as Record<string, unknown>;
  return typeof id === 'string' && typeof version === 'number' && !Array.isArray(data);
}

/**
 * Global: every single-resource JSON response gets the strong ETag of its `version`, so no
 * controller sets it by hand; and a GET whose `If-None-Match` names that version answers 304 with
 * no body. Registered once in AppModule.
 */
@Injectable()
export class ETagInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    const ifNoneMatch = request.method === 'GET' || request.method === 'HEAD' ? request.headers['if-none-match'] : undefined;
    return next.handle().pipe(
      map((body) => {
        if (!isVersionedResource(body)) return body;
        if (!reply.hasHeader('etag')) reply.header('etag', etagOf(body.version));
        // Nest sends a handler's answer with the route's own status; Fastify takes the status of a
        // web Response from the Response itself.
        return isNotModified(ifNoneMatch, body.version) ? new Response(null, { status: 304 }) : body;
      }),
    );
  }
}
