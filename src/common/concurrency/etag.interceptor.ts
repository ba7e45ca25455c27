import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { Observable, tap } from 'rxjs';
import { etagOf } from './etag';

/** A response body that is one versioned resource, not a page of them. */
export function isVersionedResource(body: unknown): body is { id: string; version: number } {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return false;
  const { id, version, data } = body as Record<string, unknown>;
  return typeof id === 'string' && typeof version === 'number' && !Array.isArray(data);
}

/**
 * Global: every single-resource JSON response gets the strong ETag of its `version`, so no
 * controller sets it by hand. Registered once in AppModule.
 */
@Injectable()
export class ETagInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    return next.handle().pipe(
      tap((body) => {
        if (isVersionedResource(body) && !reply.hasHeader('etag')) reply.header('etag', etagOf(body.version));
      }),
    );
  }
}
