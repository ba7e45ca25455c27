import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { AuditWriter } from '../audit/audit.writer';
import { RequestContext } from '../context/request-context';
import { DomainError } from '../errors/domain-error';
import { ErrorCode } from '../errors/error-code';
import { ROUTE_ACCESS, RouteAccess } from './authorize.decorator';
import { hasPermission } from './permissions';
import { CredentialsGuard, PortalCredentialsGuard } from './strategies/credential.guards';

declare module 'fastify' {
  interface FastifyRequest {
    /** What the audit trail records for this request: set before the permission check, so refusals are audited too. */
    auditAction?: { action: string; resourceType: string };
  }
}

/** Deny by default: a route passes only if it is Public() or the actor's role holds its permission. */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly credentials: CredentialsGuard,
    private readonly portalCredentials: PortalCredentialsGuard,
    private readonly requestContext: RequestContext,
    private readonly audit: AuditWriter,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const access = this.reflector.getAllAndOverride<RouteAccess | undefined>(ROUTE_ACCESS, [
      context.getHandler(),
      context.getClass(),
    ]);
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    this.requestContext.enter(request);
    // Every request may add an audit event: while the backlog is full, none is taken on (health checks aside).
    if (this.audit.saturated && !request.url.startsWith('/health')) {
      throw new DomainError(ErrorCode.ServiceUnavailable, 'The audit trail is catching up; retry shortly.', { headers: { 'retry-after': '2' } });
    }
    if (!access) throw new DomainError(ErrorCode.Forbidden, 'This route is not open to anyone.');
    if (access.public) return true;

    // The passport strategies establish who is asking (request.actor); this guard decides what they may do.
    // A portal route hears only the portal's bearer strategy; any other only staff tokens and API keys.
    await (access.portal ? this.portalCredentials : this.credentials).canActivate(context);
    const actor = request.actor;
    if (!actor) throw new Error('The credentials guard let a request through without an actor');
    this.requestContext.setActor(actor);
    request.auditAction = { action: context.getHandler().name, resourceType: access.permission.split(':')[0] };

    // The strategies already keep each kind of credential to its own routes; deny by default all the same.
    if (access.portal !== (actor.kind === 'client')) {
      throw new DomainError(ErrorCode.Forbidden, access.portal ? 'Only a client signed in to the portal may do this.' : 'Clients may use the portal only.');
    }
    if (access.staffOnly && actor.kind !== 'user') {
      throw new DomainError(ErrorCode.Forbidden, 'Only staff users may do this.');
    }
    if (!hasPermission(actor.role, access.permission)) {
      throw new DomainError(ErrorCode.Forbidden, `The ${actor.role} role may not do this.`);
    }
    return true;
  }
}
