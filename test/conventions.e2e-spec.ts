import { randomUUID } from 'node:crypto';
import { Response } from 'supertest';
import { REBUILDING_TRUST_PROGRAM_ID } from '../src/programs/built-in/rebuilding-trust';
import { addApiKey, bearer, createClient, createCouple, Org, programBody, signupOrganization } from './support/factories';
import { invitePortalClient } from './support/portal';
import { operationOf, spec } from './support/openapi-schema';
import { expectProblem } from './support/problem';
import { follow } from './support/changes';
import { ObservedResponse } from './support/response-contract';
import { startTestApp, TestApp } from './support/test-app';
import { ROUTES_WITHOUT_CHANGES } from '../src/events/change-types';

type Headers = Record<string, string>;
type Created = { id: string; version: number; [field: string]: unknown };

/**
 * One resource type as an integrator meets it: where it is listed and created, and what it supports.
 * `create` answers the POST that makes one; `record` picks the resource out of that answer.
 */
interface ResourceCase {
  name: string;
  /** The list's path as sent, and its template in openapi.json. */
  list: () => [string, string];
  create?: () => Promise<{ path: [string, string]; body: Record<string, unknown> }>;
  record?: (body: Record<string, unknown>) => Created;
  /** GET by id, as sent and as documented. */
  item?: (id: string) => [string, string];
  patch?: Record<string, unknown>;
  /** A second change that is valid after the first, when repeating the first is not. */
  patchAgain?: Record<string, unknown>;
  archives?: boolean;
  restores?: boolean;
  idempotent?: boolean;
  /** Makes one record when there is no creating POST. */
  seed?: () => Promise<Created>;
  /**
   * Conventions this resource is known not to meet yet, each with why it is not a quick fix: the
   * check runs as `it.failing`, so it starts failing (and must be moved back) once it is met.
   */
  gaps?: Partial<Record<'fields' | 'lists' | 'idempotency', string>>;
}

let day = 0;
const nextStart = () => new Date(Date.UTC(2032, 0, 1, 10) + day++ * 86_400_000).toISOString();

