import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth, ApiSecurity } from '@nestjs/swagger';
import { SECURITY_API_KEY, SECURITY_BEARER, SECURITY_PORTAL } from '../openapi/openapi';
import { Permission } from './permissions';

export const ROUTE_ACCESS = 'trustpath:route-access';

/**
 * Who may call a route: anyone, or a credential whose role holds the permission. A portal route
 * accepts only a client's portal token; every other route only a staff token or an API key.
 */
export type RouteAccess = { public: true } | { public: false; permission: Permission; staffOnly: boolean; portal: boolean };

/**
 * The one access decorator: every route names the permission it needs (or is `Public()`).
 * The global guard refuses a route that has neither.
 */
export function Authorize(permission: Permission, options: { staffOnly?: boolean } = {}) {
  const access: RouteAccess = { public: false, permission, staffOnly: options.staffOnly ?? false, portal: false };
  const security = options.staffOnly
    ? [ApiBearerAuth(SECURITY_BEARER)]
    : [ApiBearerAuth(SECURITY_BEARER), ApiSecurity(SECURITY_API_KEY)];
  return applyDecorators(SetMetadata(ROUTE_ACCESS, access), ...security);
}

/** A route of the client portal: a client's own portal token, and nothing else, opens it. */
export function PortalClient() {
  const access: RouteAccess = { public: false, permission: Permission.PortalSelf, staffOnly: false, portal: true };
  return applyDecorators(SetMetadata(ROUTE_ACCESS, access), ApiBearerAuth(SECURITY_PORTAL));
}

/** A route anyone may call without credentials (health, docs, login). */
export function Public() {
  return SetMetadata(ROUTE_ACCESS, { public: true } satisfies RouteAccess);
}
