import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateOpenApiSpec, serializeSpec } from '../src/openapi/generate';
import { startTestApp, TestApp } from './support/test-app';

type Operation = {
  operationId?: string;
  summary?: string;
  security?: unknown[];
  parameters?: { name?: string; in?: string }[];
  responses: Record<string, { content?: Record<string, unknown>; headers?: Record<string, { $ref?: string }> }>;
};
type Spec = { info: { description: string }; paths: Record<string, Record<string, Operation>>; components: { headers: Record<string, unknown> } };

const checkedIn = readFileSync(join(__dirname, '..', 'openapi.json'), 'utf8');

describe('OpenAPI spec', () => {
  it('is checked in exactly as the code produces it (run `npm run openapi`)', async () => {
    expect(serializeSpec(await generateOpenApiSpec())).toBe(checkedIn);
  });

  it('carries the release version and a relative server, so "Try it out" works on any host and port', () => {
    const spec = JSON.parse(checkedIn) as { info: { version: string }; servers: { url: string }[] };
    const release = (JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')) as { version: string }).version;
    expect(spec.info.version).toBe(release);
    expect(spec.servers.map((server) => server.url)).toEqual(['/']);
  });

  it('documents every operation with an id, a summary, its security and problem+json errors', () => {
    const spec = JSON.parse(checkedIn) as { paths: Record<string, Record<string, Operation>> };
    const ids = new Set<string>();
    for (const [path, item] of Object.entries(spec.paths)) {
      for (const [method, op] of Object.entries(item)) {
        const where = `${method.toUpperCase()} ${path}`;
        expect([where, typeof op.operationId]).toEqual([where, 'string']);
        expect(ids.has(op.operationId!)).toBe(false);
        ids.add(op.operationId!);
        expect([where, (op.summary ?? '').length > 0]).toEqual([where, true]);
        expect([where, Array.isArray(op.security)]).toEqual([where, true]);
        const errors = Object.entries(op.responses).filter(([status]) => Number(status) >= 400);
        expect(errors.length).toBeGreaterThan(0);
        for (const [, response] of errors) expect(Object.keys(response.content ?? {})).toEqual(['application/problem+json']);
      }
    }
    expect(ids.size).toBeGreaterThan(0);
  });

  describe('headers and statuses', () => {
    const spec = JSON.parse(checkedIn) as Spec;
    const operations = Object.entries(spec.paths).flatMap(([path, item]) =>
      Object.entries(item).map(([method, op]) => ({ where: `${method.toUpperCase()} ${path}`, path, method, op })),
    );
    const responses = operations.flatMap(({ where, op, ...rest }) =>
      Object.entries(op.responses).map(([status, response]) => ({ where: `${where} → ${status}`, status, response, op, ...rest })),
    );
    const takesIdempotencyKey = (op: Operation) => (op.parameters ?? []).some((p) => p.in === 'header' && p.name === 'Idempotency-Key');

    it('documents 500 and 503 on every operation, and X-Request-Id on every response', () => {
      expect(operations.length).toBeGreaterThan(0);
      for (const { where, op } of operations) expect([where, Object.keys(op.responses)]).toEqual([where, expect.arrayContaining(['500', '503'])]);
      for (const { where, response } of responses) {
        expect([where, response.headers?.['X-Request-Id']]).toEqual([where, { $ref: '#/components/headers/X-Request-Id' }]);
      }
      expect(spec.paths['/health/ready'].get.responses['503']).toBeDefined();
    });

    it('documents Retry-After on every 429 and 503', () => {
      const limited = responses.filter(({ status }) => status === '429' || status === '503');
      expect(limited.some(({ status }) => status === '429')).toBe(true);
      for (const { where, response } of limited) {
        expect([where, response.headers?.['Retry-After']]).toEqual([where, { $ref: '#/components/headers/Retry-After' }]);
      }
    });

    it('documents Idempotency-Replayed on the answers of operations that take an Idempotency-Key, and nowhere else', () => {
      for (const { where, status, response, op } of responses) {
        const replayable = takesIdempotencyKey(op) && (status.startsWith('2') || ['400', '404', '409'].includes(status));
        expect([where, 'Idempotency-Replayed' in (response.headers ?? {})]).toEqual([where, replayable]);
      }
    });

    it('documents Location on the 201 of every record that has a GET of its own', () => {
      for (const { where, path, method, op } of operations) {
        const created = op.responses['201'];
        if (!created) continue;
        const located = method === 'post' && Boolean(created.headers?.ETag) && Boolean(spec.paths[`${path}/{id}`]?.get);
        expect([where, created.headers?.Location]).toEqual([where, located ? { $ref: '#/components/headers/Location' } : undefined]);
      }
      expect(spec.paths['/v1/clients'].post.responses['201'].headers?.Location).toBeDefined();
    });

    it('documents If-None-Match and its 304 on every GET that sends an ETag', () => {
      const conditional = operations.filter(({ method, op }) => method === 'get' && op.responses['200']?.headers?.ETag);
      expect(conditional.map(({ path }) => path)).toContain('/v1/clients/{id}');
      for (const { where, op } of operations) {
        const sendsETag = conditional.some((c) => c.op === op);
        expect([where, (op.parameters ?? []).some((p) => p.in === 'header' && p.name === 'If-None-Match')]).toEqual([where, sendsETag]);
        expect([where, op.responses['304']?.headers?.ETag]).toEqual([where, sendsETag ? { $ref: '#/components/headers/ETag' } : undefined]);
      }
    });

    it('describes every header it refers to once, in components.headers', () => {
      const refs = new Set(responses.flatMap(({ response }) => Object.values(response.headers ?? {}).flatMap((h) => (h.$ref ? [h.$ref] : []))));
      for (const ref of refs) expect(spec.components.headers[ref.replace('#/components/headers/', '')]).toBeDefined();
      expect(Object.keys(spec.components.headers).sort()).toEqual(['Cache-Control', 'ETag', 'Idempotency-Replayed', 'Location', 'Retry-After', 'X-Request-Id']);
    });

    it('says in its description that a method a path does not have answers 405 with Allow', () => {
      expect(spec.info.description).toMatch(/405/);
      expect(spec.info.description).toMatch(/`Allow`/);
    });
  });

  describe('served', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp();
    });
    afterAll(() => t.close());

    it('serves the same spec at /openapi.json', async () => {
      const res = await t.http.get('/openapi.json');
      expect(res.body).toEqual(JSON.parse(checkedIn));
    });
  });
});
