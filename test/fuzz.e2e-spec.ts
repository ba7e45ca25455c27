import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { addApiKey, bearer, login, signupOrganization } from './support/factories';
import { startTestApp, TestApp } from './support/test-app';

type Schema = { type?: string; $ref?: string; properties?: Record<string, Schema>; items?: Schema; enum?: unknown[]; oneOf?: Schema[] };
type Operation = {
  operationId: string;
  parameters?: { name: string; in: 'path' | 'query' | 'header'; schema?: Schema }[];
  requestBody?: { content: Record<string, { schema: Schema }> };
};

const spec = JSON.parse(readFileSync(join(__dirname, '..', 'openapi.json'), 'utf8')) as {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema> };
};

/** A small deterministic generator, so a failure reproduces. */
function generator(seed: number) {
  let state = seed;
  const next = () => {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    return state / 0x7fffffff;
  };
  const pick = <T>(values: T[]): T => values[Math.floor(next() * values.length)];
  return { next, pick };
}

const NASTY_STRINGS = ['', ' ', 'x'.repeat(5000), "'; DROP TABLE clients; --", '\u0000', '💥', '../../etc/passwd', '%', '<script>', '9'.repeat(40)];
const NASTY_VALUES: unknown[] = [null, true, -1, 0, 1.5, 1e308, [], {}, [null], { $ne: 1 }, ...NASTY_STRINGS];

function resolve(schema: Schema | undefined): Schema | undefined {
  if (!schema?.$ref) return schema;
  return spec.components.schemas[schema.$ref.split('/').pop()!];
}

/** Bodies that are wrong in many ways: wrong shapes, each property wrong in turn, extra properties. */
function badBodies(schema: Schema | undefined, random: ReturnType<typeof generator>): unknown[] {
  const bodies: unknown[] = [{}, [], 'text', 42, null, { unexpected: 'property' }];
  const resolved = resolve(schema);
  // A union's properties are those of all its variants.
  const properties = [...new Set([resolved, ...(resolved?.oneOf ?? []).map(resolve)].flatMap((s) => Object.keys(s?.properties ?? {})))];
  for (const property of properties) {
    for (let i = 0; i < 3; i++) bodies.push({ [property]: random.pick(NASTY_VALUES) });
  }
  const all: Record<string, unknown> = {};
  for (const property of properties) all[property] = random.pick(NASTY_VALUES);
  bodies.push(all);
  return bodies;
}

const PATH_VALUES = ['not-a-uuid', '00000000-0000-0000-0000-000000000000', randomUUID(), '%2e%2e', 'x'.repeat(300), "1' OR '1'='1"];

describe('fuzz: every operation in the OpenAPI spec', () => {
  let t: TestApp;
  const credentials: Record<string, string>[] = [];

  beforeAll(async () => {
    t = await startTestApp({ LOGIN_MAX_FAILURES_PER_IP: '100000', LOGIN_MAX_FAILURES_PER_EMAIL: '100000' });
    const org = await signupOrganization(t);
    credentials.push(bearer(org.owner.token));
    credentials.push({ 'X-API-Key': (await addApiKey(t, org, 'integration')).key });
    credentials.push({});
    // Logging out mid-walk would end the owner's session: logout gets a session of its own.
    credentials.push(bearer((await login(t, org.owner.email)).accessToken));
  });
  afterAll(() => t.close());

  const operations = Object.entries(spec.paths).flatMap(([path, item]) =>
    Object.entries(item).map(([method, op]) => ({ path, method, op })),
  );

  it.each(operations.map((o) => [`${o.method.toUpperCase()} ${o.path}`, o] as const))('%s never answers 5xx or a non-problem error', async (_name, { path, method, op }) => {
    const random = generator(path.length * 31 + method.length);
    const failures: string[] = [];
    const bodySchema = op.requestBody?.content['application/json']?.schema;
    const bodies = op.requestBody ? badBodies(bodySchema, random) : [undefined];
    const queryParams = (op.parameters ?? []).filter((p) => p.in === 'query');
    const who = path.endsWith('/logout') ? [credentials[3]] : credentials.slice(0, 3);
    for (const as of who) {
      for (let round = 0; round < 6; round++) {
        const url = path.replace(/\{[^}]+\}/g, () => encodeURIComponent(random.pick(PATH_VALUES)));
        const query: Record<string, string> = {};
        for (const param of queryParams) {
          if (random.next() < 0.6) query[param.name] = String(random.pick(NASTY_VALUES.map((v) => (typeof v === 'string' ? v : JSON.stringify(v)))));
        }
        const body = bodies[round % bodies.length];
        let request = t.http[method as 'get'](url).query(query).set(as);
        if (random.next() < 0.3) request = request.set('If-Match', random.pick(['"1"', 'W/"1"', '*', 'garbage', '""']));
        if (method === 'post' && random.next() < 0.3) request = request.set('Idempotency-Key', random.pick(['k', ' ', 'x'.repeat(300), randomUUID()]));
        const res =
          body === undefined ? await request : await request.set('Content-Type', 'application/json').send(JSON.stringify(body));
        if (res.status >= 500) failures.push(`${method.toUpperCase()} ${url} ${JSON.stringify(query)} ${JSON.stringify(body)?.slice(0, 200)} → ${res.status}`);
        if (res.status >= 400 && !String(res.headers['content-type']).startsWith('application/problem+json')) {
          failures.push(`${method.toUpperCase()} ${url} → ${res.status} as ${res.headers['content-type']}`);
        }
        if (res.status >= 400 && /\n\s+at |node_modules|\.ts:\d|QueryFailedError/.test(res.text)) failures.push(`${url} leaked internals`);
      }
    }
    expect(failures).toEqual([]);
  });
});