describe('API conventions on every resource', () => {
  let t: TestApp;
  let org: Org;
  let other: Org;
  let owner: Headers;
  /** A partner of the enrolled couple, signed in to the portal: the caller of /v1/portal routes. */
  let partner: Headers;
  let enrollmentId: string;
  let groupId: string;
  /** Every answer the app sent, for the changes feed's check at the end. */
  const answers: ObservedResponse[] = [];
  /** Who calls a route: a portal client for the portal's, the organization's owner for the rest. */
  const callerOf = (path: string): Headers => (path.startsWith('/v1/portal/') ? partner : owner);

  beforeAll(async () => {
    t = await startTestApp({}, { observe: (response) => answers.push(response) });
    org = await signupOrganization(t);
    other = await signupOrganization(t, 'Other Practice');
    owner = bearer(org.owner.token);
    const couple = await createCouple(t, owner);
    const enrolled = await t.http.post('/v1/enrollments').set(owner).send({ programId: REBUILDING_TRUST_PROGRAM_ID, coupleId: couple.id });
    enrollmentId = enrolled.body.id;
    await t.http.patch(`/v1/enrollments/${enrollmentId}/steps/acknowledge-the-hurt`).set(owner).send({ status: 'in_progress' });
    groupId = (await t.http.post('/v1/groups').set(owner).send({ name: 'Members circle' })).body.id;
    partner = bearer((await invitePortalClient(t, owner, couple.a)).accessToken);
  }, 60_000);
  afterAll(() => t.close());

  const id = (path: string) => (x: string): [string, string] => [`${path}/${x}`, `${path}/{id}`];

  const cases: ResourceCase[] = [
    {
      name: 'clients',
      list: () => ['/v1/clients', '/v1/clients'],
      create: async () => ({ path: ['/v1/clients', '/v1/clients'], body: { firstName: 'Ana', lastName: `L-${randomUUID().slice(0, 8)}` } }),
      item: id('/v1/clients'),
      patch: { preferredName: 'Annie' },
      archives: true,
      restores: true,
      idempotent: true,
    },
    {
      name: 'couples',
      list: () => ['/v1/couples', '/v1/couples'],
      create: async () => {
        const [a, b] = [await createClient(t, owner), await createClient(t, owner)];
        return { path: ['/v1/couples', '/v1/couples'], body: { partnerIds: [a.id, b.id] } };
      },
      item: id('/v1/couples'),
      patch: { label: 'The Parks' },
      archives: true,
      restores: true,
      idempotent: true,
    },
    {
      name: 'commitments',
      list: () => ['/v1/commitments', '/v1/commitments'],
      create: async () => {
        const couple = await createCouple(t, owner);
        const body = { coupleId: couple.id, committerId: couple.a, to: 'partner', description: 'Call when late.', schedule: { kind: 'daily', startsOn: '2031-03-02', count: 7 } };
        return { path: ['/v1/commitments', '/v1/commitments'], body };
      },
      item: id('/v1/commitments'),
      patch: { to: 'relationship' },
      archives: true,
      restores: true,
      idempotent: true,
    },
    {
      name: 'safety screenings',
      list: () => [`/v1/clients/${screenedClient}/safety-screenings`, '/v1/clients/{id}/safety-screenings'],
      create: async () => ({
        path: [`/v1/clients/${screenedClient}/safety-screenings`, '/v1/clients/{id}/safety-screenings'],
        body: { result: 'clear' },
      }),
      idempotent: true,
    },
    {
      name: 'programs',
      list: () => ['/v1/programs', '/v1/programs'],
      create: async () => ({ path: ['/v1/programs', '/v1/programs'], body: programBody() }),
      item: id('/v1/programs'),
      idempotent: true,
    },
    {
      name: 'enrollments',
      list: () => ['/v1/enrollments', '/v1/enrollments'],
      create: async () => {
        const couple = await createCouple(t, owner);
        return { path: ['/v1/enrollments', '/v1/enrollments'], body: { programId: REBUILDING_TRUST_PROGRAM_ID, coupleId: couple.id } };
      },
      item: id('/v1/enrollments'),
      patch: { status: 'paused' },
      idempotent: true,
    },
    {
      name: 'enrollment events',
      list: () => [`/v1/enrollments/${enrollmentId}/events`, '/v1/enrollments/{id}/events'],
      seed: async () => {
        const res = await t.http.get(`/v1/enrollments/${enrollmentId}/events`).set(owner);
        return res.body.data[0];
      },
    },
    {
      name: 'sessions',
      list: () => ['/v1/sessions', '/v1/sessions'],
      create: async () => ({
        path: ['/v1/sessions', '/v1/sessions'],
        body: { kind: 'individual', clientId: screenedClient, startsAt: nextStart(), durationMinutes: 50, modality: 'video' },
      }),
      item: id('/v1/sessions'),
      patch: { location: 'Room 2' },
      archives: true,
      restores: true,
      idempotent: true,
    },
    {
      name: 'groups',
      list: () => ['/v1/groups', '/v1/groups'],
      create: async () => ({ path: ['/v1/groups', '/v1/groups'], body: { name: `Group ${randomUUID().slice(0, 6)}` } }),
      item: id('/v1/groups'),
      patch: { description: 'Thursdays' },
      archives: true,
      restores: true,
      idempotent: true,
    },
    {
      name: 'group members',
      list: () => [`/v1/groups/${groupId}/members`, '/v1/groups/{id}/members'],
      seed: async () => {
        const client = await createClient(t, owner);
        const res = await t.http.put(`/v1/groups/${groupId}/members/${client.id}`).set(owner);
        return res.body;
      },
    },
    {
      name: 'exercises',
      list: () => ['/v1/exercises', '/v1/exercises'],
      create: async () => ({
        path: ['/v1/exercises', '/v1/exercises'],
        body: { key: `own-${randomUUID().slice(0, 8)}`, stepKey: 'apologize-sincerely', title: 'Our own', instructions: 'Do the thing.' },
      }),
      item: id('/v1/exercises'),
      archives: true,
      restores: true,
      idempotent: true,
    },
    {
      name: 'assignments',
      list: () => ['/v1/assignments', '/v1/assignments'],
      create: async () => {
        const exercises = await t.http.get('/v1/exercises').set(owner);
        const client = await createClient(t, owner);
        return { path: ['/v1/assignments', '/v1/assignments'], body: { exerciseId: exercises.body.data[0].id, clientId: client.id } };
      },
      record: (body) => (body.assignments as Created[])[0],
      item: id('/v1/assignments'),
      patch: { status: 'in_progress' },
      patchAgain: { status: 'completed' },
      idempotent: true,
    },
    {
      name: 'staff',
      list: () => ['/v1/staff', '/v1/staff'],
      create: async () => ({
        path: ['/v1/staff', '/v1/staff'],
        body: { email: `p-${randomUUID()}@example.org`, displayName: 'Pat', role: 'practitioner', password: 'correct horse battery staple' },
      }),
      item: id('/v1/staff'),
      patch: { displayName: 'Pat Smith' },
      idempotent: true,
    },
    {
      name: 'api keys',
      list: () => ['/v1/api-keys', '/v1/api-keys'],
      create: async () => ({ path: ['/v1/api-keys', '/v1/api-keys'], body: { name: `key ${randomUUID().slice(0, 6)}`, role: 'readonly' } }),
      idempotent: true,
      gaps: { idempotency: 'a replay would need the secret key stored in plain text' },
    },
    {
      name: 'audit events',
      list: () => ['/v1/audit-events', '/v1/audit-events'],
      seed: async () => {
        const res = await t.http.get('/v1/audit-events').set(owner);
        return res.body.data[0];
      },
    },
  ];

  let screenedClient: string;
  beforeAll(async () => {
    const client = await createClient(t, owner);
    screenedClient = client.id;
  });

  const make = async (c: ResourceCase): Promise<{ record: Created; res?: Response }> => {
    if (c.seed) return { record: await c.seed() };
    const { path, body } = await c.create!();
    const res = await t.http.post(path[0]).set(owner).send(body);
    if (res.status !== 201) throw new Error(`${c.name}: create answered ${res.status} ${res.text}`);
    return { record: c.record ? c.record(res.body) : res.body, res };
  };
  type Listed = { id?: string; clientId?: string; [field: string]: unknown };
  const listItems = async (c: ResourceCase, query: Record<string, string | number | boolean>) => {
    const items: Listed[] = [];
    let cursor: string | undefined;
    do {
      const res = await t.http.get(c.list()[0]).query({ limit: 100, ...query, ...(cursor ? { cursor } : {}) }).set(owner);
      expect([c.name, res.status, res.text.slice(0, 200)]).toEqual([c.name, 200, expect.any(String)]);
      items.push(...(res.body.data as Listed[]));
      cursor = res.body.nextCursor ?? undefined;
    } while (cursor);
    return items;
  };
  const listed = async (c: ResourceCase, query: Record<string, string | number | boolean>) =>
    (await listItems(c, query)).map((item) => item.id ?? item.clientId);

  describe.each(cases)('$name', (c) => {
    const unless = (gap: 'fields' | 'lists' | 'idempotency') => (c.gaps?.[gap] ? it.failing : it);

    unless('fields')('carries id, createdAt, updatedAt and version, and a strong ETag of its version on single responses', async () => {
      const { record, res } = await make(c);
      for (const field of ['id', 'createdAt', 'updatedAt', 'version']) expect([c.name, field, field in record]).toEqual([c.name, field, true]);
      if (res && !c.record) expect([c.name, res.headers.etag]).toEqual([c.name, `"${record.version}"`]);
      if (c.item) {
        const got = await t.http.get(c.item(record.id)[0]).set(owner);
        expect(got.status).toBe(200);
        expect(got.headers.etag).toBe(`"${got.body.version}"`);
      }
    });

    unless('lists')('answers lists as { data, nextCursor } and validates limit, cursor and updatedSince', async () => {
      await make(c);
      const [path, template] = c.list();
      const page = await t.http.get(path).set(owner);
      expect(page.status).toBe(200);
      expect(Object.keys(page.body).sort()).toEqual(['data', 'nextCursor']);
      expect(Array.isArray(page.body.data)).toBe(true);
      expect(page.headers.etag).toBeUndefined();
      for (const limit of ['0', '101', '-1', '1.5', 'abc']) {
        const res = await t.http.get(path).query({ limit }).set(owner);
        const problem = expectProblem(res, 400, 'VALIDATION_FAILED');
        expect(problem.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'limit' })]));
      }
      expectProblem(await t.http.get(path).query({ cursor: 'not-a-cursor' }).set(owner), 400, 'VALIDATION_FAILED');
      expectProblem(await t.http.get(path).query({ updatedSince: 'yesterday' }).set(owner), 400, 'VALIDATION_FAILED');
      for (const param of ['limit', 'cursor', 'updatedSince']) {
        expect([c.name, param, (operationOf('get', template).parameters ?? []).some((p) => p.name === param)]).toEqual([c.name, param, true]);
      }
    });

    unless('lists')('pages with limit and cursor, and syncs incrementally with updatedSince', async () => {
      const { record } = await make(c);
      await make(c);
      const [path] = c.list();
      const first = await t.http.get(path).query({ limit: 1 }).set(owner);
      expect(first.status).toBe(200);
      expect(first.body.data).toHaveLength(1);
      expect(typeof first.body.nextCursor).toBe('string');
      const second = await t.http.get(path).query({ limit: 1, cursor: first.body.nextCursor }).set(owner);
      expect(second.status).toBe(200);
      expect(second.body.data).toHaveLength(1);
      const key = (item: { id?: string; clientId?: string }) => item.id ?? item.clientId;
      expect(key(second.body.data[0])).not.toBe(key(first.body.data[0]));

      const recordKey = record.id ?? (record as { clientId?: string }).clientId;
      expect(await listed(c, { updatedSince: record.updatedAt as string })).toContain(recordKey);
      expect(await listed(c, { updatedSince: '2999-01-01T00:00:00Z' })).toEqual([]);
    });

    if (c.patch) {
      it('honors If-Match on PATCH: current and * pass, stale and weak answer 412', async () => {
        const { record } = await make(c);
        const [path] = c.item!(record.id);
        expectProblem(await t.http.patch(path).set(owner).set('If-Match', `"${record.version + 7}"`).send(c.patch), 412, 'PRECONDITION_FAILED');
        expectProblem(await t.http.patch(path).set(owner).set('If-Match', `W/"${record.version}"`).send(c.patch), 412, 'PRECONDITION_FAILED');
        const ok = await t.http.patch(path).set(owner).set('If-Match', `"${record.version}"`).send(c.patch);
        expect([c.name, ok.status]).toEqual([c.name, 200]);
        expect(ok.headers.etag).toBe(`"${ok.body.version}"`);
        expect(ok.body.version).toBeGreaterThan(record.version);
        const star = await t.http.patch(path).set(owner).set('If-Match', '*').send(c.patchAgain ?? c.patch);
        expect(star.status).toBe(200);
        expect(await listed(c, { updatedSince: ok.body.updatedAt })).toContain(record.id);
      });
    }

    if (c.archives) {
      it('archives on DELETE (If-Match honored), keeps it readable, lists it with includeArchived or to a sync (updatedSince), and restores it', async () => {
        const { record } = await make(c);
        const [path] = c.item!(record.id);
        expectProblem(await t.http.delete(path).set(owner).set('If-Match', `"${record.version + 7}"`), 412, 'PRECONDITION_FAILED');
        expectProblem(await t.http.delete(path).set(owner).set('If-Match', `W/"${record.version}"`), 412, 'PRECONDITION_FAILED');
        const archived = await t.http.delete(path).set(owner).set('If-Match', `"${record.version}"`);
        expect([c.name, archived.status]).toEqual([c.name, 200]);
        expect(typeof archived.body.archivedAt).toBe('string');
        expect(archived.headers.etag).toBe(`"${archived.body.version}"`);
        expect((await t.http.get(path).set(owner)).status).toBe(200);
        expect(await listed(c, {})).not.toContain(record.id);
        expect(await listed(c, { includeArchived: true })).toContain(record.id);
        // A sync (updatedSince) sees the archive unless it asks not to: deletions reach integrators.
        const synced = (await listItems(c, { updatedSince: archived.body.updatedAt })).find((item) => item.id === record.id);
        expect([c.name, synced?.archivedAt]).toEqual([c.name, archived.body.archivedAt]);
        expect(await listed(c, { updatedSince: archived.body.updatedAt, includeArchived: false })).not.toContain(record.id);
        if (c.restores) {
          const restored = await t.http.post(`${path}/restore`).set(owner);
          expect(restored.status).toBe(200);
          expect(restored.body.archivedAt).toBeNull();
          expect(restored.headers.etag).toBe(`"${restored.body.version}"`);
          expect(await listed(c, {})).toContain(record.id);
        }
      });
    }

    if (c.idempotent) {
      unless('idempotency')('replays a creating POST with the same Idempotency-Key, refuses another body with 422, and scopes keys to the organization', async () => {
        const { path, body } = await c.create!();
        const key = randomUUID();
        const first = await t.http.post(path[0]).set(owner).set('Idempotency-Key', key).send(body);
        expect([c.name, first.status]).toEqual([c.name, 201]);
        const again = await t.http.post(path[0]).set(owner).set('Idempotency-Key', key).send(body);
        expect([c.name, again.status, again.headers['idempotency-replayed']]).toEqual([c.name, 201, 'true']);
        expect(again.body).toEqual(first.body);
        const changed = await t.http.post(path[0]).set(owner).set('Idempotency-Key', key).send({ ...body, unexpected: 1 });
        expectProblem(changed, 422, 'IDEMPOTENCY_KEY_REUSED');
        const elsewhere = await t.http.post(path[0]).set(bearer(other.owner.token)).set('Idempotency-Key', key).send(body);
        expect(elsewhere.headers['idempotency-replayed']).toBeUndefined();
      });
    }
  });

  describe('documented query parameters', () => {
    type ParameterSchema = { $ref?: string; type?: string; format?: string; enum?: unknown[]; pattern?: string; minLength?: number; example?: unknown };
    const sample = (given: ParameterSchema = {}): string => {
      // A shared enum (StepKey, PracticeKey) is a reference to its component.
      const schema = given.$ref ? (spec.components.schemas[given.$ref.replace('#/components/schemas/', '')] as ParameterSchema) : given;
      if (schema.enum) return String(schema.enum[0]);
      // A documented example must itself be accepted (a feed's `after` cursor, a list of types).
      if (typeof schema.example === 'string') return schema.example;
      if (schema.pattern?.startsWith('^(me|')) return 'me';
      if (schema.format === 'uuid') return randomUUID();
      if (schema.format === 'date-time') return '2024-05-01T10:00:00Z';
      if (schema.format === 'date') return '2024-05-01';
      if (schema.type === 'boolean') return 'true';
      if (schema.type === 'integer' || schema.type === 'number') return '1';
      return 'x'.repeat(schema.minLength ?? 1);
    };
    const lists = Object.entries(spec.paths).flatMap(([path, item]) =>
      item.get && !path.includes('{') && (item.get.parameters ?? []).some((p) => p.in === 'query') ? [path] : [],
    );
    it.each(lists)('GET %s accepts each of them', async (path) => {
      const refused: string[] = [];
      for (const parameter of operationOf('get', path).parameters!.filter((p) => p.in === 'query' && p.name !== 'cursor')) {
        const res = await t.http.get(path).query({ [parameter.name]: sample(parameter.schema) }).set(callerOf(path));
        if (res.status !== 200) refused.push(`${parameter.name}=${sample(parameter.schema)} → ${res.status} ${res.text.slice(0, 200)}`);
      }
      expect(refused).toEqual([]);
    });
  });

  describe('errors and request ids', () => {
    it('sends X-Request-Id and problem+json on every kind of refusal', async () => {
      const cases: [string, Response, number][] = [
        ['unknown route', await t.http.get('/v1/nowhere').set(owner), 404],
        ['malformed JSON', await t.http.post('/v1/clients').set(owner).set('Content-Type', 'application/json').send('{"firstName":'), 400],
        ['not JSON', await t.http.post('/v1/clients').set(owner).set('Content-Type', 'text/plain').send('hello'), 415],
        ['too large', await t.http.post('/v1/clients').set(owner).send({ firstName: 'x'.repeat(2_000_000), lastName: 'y' }), 413],
        ['no credentials', await t.http.get('/v1/clients'), 401],
        ['unknown id', await t.http.get(`/v1/clients/${randomUUID()}`).set(owner), 404],
        ['validation', await t.http.post('/v1/clients').set(owner).send({}), 400],
      ];
      for (const [what, res, status] of cases) {
        expect([what, res.status]).toEqual([what, status]);
        expect([what, res.headers['x-request-id']]).toEqual([what, expect.any(String)]);
        expect([what, res.headers['content-type']]).toEqual([what, expect.stringMatching(/^application\/problem\+json/)]);
        for (const field of ['type', 'title', 'status', 'detail', 'code', 'requestId']) expect([what, field, field in res.body]).toEqual([what, field, true]);
      }
      const validation = cases[cases.length - 1][1];
      expect(validation.body.errors[0]).toEqual({ field: expect.any(String), message: expect.any(String) });
    });

    it('sends X-Request-Id and Retry-After on a 429', async () => {
      const email = `nobody-${randomUUID()}@example.org`;
      let res: Response | undefined;
      for (let i = 0; i < 10; i++) {
        res = await t.http.post('/v1/auth/login').send({ email, password: 'wrong password entirely' });
        if (res.status === 429) break;
      }
      expectProblem(res!, 429, 'RATE_LIMITED');
      expect(res!.headers['retry-after']).toMatch(/^\d+$/);
    });

    it('serves health, docs and the spec without credentials', async () => {
      for (const path of ['/health/live', '/health/ready', '/docs', '/openapi.json']) {
        const res = await t.http.get(path).redirects(1);
        expect([path, res.status]).toEqual([path, 200]);
        expect(res.headers['x-request-id']).toEqual(expect.any(String));
      }
    });
  });

  // Every answer is checked against the spec by the response contract (test/support/response-contract.ts);
  // this walk makes sure the main reads and every top-level list are among them.
  describe('response bodies match openapi.json', () => {
    it('for the main read operations and the caller', async () => {
      const key = { 'X-API-Key': (await addApiKey(t, org, 'integration')).key };
      const client = await createClient(t, key);
      const statuses: string[] = [];
      const check = async (path: string, _template: string, as: Headers = owner) => {
        const res = await t.http.get(path).set(as);
        if (res.status !== 200) statuses.push(`${path} → ${res.status}`);
      };
      await check('/health/live', '/health/live', {});
      await check('/health/ready', '/health/ready', {});
      await check('/v1/me', '/v1/me');
      await check('/v1/me', '/v1/me', key);
      await check(`/v1/clients/${client.id}`, '/v1/clients/{id}', key);
      await check(`/v1/groups/${groupId}/assignments/summary`, '/v1/groups/{id}/assignments/summary');
      await check(`/v1/enrollments/${enrollmentId}`, '/v1/enrollments/{id}');
      await check(`/v1/programs/${REBUILDING_TRUST_PROGRAM_ID}`, '/v1/programs/{id}');
      // The single sign-on callback is not a read: it answers only an identity provider's redirect (test/single-sign-on).
      const reads = Object.keys(spec.paths).filter((p) => spec.paths[p].get && !p.includes('{') && p.startsWith('/v1/') && p !== '/v1/auth/sso/callback');
      for (const path of reads) {
        await check(path, path, callerOf(path));
      }
      expect(statuses).toEqual([]);
    });
  });

  describe('the changes feed', () => {
    it('holds a change of every write this walk made that changes something, naming the record the write answered with or named', async () => {
      const writes = answers.filter((a) => ['POST', 'PUT', 'PATCH', 'DELETE'].includes(a.method) && a.status >= 200 && a.status < 300 && a.route);
      const changing = writes.filter((a) => !ROUTES_WITHOUT_CHANGES.has(`${a.method} ${a.route}`) && a.headers['idempotency-replayed'] !== 'true');
      // Sanity: the walk wrote through many routes, or this check checks little.
      expect(new Set(changing.map((a) => `${a.method} ${a.route}`)).size).toBeGreaterThan(20);
      // Both organizations' feeds: the Idempotency-Key checks write in the other one too.
      const feed = [];
      for (const reader of [owner, bearer(other.owner.token)]) feed.push(...(await follow(t, reader)).changes);
      const ids = new Set(feed.map((change) => change.resourceId));
      const missing = changing
        .filter((a) => a.url.split('?')[0].startsWith('/v1/') && !a.route!.startsWith('/v1/portal/auth'))
        .filter((a) => {
          const named = namedIds(a.route!, a.url);
          return ![...named, ...answeredIds(a.body)].some((id) => ids.has(id));
        })
        .map((a) => `${a.method} ${a.route} → ${a.status}`);
      expect(missing).toEqual([]);
    });
  });
});

/** The ids an answer names: its own, and those of the records in its array fields (`{"assignments":[...]}`). */
function answeredIds(body: string): string[] {
  if (!body) return [];
  const answer = JSON.parse(body) as Record<string, unknown>;
  const idOf = (value: unknown) => (value && typeof value === 'object' && typeof (value as { id?: unknown }).id === 'string' ? [(value as { id: string }).id] : []);
  return [...idOf(answer), ...Object.values(answer).flatMap((value) => (Array.isArray(value) ? value.flatMap(idOf) : []))];
}

/** The values of a route's path parameters in a URL (`/v1/clients/:id` and `/v1/clients/abc` → ['abc']). */
function namedIds(route: string, url: string): string[] {
  const templates = route.split('/');
  const parts = url.split('?')[0].split('/');
  return templates.flatMap((segment, i) => (segment.startsWith(':') && parts[i] ? [decodeURIComponent(parts[i])] : []));
}
