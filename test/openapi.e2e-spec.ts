import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateOpenApiSpec, serializeSpec } from '../src/openapi/generate';
import { startTestApp, TestApp } from './support/test-app';

type Operation = { operationId?: string; summary?: string; security?: unknown[]; responses: Record<string, { content?: Record<string, unknown> }> };

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
