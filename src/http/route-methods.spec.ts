import { ErrorCode } from '../errors/error-code';
import { methodNotAllowed, RouteMethods } from './route-methods';

describe('RouteMethods', () => {
  const routes = new RouteMethods();
  routes.add(['GET', 'HEAD'], '/v1/clients');
  routes.add('POST', '/v1/clients');
  routes.add('GET', '/v1/clients/:id');
  routes.add('PATCH', '/v1/clients/:id');
  routes.add('PUT', '/v1/clients/:id/care-team/:userId');
  routes.add('GET', '/docs/*');
  routes.add('GET', '/openapi.json');

  it('lists the methods of every route whose template matches the path, sorted', () => {
    expect(routes.allowedAt('/v1/clients')).toEqual(['GET', 'HEAD', 'POST']);
    expect(routes.allowedAt('/v1/clients/3f0c')).toEqual(['GET', 'PATCH']);
    expect(routes.allowedAt('/v1/clients/3f0c/care-team/9a1b')).toEqual(['PUT']);
  });

  it('knows no path that no route has', () => {
    expect(routes.allowedAt('/v1/nowhere')).toBeUndefined();
    expect(routes.allowedAt('/v1/clients/a/b')).toBeUndefined();
    expect(routes.allowedAt('/v1/clients/')).toBeUndefined();
    expect(routes.allowedAt('/openapiXjson')).toBeUndefined();
  });

  it('matches a trailing * against the rest of the path', () => {
    expect(routes.allowedAt('/docs/swagger-ui.css')).toEqual(['GET']);
  });

  it('adds the methods of a catch-all route only where a path exists', () => {
    const withPreflight = new RouteMethods();
    withPreflight.add('GET', '/v1/me');
    withPreflight.add('OPTIONS', '*');
    expect(withPreflight.allowedAt('/v1/me')).toEqual(['GET', 'OPTIONS']);
    expect(withPreflight.allowedAt('/v1/nowhere')).toBeUndefined();
  });

  it('tells whether a template answers a method', () => {
    expect(routes.has('GET', '/v1/clients/:id')).toBe(true);
    expect(routes.has('DELETE', '/v1/clients/:id')).toBe(false);
    expect(routes.has('GET', '/v1/programs/:id')).toBe(false);
  });
});

describe('methodNotAllowed', () => {
  it('is a 405 with the allowed methods in Allow', () => {
    const error = methodNotAllowed('PUT', ['GET', 'HEAD', 'PATCH']);
    expect([error.code, error.status]).toEqual([ErrorCode.MethodNotAllowed, 405]);
    expect(error.options.headers).toEqual({ allow: 'GET, HEAD, PATCH' });
  });
});
