import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AuditWriter } from '../src/audit/audit.writer';
import { addApiKey, bearer, signupOrganization } from './support/factories';
import { startTestApp, TestApp } from './support/test-app';

/**
 * Schema-driven fuzz of every operation: a body valid by the spec, then each of its fields broken
 * in the ways hostile clients break them: explicit null, control and NUL characters in values and
 * names, time-zone offsets out of range, fractions where integers are due, unknown properties,
 * deep nesting; and bodies that are not objects at all. No answer may be a 5xx, every error is
 * problem+json, every answer matches the spec (the response contract checks each one), input the
 * spec calls invalid is never accepted, and every authenticated request is in the audit trail.
 */

type Schema = {
  $ref?: string;
  type?: string;
  format?: string;
  pattern?: string;
  enum?: unknown[];
  nullable?: boolean;
  minimum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  required?: string[];
  properties?: Record<string, Schema>;
  items?: Schema;
  allOf?: Schema[];
  oneOf?: Schema[];
  anyOf?: Schema[];
};
type Parameter = { name: string; in: 'path' | 'query' | 'header'; schema: Schema };
type Operation = { parameters?: Parameter[]; requestBody?: { content: Record<string, { schema: Schema }> } };

const spec = JSON.parse(readFileSync(join(__dirname, '..', 'openapi.json'), 'utf8')) as {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema> };
};

function resolve(schema: Schema): Schema {
  let current = schema;
  while (current.$ref) current = spec.components.schemas[current.$ref.split('/').pop()!];
  if (current.allOf?.length === 1) return { ...resolve(current.allOf[0]), nullable: current.nullable };
  return current;
}

/** The alternatives of a union, or the schema itself. */
function variants(schema: Schema): Schema[] {
  const s = resolve(schema);
  return (s.oneOf ?? s.anyOf)?.map(resolve) ?? [s];
}

/** A value the spec calls valid (the first variant of a union). */
function validValue(schema: Schema, depth = 0): unknown {
  const s = variants(schema)[0];
  if (s.enum) return s.enum[0];
  switch (s.type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      if (depth > 4) return out;
      for (const name of s.required ?? []) out[name] = validValue(s.properties![name], depth + 1);
      return out;
    }
    case 'array':
      return Array.from({ length: s.minItems ?? 0 }, () => validValue(s.items ?? {}, depth + 1));
    case 'integer':
    case 'number':
      return s.minimum ?? 1;
    case 'boolean':
      return true;
    default:
      if (s.format === 'uuid') return randomUUID();
      if (s.format === 'date-time') return '2030-05-01T15:00:00Z';
      if (s.format === 'date') return '2030-05-01';
      if (s.format === 'email') return `someone-${randomUUID().slice(0, 8)}@example.org`;
      if (s.pattern === '^[a-z0-9]+(-[a-z0-9]+)*$') return `key-${randomUUID().slice(0, 8)}`;
      if (s.pattern?.startsWith('^\\+?[0-9]')) return '+1 555 0100';
      if (s.pattern) return undefined;
      return 'x'.repeat(Math.max(s.minLength ?? 1, 12)).slice(0, s.maxLength ?? 12);
  }
}

/** `raw` is sent as is: JSON too deep for JSON.stringify's stack. */
type Mutation = { name: string; body?: unknown; raw?: string; invalid: boolean };

const deeplyNested = (levels: number) => JSON.parse('['.repeat(levels) + ']'.repeat(levels)) as unknown;

/** The ways each field of a valid body gets broken, and whether the spec calls the result invalid. */
function mutations(schema: Schema): Mutation[] {
  const out: Mutation[] = [
    { name: 'a body of null', body: null, invalid: true },
    { name: 'an array body', body: [], invalid: true },
    { name: 'a string body', body: 'text', invalid: true },
    { name: 'nesting 10,000 deep', raw: `{"nested":${'['.repeat(10000)}${']'.repeat(10000)}}`, invalid: true },
  ];
  for (const variant of variants(schema)) {
    const base = validValue(variant) as Record<string, unknown>;
    if (!base || typeof base !== 'object') continue;
    out.push({ name: 'an unknown property', body: { ...base, unexpectedProperty: 1 }, invalid: true });
    out.push({ name: 'a NUL in a property name', body: { ...base, ['na\u0000me']: 'x' }, invalid: true });
    out.push({ name: 'control characters in a property name', body: { ...base, ['\u0007\u001b[31m']: 'x' }, invalid: true });
    for (const [name, raw] of Object.entries(variant.properties ?? {})) {
      const property = resolve(raw);
      out.push({ name: `${name}: null`, body: { ...base, [name]: null }, invalid: !property.nullable && !raw.nullable });
      if (property.type === 'string' && !property.enum && !property.format && !property.pattern) {
        out.push({ name: `${name}: a NUL character`, body: { ...base, [name]: 'a\u0000b' }, invalid: true });
        out.push({ name: `${name}: control characters`, body: { ...base, [name]: 'line\u0001\u0008\u001f' }, invalid: false });
      }
      if (property.format === 'date-time') {
        out.push({ name: `${name}: offset +16:00`, body: { ...base, [name]: '2030-01-01T00:00:00+16:00' }, invalid: true });
        out.push({ name: `${name}: offset -23:59`, body: { ...base, [name]: '2030-01-01T00:00:00-23:59' }, invalid: true });
      }
      if (property.type === 'integer') out.push({ name: `${name}: 1.5`, body: { ...base, [name]: 1.5 }, invalid: true });
      if (property.type === 'integer') out.push({ name: `${name}: "1"`, body: { ...base, [name]: '1' }, invalid: true });
      out.push({ name: `${name}: nested 40 deep`, body: { ...base, [name]: deeplyNested(40) }, invalid: true });
    }
  }
  return out;
}

