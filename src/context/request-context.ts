import { Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { ClsService, ClsStore } from 'nestjs-cls';
import { RequestActor } from '../auth/actor';

/** Where a request came from, as the audit trail records it. */
export interface RequestOrigin {
  requestId: string;
  ip: string | null;
  userAgent: string | null;
}

export function originOf(request: FastifyRequest): RequestOrigin {
  const agent = request.headers['user-agent'];
  return { requestId: String(request.id), ip: request.ip ?? null, userAgent: typeof agent === 'string' ? agent.slice(0, 512) : null };
}

interface RequestStore extends ClsStore {
  origin?: RequestOrigin;
  actor?: RequestActor;
}

/**
 * The request a piece of work runs for, without passing the request around: the auth guard enters
 * it, and the audit writer (or any service) reads it. Outside a request (start-up, scripts) it is empty.
 */
@Injectable()
export class RequestContext {
  constructor(private readonly cls: ClsService<RequestStore>) {}

  /** Called once per request by the auth guard, before anything can be audited. */
  enter(request: FastifyRequest): void {
    if (this.cls.isActive()) this.cls.set('origin', originOf(request));
  }

  setActor(actor: RequestActor): void {
    if (this.cls.isActive()) this.cls.set('actor', actor);
  }

  get origin(): RequestOrigin | undefined {
    return this.cls.isActive() ? this.cls.get('origin') : undefined;
  }

  get actor(): RequestActor | undefined {
    return this.cls.isActive() ? this.cls.get('actor') : undefined;
  }
}
