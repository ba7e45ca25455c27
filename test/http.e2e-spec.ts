import { conformanceErrors } from './support/response-contract';
import { expectProblem } from './support/problem';
import { startTestApp, TestApp } from './support/test-app';

describe('HTTP foundation', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('answers liveness and readiness without credentials', async () => {
    const live = await t.http.get('/health/live');
    expect(live.status).toBe(200);
    expect(live.body).toEqual({ status: 'ok' });
    const ready = await t.http.get('/health/ready');
    expect(ready.status).toBe(200);
    expect(ready.body).toEqual({ status: 'ok', database: 'up' });
  });

  it('generates a request id, or echoes a well-formed one', async () => {
    const generated = await t.http.get('/health/live');
    expect(generated.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const echoed = await t.http.get('/health/live').set('X-Request-Id', 'clinic-sync.42');
    expect(echoed.headers['x-request-id']).toBe('clinic-sync.42');
    const replaced = await t.http.get('/health/live').set('X-Request-Id', 'bad id\twith spaces');
    expect(replaced.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('sends security headers and hides the framework', async () => {
    const res = await t.http.get('/health/live');
    expect(res.headers['x-powered-by']).toBeUndefined();
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
  });

  it('sends the same security headers on every answer: a read, a problem, a route that does not exist', async () => {
    const expected = {
      'content-security-policy':
        "default-src 'self';base-uri 'self';font-src 'self' https: data:;form-action 'self';frame-ancestors 'self';img-src 'self' data:;" +
        "object-src 'none';script-src 'self';script-src-attr 'none';style-src 'self' 'unsafe-inline'",
      'cross-origin-opener-policy': 'same-origin',
      'cross-origin-resource-policy': 'same-origin',
      'origin-agent-cluster': '?1',
      'referrer-policy': 'no-referrer',
      'strict-transport-security': 'max-age=31536000; includeSubDomains',
      'x-content-type-options': 'nosniff',
      'x-dns-prefetch-control': 'off',
      'x-download-options': 'noopen',
      'x-frame-options': 'SAMEORIGIN',
      'x-permitted-cross-domain-policies': 'none',
      'x-xss-protection': '0',
    };
    for (const res of [await t.http.get('/health/live'), await t.http.get('/v1/me'), await t.http.get('/v1/no-such-route')]) {
      expect(res.headers).toMatchObject(expected);
      expect(res.headers['x-powered-by']).toBeUndefined();
    }
  });

  it('answers an unknown route with a 404 problem', async () => {
    const res = await t.http.get('/v1/no-such-thing').set('X-Request-Id', 'trace-1');
    const body = expectProblem(res, 404, 'ROUTE_NOT_FOUND');
    expect(body.requestId).toBe('trace-1');
  });

  it('answers an over-long path parameter with a 400 problem carrying the request id', async () => {
    const res = await t.http.get(`/v1/clients/${'x'.repeat(500)}`).set('X-Request-Id', 'long-1');
    const body = expectProblem(res, 400, 'BAD_REQUEST');
    expect(body.requestId).toBe('long-1');
  });

  it('answers malformed JSON with a 400 problem', async () => {
    const res = await t.http.post('/v1/auth/login').set('Content-Type', 'application/json').send('{"email": ');
    expectProblem(res, 400, 'MALFORMED_JSON');
  });

  it('answers a body over the limit with a 413 problem', async () => {
    const big = JSON.stringify({ note: 'x'.repeat(2 * 1024 * 1024) });
    const res = await t.http.post('/v1/auth/login').set('Content-Type', 'application/json').send(big);
    expectProblem(res, 413, 'PAYLOAD_TOO_LARGE');
  });

  it('answers a non-JSON body with a 415 problem', async () => {
    const res = await t.http.post('/v1/auth/login').set('Content-Type', 'text/csv').send('a,b');
    expect([404, 415]).toContain(res.status);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it('serves the interactive docs and the spec without credentials', async () => {
    const docs = await t.http.get('/docs');
    expect(docs.status).toBe(200);
    expect(docs.text).toContain('swagger');
    const spec = await t.http.get('/openapi.json');
    expect(spec.status).toBe(200);
    expect(spec.body.openapi).toMatch(/^3\./);
  });
});

describe('readiness when the database is gone', () => {
  it('answers 503 problem+json', async () => {
    const t = await startTestApp();
    try {
      await t.database.drop();
      const res = await t.http.get('/health/ready');
      expectProblem(res, 503, 'SERVICE_UNAVAILABLE');
      expect(conformanceErrors(res, 'get', '/health/ready')).toEqual([]);
      expect(res.headers['retry-after']).toBe('5');
      const live = await t.http.get('/health/live');
      expect(live.status).toBe(200);
    } finally {
      await t.app.close().catch(() => undefined);
    }
  });
});
