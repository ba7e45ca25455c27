import { Injectable } from '@nestjs/common';
import type { FastifyInstance } from 'fastify';
import { DomainError } from '../errors/domain-error';
import { ErrorCode } from '../errors/error-code';

interface PathRoutes {
  pattern: RegExp;
  methods: Set<string>;
}

const CATCH_ALL = new Set(['*', '/*']);

/** `/v1/clients/:id` → /^\/v1\/clients\/[^/]+$/; a `*` (as in `/docs/*`) matches the rest of the path. */
function patternOf(template: string): RegExp {
  const source = template
    .split(/(:[A-Za-z0-9_]+|\*)/)
    .map((part) => (part === '*' ? '.*' : part.startsWith(':') ? '[^/]+' : part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${source}$`);
}

/**
 * Which methods each path answers, read from Fastify's router as the routes are registered
 * (HEAD comes with every GET that way), so that a method a path does not have answers 405 with
 * `Allow` (RFC 9110 §15.5.6) while a path that does not exist answers 404.
 */
@Injectable()
export class RouteMethods {
  private readonly routes = new Map<string, PathRoutes>();
  /** Methods of a catch-all route (the CORS preflight's `OPTIONS *`): they count only where a path exists. */
  private readonly everywhere = new Set<string>();

  /** Records every route registered on `fastify` from now on: call it before the routes are added. */
  listenTo(fastify: FastifyInstance): void {
    fastify.addHook('onRoute', (route) => this.add(route.method, route.url));
  }

  add(method: string | string[], template: string): void {
    const methods = Array.isArray(method) ? method : [method];
    if (CATCH_ALL.has(template)) {
      for (const name of methods) this.everywhere.add(name);
      return;
    }
    let route = this.routes.get(template);
    if (!route) {
      route = { pattern: patternOf(template), methods: new Set() };
      this.routes.set(template, route);
    }
    for (const name of methods) route.methods.add(name);
  }

  /** Whether a route of exactly this template (`/v1/clients/:id`) answers `method`. */
  has(method: string, template: string): boolean {
    return this.routes.get(template)?.methods.has(method) ?? false;
  }

  /** The methods a concrete path (`/v1/clients/3f…`) answers, sorted; undefined when no route has the path. */
  allowedAt(path: string): string[] | undefined {
    const methods = new Set<string>();
    for (const route of this.routes.values()) {
      if (route.pattern.test(path)) for (const name of route.methods) methods.add(name);
    }
    if (methods.size === 0) return undefined;
    for (const name of this.everywhere) methods.add(name);
    return [...methods].sort();
  }
}

/** The 405 for a method the path does not have, with the methods it does have in `Allow`. */
export function methodNotAllowed(method: string, allowed: string[]): DomainError {
  return new DomainError(ErrorCode.MethodNotAllowed, `This path does not answer ${method}; it answers ${allowed.join(', ')}.`, {
    headers: { allow: allowed.join(', ') },
  });
}