/** Query strings broken the same ways. */
function queryMutations(parameters: Parameter[]): { name: string; query: string; invalid: boolean }[] {
  const out = [
    { name: 'a NUL in a parameter name', query: 'na%00me=1', invalid: false },
    { name: 'control characters in a parameter name', query: '%07%1b=1', invalid: false },
  ];
  for (const parameter of parameters) {
    const s = resolve(parameter.schema);
    out.push({ name: `${parameter.name}: a NUL character`, query: `${parameter.name}=a%00b`, invalid: true });
    // The text "null" is a string like any other: invalid only where the parameter's type, enum,
    // format or pattern says so.
    const nullText =
      s.type !== 'string' || (s.enum !== undefined && !s.enum.includes('null')) || s.format !== undefined || (s.pattern !== undefined && !new RegExp(s.pattern).test('null'));
    out.push({ name: `${parameter.name}: "null"`, query: `${parameter.name}=null`, invalid: nullText });
    if (s.type === 'integer') out.push({ name: `${parameter.name}: 1.5`, query: `${parameter.name}=1.5`, invalid: true });
    if (s.format === 'date-time') {
      out.push({ name: `${parameter.name}: offset +16:00`, query: `${parameter.name}=${encodeURIComponent('2024-01-01T00:00:00+16:00')}`, invalid: true });
    }
    out.push({ name: `${parameter.name}: given twice`, query: `${parameter.name}=a&${parameter.name}=b`, invalid: true });
  }
  return out;
}

const operations = Object.entries(spec.paths).flatMap(([path, item]) =>
  Object.entries(item).map(([method, operation]) => ({ path, method, operation })),
);

describe('fuzz: every field of every operation, broken on purpose', () => {
  let t: TestApp;
  let credentials: Record<string, string>[];
  const authenticatedRequestIds = new Set<string>();

  beforeAll(async () => {
    t = await startTestApp({ LOGIN_MAX_FAILURES_PER_IP: '100000', LOGIN_MAX_FAILURES_PER_EMAIL: '100000' });
    const org = await signupOrganization(t);
    credentials = [bearer(org.owner.token), { 'X-API-Key': (await addApiKey(t, org, 'integration')).key }];
  });
  afterAll(() => t.close());

  it.each(operations.filter((o) => !o.path.endsWith('/logout')).map((o) => [`${o.method.toUpperCase()} ${o.path}`, o] as const))(
    '%s',
    async (_name, { path, method, operation }) => {
      const failures: string[] = [];
      const url = path.replace(/\{[^}]+\}/g, () => randomUUID());
      const secured = !path.startsWith('/v1/auth/') && !path.startsWith('/v1/portal/auth/') && !path.startsWith('/health');
      const send = async (as: Record<string, string>, query: string, body: unknown, hasBody: boolean, raw?: string) => {
        const requestId = `fuzz-${randomUUID()}`;
        let request = t.http[method as 'get'](query ? `${url}?${query}` : url).set(as).set('X-Request-Id', requestId);
        if (hasBody) request = request.set('Content-Type', 'application/json').send(raw ?? JSON.stringify(body));
        const res = await request;
        if (secured && Object.keys(as).length > 0) authenticatedRequestIds.add(requestId);
        if (res.status >= 500) failures.push(`→ ${res.status}`);
        if (res.status >= 400 && !String(res.headers['content-type']).startsWith('application/problem+json')) failures.push(`→ ${res.status} as ${res.headers['content-type']}`);
        if (/\n\s+at |node_modules|\.ts:\d|QueryFailedError/.test(res.text)) failures.push('leaked internals');
        return res;
      };
      const schema = operation.requestBody?.content['application/json']?.schema;
      for (const as of credentials) {
        if (schema) {
          for (const mutation of mutations(schema)) {
            const res = await send(as, '', mutation.body, true, mutation.raw);
            if (mutation.invalid && res.status < 300) failures.push(`${mutation.name} was accepted (${res.status})`);
            if (res.status >= 500) failures.push(`${mutation.name} → ${res.status}`);
          }
        }
        for (const mutation of queryMutations((operation.parameters ?? []).filter((p) => p.in === 'query'))) {
          const res = await send(as, mutation.query, schema ? validValue(schema) : undefined, !!schema);
          if (mutation.invalid && res.status < 300) failures.push(`query ${mutation.name} was accepted (${res.status})`);
        }
      }
      expect(failures).toEqual([]);
    },
  );

  it('recorded every authenticated request it sent in the audit trail, once', async () => {
    await t.app.get(AuditWriter).drain();
    const rows = (await t.dataSource.query(`SELECT request_id FROM audit_events WHERE request_id LIKE 'fuzz-%'`)) as { request_id: string }[];
    const audited = new Set(rows.map((row) => row.request_id));
    const missing = [...authenticatedRequestIds].filter((id) => !audited.has(id));
    const rowsOfSent = rows.filter((row) => authenticatedRequestIds.has(row.request_id)).length;
    expect({ missing: missing.length, rows: rowsOfSent }).toEqual({ missing: 0, rows: authenticatedRequestIds.size });
    expect(authenticatedRequestIds.size).toBeGreaterThan(500);
  });
});
