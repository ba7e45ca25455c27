import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth, ApiSecurity } from '@nestjs/swagger';
import { SECURITY_API_KEY, SECURITY_BEARER } from '../openapi/openapi';
import { Permission } from './permissions';

export const ROUTE_ACCESS = 'trustpath:route-access';

export type RouteAccess = { public: true } | { public: false; permission: Permission; staffOnly: boolean };

/**
 * The one access decorator: every route names the permission it needs (or is `Public()`).
 * The global guard refuses a route that has neither.
 */
export function Authorize(permission: Permission, options: { staffOnly?: boolean } = {}) {
  const access: RouteAccess = { public: false, permission, staffOnly: options.staffOnly ?? false };
  const security = options.staffOnly
    ? [ApiBearerAuth(SECURITY_BEARER)]
    : [ApiBearerAuth(SECURITY_BEARER), ApiSecurity(SECURITY_API_KEY)];
  return applyDecorators(SetMetadata(ROUTE_ACCESS, access), ...security);
}

/** A route anyone may call without credentials (health, docs, login). */
export function Public() {
  return SetMetadata(ROUTE_ACCESS, { public: true } satisfies RouteAccess);
}
