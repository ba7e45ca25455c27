import { randomUUID } from 'node:crypto';
import { Response } from 'supertest';
import { etagOf } from '../src/common/concurrency';
import { builtInExerciseId } from '../src/exercises/built-in/exercise-ids';
import { REBUILDING_TRUST_PROGRAM_ID } from '../src/programs/built-in/rebuilding-trust';
import { addStaff, bearer, createClient, createCouple, Org, signupOrganization } from './support/factories';
import { spec } from './support/openapi-schema';
import { invitePortalClient } from './support/portal';
import { expectProblem } from './support/problem';
import { startTestApp, TestApp } from './support/test-app';

type Schema = (typeof spec.components.schemas)[string];
type FieldError = { field: string; message: string };
type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

const METHODS: Method[] = ['get', 'post', 'put', 'patch', 'delete'];
const STEP = 'acknowledge-the-hurt';
const PRACTICE = 'take-responsibility';

function resolve(schema: Schema): Schema {
  let current = schema;
  while (current.$ref) current = spec.components.schemas[current.$ref.replace('#/components/schemas/', '')];
  return current;
}

/**
 * A body field anywhere in a request schema: its path (`steps[0].summary`), whether the spec lets it
 * be null, and the body it is sent in: what picks its variant when it belongs to a union
 * (`{ kind: 'couple' }`, `{ note: { format: 'soap' } }`, `{ clientId: <uuid> }`).
 */
interface BodyField {
  path: (string | number)[];
  nullable: boolean;
  base: Record<string, unknown>;
}

/**
 * What picks `variant` among `siblings`: its single-value enums (a discriminator such as `kind`), or
 * else the ids it requires and a sibling doesn't (a target given by presence).
 */
function selectorOf(variant: Schema, siblings: Schema[]): Record<string, unknown> {
  const v = resolve(variant);
  const out: Record<string, unknown> = {};
  for (const [name, property] of Object.entries(v.properties ?? {})) {
    const values = resolve(property).enum;
    if (values?.length === 1 && values[0] !== null) out[name] = values[0];
  }
  if (Object.keys(out).length > 0) return out;
  for (const name of v.required ?? []) {
    if (siblings.some((sibling) => !(resolve(sibling).required ?? []).includes(name))) out[name] = randomUUID();
  }
  return out;
}

/** `base` with `value` merged in at `path` (objects merged, the rest replaced). */
function mergeAt(base: Record<string, unknown>, path: (string | number)[], value: Record<string, unknown>): Record<string, unknown> {
  if (path.length === 0) return { ...base, ...value };
  const [head, ...rest] = path;
  if (typeof head === 'number') return base;
  const inner = (base[head] && typeof base[head] === 'object' ? base[head] : {}) as Record<string, unknown>;
  return { ...base, [head]: mergeAt(inner, rest, value) };
}

/** Every property of a request body schema, nested objects, arrays of objects and union variants included. */
function bodyFields(schema: Schema, at: (string | number)[] = [], seen = new Set<Schema>(), base: Record<string, unknown> = {}): BodyField[] {
  const s = resolve(schema);
  if (seen.has(s)) return [];
  const inner = new Set(seen).add(s);
  const fields = [...(s.allOf ?? [])].flatMap((part) => bodyFields(part, at, inner, base));
  const variants = s.oneOf ?? s.anyOf ?? [];
  for (const variant of variants) {
    const selector = selectorOf(variant, variants);
    const variantBase = mergeAt(base, at, selector);
    // The selecting members pick the variant: null there is the union's refusal, not a field's.
    const own = bodyFields(variant, at, inner, variantBase).filter((field) => !(field.path.length === at.length + 1 && String(field.path[at.length]) in selector));
    fields.push(...own);
  }
  for (const [name, property] of Object.entries(s.properties ?? {})) {
    const path = [...at, name];
    fields.push({ path, nullable: property.nullable === true || JSON.stringify(resolve(property).enum) === '[null]', base });
    const value = resolve(property);
    if (value.type === 'array' && value.items) fields.push(...bodyFields(value.items, [...path, 0], inner, base));
    else fields.push(...bodyFields(property, path, inner, base));
  }
  const unique = new Map(fields.map((field) => [`${fieldName(field.path)} ${JSON.stringify(field.base)}`, field]));
  return [...unique.values()];
}

/** `b` laid over `a`: objects merged member by member, anything else replaced. */
function deepMerge(a: unknown, b: unknown): unknown {
  if (!a || !b || typeof a !== 'object' || typeof b !== 'object' || Array.isArray(a) || Array.isArray(b)) return b;
  const out: Record<string, unknown> = { ...(a as Record<string, unknown>) };
  for (const [key, value] of Object.entries(b)) out[key] = deepMerge(out[key], value);
  return out;
}

function fieldName(path: (string | number)[]): string {
  return path.reduce<string>((name, part) => (typeof part === 'number' ? `${name}[${part}]` : name ? `${name}.${part}` : part), '');
}

/** `{ steps: [{ summary: null }] }` for the path `steps[0].summary`. */
function bodyWith(path: (string | number)[], value: unknown, base: Record<string, unknown> = {}): unknown {
  if (Object.keys(base).length > 0) return deepMerge(base, bodyWith(path, value));
  const [head, ...rest] = path;
  const inner = rest.length === 0 ? value : bodyWith(rest, value);
  if (typeof head === 'number') return [inner];
  return { [head]: inner };
}

/** A path of the spec with its parameters filled in: UUIDs for ids, real keys for steps and practices, a calendar date for dates. */
function concrete(path: string): string {
  const value: Record<string, string> = { stepKey: STEP, practiceKey: PRACTICE, date: '2031-03-03' };
  return path.replace(/\{(\w+)\}/g, (_, name: string) => value[name] ?? randomUUID());
}

/** Every operation of the spec that takes a JSON body, with its schema. */
const BODY_OPERATIONS = Object.entries(spec.paths).flatMap(([path, item]) =>
  METHODS.flatMap((method) => {
    const operation = item[method] as { requestBody?: { content: Record<string, { schema: Schema }> } } | undefined;
    const schema = operation?.requestBody?.content['application/json']?.schema;
    return schema ? [{ method, path, schema }] : [];
  }),
);

const PATCH_PATHS = Object.keys(spec.paths).filter((path) => spec.paths[path].patch);

describe('input rules', () => {
  let t: TestApp;
  let org: Org;
  let owner: Record<string, string>;
  let portal: { clientId: string; headers: Record<string, string> };
  beforeAll(async () => {
    t = await startTestApp();
    org = await signupOrganization(t);
    owner = bearer(org.owner.token);
    const session = await invitePortalClient(t, owner, (await createClient(t, owner)).id);
    portal = { clientId: session.clientId, headers: bearer(session.accessToken) };
  });
  afterAll(() => t.close());

  /** The portal's routes take a client's portal token; every other route the owner's. */
  const as = (path: string) => (path.startsWith('/v1/portal/') ? portal.headers : owner);
  const send = (method: Method, path: string, body: unknown) =>
    t.http[method](path).set(as(path)).set('content-type', 'application/json').send(JSON.stringify(body));
  const errorsOf = (res: Response) => ((JSON.parse(res.text) as { errors?: FieldError[] }).errors ?? []);

  describe('one null rule', () => {
    it('refuses null, naming the field, wherever the spec does not say nullable, and accepts it where it does', async () => {
      const mismatches: string[] = [];
      let checked = 0;
      for (const { method, path, schema } of BODY_OPERATIONS) {
        for (const field of bodyFields(schema)) {
          const name = fieldName(field.path);
          const res = await send(method, concrete(path), bodyWith(field.path, null, field.base));
          const about = errorsOf(res).filter((error) => error.field === name);
          const expected = field.nullable ? [] : [{ field: name, message: 'must not be null' }];
          if (res.status >= 500 || JSON.stringify(about) !== JSON.stringify(expected)) {
            mismatches.push(`${method.toUpperCase()} ${path} ${name}${field.nullable ? ' (nullable)' : ''} in ${JSON.stringify(field.base)}: ${res.status} ${JSON.stringify(about)}`);
          }
          checked += 1;
        }
      }
      expect(mismatches).toEqual([]);
      expect(checked).toBeGreaterThan(100);
    });

    it('refuses null status and tags on a new client, and creates nothing', async () => {
      const before = await t.dataSource.query('SELECT count(*)::int AS n FROM clients WHERE organization_id = $1', [org.organizationId]);
      for (const body of [{ status: null }, { tags: null }]) {
        const res = await t.http.post('/v1/clients').set(owner).send({ firstName: 'Noor', lastName: 'Null', ...body });
        const problem = expectProblem(res, 400, 'VALIDATION_FAILED');
        expect(problem.errors).toEqual([{ field: Object.keys(body)[0], message: 'must not be null' }]);
      }
      const after = await t.dataSource.query('SELECT count(*)::int AS n FROM clients WHERE organization_id = $1', [org.organizationId]);
      expect(after).toEqual(before);
    });

    it('refuses null reason, note and partnerIds on step moves and practice ticks, and changes nothing', async () => {
      const couple = await createCouple(t, owner);
      const enrolled = await t.http.post('/v1/enrollments').set(owner).send({ programId: REBUILDING_TRUST_PROGRAM_ID, coupleId: couple.id });
      expect(enrolled.status).toBe(201);
      const id = enrolled.body.id as string;
      const refusals: [string, Record<string, unknown>, string][] = [
        [`/v1/enrollments/${id}/steps/${STEP}`, { status: 'in_progress', reason: null }, 'reason'],
        [`/v1/enrollments/${id}/steps/${STEP}`, { status: 'in_progress', note: null }, 'note'],
        [`/v1/enrollments/${id}/steps/${STEP}/practices/${PRACTICE}`, { done: true, partnerIds: null }, 'partnerIds'],
        [`/v1/enrollments/${id}/steps/${STEP}/practices/${PRACTICE}`, { done: true, note: null }, 'note'],
      ];
      for (const [path, body, field] of refusals) {
        const res = path.includes('/practices/') ? await t.http.put(path).set(owner).send(body) : await t.http.patch(path).set(owner).send(body);
        expect(expectProblem(res, 400, 'VALIDATION_FAILED').errors).toEqual([{ field, message: 'must not be null' }]);
      }
      const after = await t.http.get(`/v1/enrollments/${id}`).set(owner);
      expect(after.body).toMatchObject({ version: enrolled.body.version, updatedAt: enrolled.body.updatedAt });
      expect(after.body.steps[0]).toMatchObject({ status: 'not_started', practices: [{ ticks: [] }, { ticks: [] }, { ticks: [] }] });
      const events = await t.dataSource.query('SELECT type FROM enrollment_events WHERE enrollment_id = $1', [id]);
      expect(events).toEqual([{ type: 'enrollment_created' }]);
    });
  });

  describe('PATCH', () => {
    /** A record to PATCH, the table it lives in, and a body of values it already has (none for a move, where the same status is a 409). */
    interface Target {
      path: string;
      table: string;
      id: string;
      unchanged: Record<string, unknown>[];
    }

    let sessionsMade = 0;
    const targets: Record<string, () => Promise<Target>> = {
      '/v1/boundaries/{id}': async () => {
        const couple = await createCouple(t, owner);
        const text = 'We keep our phones out of the bedroom.';
        const res = await t.http.post('/v1/boundaries').set(owner).send({ coupleId: couple.id, text, proposedBy: { type: 'practitioner' } });
        expect(res.status).toBe(201);
        // The same text again is no revision.
        return { path: `/v1/boundaries/${res.body.id}`, table: 'boundaries', id: res.body.id, unchanged: [{}, { text }, { text: ` ${text} ` }] };
      },
      '/v1/clients/{id}': async () => {
        const client = await createClient(t, owner, { email: 'noor@example.org', tags: ['waitlist'], pronouns: 'she/her' });
        const same = { firstName: client.firstName, lastName: client.lastName, email: 'noor@example.org', tags: ['waitlist'], status: 'active', phone: null };
        return { path: `/v1/clients/${client.id}`, table: 'clients', id: client.id, unchanged: [{}, same, { pronouns: ' she/her ' }] };
      },
      '/v1/couples/{id}': async () => {
        const couple = await createCouple(t, owner);
        await t.http.patch(`/v1/couples/${couple.id}`).set(owner).send({ label: 'Rivera – Okafor', startDate: '2024-03-01' });
        const same = { label: 'Rivera – Okafor', startDate: '2024-03-01', status: 'active', externalId: null };
        return { path: `/v1/couples/${couple.id}`, table: 'couples', id: couple.id, unchanged: [{}, same] };
      },
      '/v1/groups/{id}': async () => {
        const res = await t.http.post('/v1/groups').set(owner).send({ name: 'Thursday circle', capacity: 8, startsOn: '2031-01-09' });
        expect(res.status).toBe(201);
        const same = { name: 'Thursday circle', capacity: 8, startsOn: '2031-01-09', endsOn: null, facilitatorUserId: org.owner.id, status: 'active' };
        return { path: `/v1/groups/${res.body.id}`, table: 'groups', id: res.body.id, unchanged: [{}, same] };
      },
      '/v1/sessions/{id}': async () => {
        const client = await createClient(t, owner);
        sessionsMade += 1;
        const startsAt = `2031-05-${10 + sessionsMade}T09:00:00Z`;
        const res = await t.http
          .post('/v1/sessions')
          .set(owner)
          .send({ kind: 'individual', clientId: client.id, startsAt, durationMinutes: 50, modality: 'video', plannedStepKeys: [STEP] });
        expect(res.status).toBe(201);
        const same = { startsAt: startsAt.replace('09:00:00Z', '10:00:00+01:00'), durationMinutes: 50, modality: 'video', plannedStepKeys: [STEP], location: null };
        return { path: `/v1/sessions/${res.body.id}`, table: 'therapy_sessions', id: res.body.id, unchanged: [{}, same] };
      },
      '/v1/webhooks/{id}': async () => {
        const res = await t.http.post('/v1/webhooks').set(owner).send({ url: 'https://93.184.216.34/hooks', eventTypes: ['client.created'], description: 'Sync' });
        expect(res.status).toBe(201);
        const same = { url: 'https://93.184.216.34/hooks', eventTypes: ['client.created'], description: 'Sync', status: 'active' };
        return { path: `/v1/webhooks/${res.body.id}`, table: 'webhooks', id: res.body.id, unchanged: [{}, same] };
      },
      '/v1/staff/{id}': async () => {
        const staff = await addStaff(t, org, 'practitioner');
        const same = { displayName: 'Test practitioner', role: 'practitioner', active: true };
        return { path: `/v1/staff/${staff.id}`, table: 'staff_users', id: staff.id, unchanged: [{}, same] };
      },
      '/v1/assignments/{id}': async () => {
        const client = await createClient(t, owner);
        const res = await t.http.post('/v1/assignments').set(owner).send({ exerciseId: builtInExerciseId('write-a-specific-apology'), clientId: client.id });
        expect(res.status).toBe(201);
        const id = res.body.assignments[0].id as string;
        return { path: `/v1/assignments/${id}`, table: 'assignments', id, unchanged: [{}, { response: null }] };
      },
      '/v1/portal/assignments/{id}': async () => {
        const res = await t.http.post('/v1/assignments').set(owner).send({ exerciseId: builtInExerciseId('write-a-specific-apology'), clientId: portal.clientId });
        expect(res.status).toBe(201);
        const id = res.body.assignments[0].id as string;
        return { path: `/v1/portal/assignments/${id}`, table: 'assignments', id, unchanged: [{}, { reflection: null }] };
      },
      '/v1/enrollments/{id}': async () => {
        const client = await createClient(t, owner);
        const res = await t.http.post('/v1/enrollments').set(owner).send({ programId: REBUILDING_TRUST_PROGRAM_ID, clientId: client.id });
        expect(res.status).toBe(201);
        // `status` is required: an empty body is a 400, the stored status changes nothing.
        return { path: `/v1/enrollments/${res.body.id}`, table: 'enrollments', id: res.body.id, unchanged: [{ status: 'active' }] };
      },
      '/v1/commitments/{id}': async () => {
        const couple = await createCouple(t, owner);
        const body = { coupleId: couple.id, committerId: couple.a, to: 'partner', description: 'Call when late.', stepKey: STEP, schedule: { kind: 'once', dueOn: '2031-03-02' } };
        const res = await t.http.post('/v1/commitments').set(owner).send(body);
        expect(res.status).toBe(201);
        const same = { description: ' Call when late. ', to: 'partner', stepKey: STEP, practiceKey: null };
        return { path: `/v1/commitments/${res.body.id}`, table: 'commitments', id: res.body.id, unchanged: [{}, same] };
      },
      '/v1/organization': async () => ({
        path: '/v1/organization',
        table: 'organizations',
        id: org.organizationId,
        unchanged: [{}, { name: 'Harbor Counseling', timeZone: 'UTC' }],
      }),
      '/v1/enrollments/{id}/steps/{stepKey}': async () => {
        const client = await createClient(t, owner);
        const res = await t.http.post('/v1/enrollments').set(owner).send({ programId: REBUILDING_TRUST_PROGRAM_ID, clientId: client.id });
        expect(res.status).toBe(201);
        // A move to the status the step has is 409 STEP_ALREADY_IN_STATE: of concurrent completions, the losers must know they lost.
        return { path: `/v1/enrollments/${res.body.id}/steps/${STEP}`, table: 'enrollments', id: res.body.id, unchanged: [] };
      },
    };

    const stored = async (target: Target) => {
      const [row] = await t.dataSource.query(`SELECT version, updated_at FROM ${target.table} WHERE id = $1`, [target.id]);
      return row as { version: number; updated_at: Date };
    };

    it('has a record to try on every PATCH route of the spec', () => {
      expect(Object.keys(targets).sort()).toEqual([...PATCH_PATHS].sort());
    });

    it.each(PATCH_PATHS)('PATCH %s refuses a body that is not a JSON object, and changes nothing', async (path) => {
      const target = await targets[path]();
      const before = await stored(target);
      for (const body of ['null', '[]', '[{}]', '"text"', '42', 'true']) {
        const res = await t.http.patch(target.path).set(as(target.path)).set('content-type', 'application/json').send(body);
        const problem = expectProblem(res, 400, 'VALIDATION_FAILED');
        expect([body, problem.detail, problem.errors]).toEqual([body, 'The request body must be a JSON object.', [{ field: 'body', message: 'must be a JSON object' }]]);
      }
      expectProblem(await t.http.patch(target.path).set(as(target.path)), 400, 'VALIDATION_FAILED');
      expect(await stored(target)).toEqual(before);
    });

    it.each(PATCH_PATHS)('PATCH %s with nothing to change answers the record as it is: same version, ETag and updatedAt', async (path) => {
      const target = await targets[path]();
      const before = await stored(target);
      for (const body of target.unchanged) {
        const res = await t.http.patch(target.path).set(as(target.path)).send(body);
        expect([JSON.stringify(body), res.status]).toEqual([JSON.stringify(body), 200]);
        expect(res.body.version).toBe(before.version);
        expect(res.headers.etag).toBe(etagOf(before.version));
        expect(new Date(res.body.updatedAt as string)).toEqual(before.updated_at);
        expect(await stored(target)).toEqual(before);
      }
    });
  });

  describe('messages', () => {
    it('answers a weak If-Match with 412 saying weak tags never match, not that the record changed', async () => {
      const client = await createClient(t, owner);
      const res = await t.http.patch(`/v1/clients/${client.id}`).set(owner).set('If-Match', `W/"${client.version}"`).send({ pronouns: 'they/them' });
      const problem = expectProblem(res, 412, 'PRECONDITION_FAILED');
      expect(problem.detail).toBe(
        'A weak entity tag (W/"...") never matches: If-Match uses strong comparison (RFC 9110). Send the ETag as it was given, such as "3".',
      );
      const mixed = await t.http.delete(`/v1/clients/${client.id}`).set(owner).set('If-Match', `W/"${client.version}", "${client.version + 5}"`);
      expect(expectProblem(mixed, 412, 'PRECONDITION_FAILED').detail).toBe(
        'Client has changed since the version in If-Match (a weak entity tag, W/"...", never matches: If-Match uses strong comparison, RFC 9110); fetch it again and reapply the change.',
      );
      expect((await t.http.get(`/v1/clients/${client.id}`).set(owner)).body).toMatchObject({ version: client.version, pronouns: null, archivedAt: null });
    });

    it('names the client that holds an externalId in a 409 EXTERNAL_ID_TAKEN, on create and on update', async () => {
      const externalId = `EHR-${randomUUID().slice(0, 8)}`;
      const holder = await createClient(t, owner, { externalId });
      const taken = expectProblem(await t.http.post('/v1/clients').set(owner).send({ firstName: 'Dana', lastName: 'Okafor', externalId }), 409, 'EXTERNAL_ID_TAKEN');
      expect(taken).toMatchObject({ clientId: holder.id, detail: `Another record in the organization already has this externalId: clientId ${holder.id}.` });
      const other = await createClient(t, owner);
      const moved = expectProblem(await t.http.patch(`/v1/clients/${other.id}`).set(owner).send({ externalId: ` ${externalId} ` }), 409, 'EXTERNAL_ID_TAKEN');
      expect(moved.clientId).toBe(holder.id);
      expect((await t.http.get(`/v1/clients/${other.id}`).set(owner)).body).toMatchObject({ externalId: null, version: other.version });
    });

    it('names the couple that holds an externalId in a 409 EXTERNAL_ID_TAKEN', async () => {
      const externalId = `EHR-C-${randomUUID().slice(0, 8)}`;
      const holder = await createCouple(t, owner);
      await t.http.patch(`/v1/couples/${holder.id}`).set(owner).send({ externalId });
      const other = await createCouple(t, owner);
      const taken = expectProblem(await t.http.patch(`/v1/couples/${other.id}`).set(owner).send({ externalId }), 409, 'EXTERNAL_ID_TAKEN');
      expect(taken.coupleId).toBe(holder.id);
    });

    it('says which partner of a new couple is unknown', async () => {
      const known = await createClient(t, owner);
      const stranger = randomUUID();
      for (const partnerIds of [[known.id, stranger], [stranger, known.id]]) {
        const problem = expectProblem(await t.http.post('/v1/couples').set(owner).send({ partnerIds }), 404, 'NOT_FOUND');
        expect(problem).toMatchObject({ partnerId: stranger, detail: `Client ${stranger} (in partnerIds) not found.` });
      }
      const otherOrg = await signupOrganization(t, 'Elsewhere');
      const theirs = await createClient(t, bearer(otherOrg.owner.token));
      const problem = expectProblem(await t.http.post('/v1/couples').set(owner).send({ partnerIds: [known.id, theirs.id] }), 404, 'NOT_FOUND');
      expect(problem.partnerId).toBe(theirs.id);
    });

    it('answers a non-integer integer query parameter with "must be an integer" alone, on every list', async () => {
      // Other required query parameters get a valid value, so that the integer is the one fault.
      const valid = (schema?: { format?: string }) => (schema?.format === 'uuid' ? randomUUID() : schema?.format === 'date' ? '2026-01-01' : 'x');
      const lists = Object.entries(spec.paths).flatMap(([path, item]) => {
        const parameters = (item.get?.parameters ?? []).filter((p) => p.in === 'query');
        return parameters
          .filter((p) => p.schema?.type === 'integer')
          .map((p) => ({ path, name: p.name, others: Object.fromEntries(parameters.filter((o) => o.required && o.name !== p.name).map((o) => [o.name, valid(o.schema)])) }));
      });
      expect(lists.length).toBeGreaterThan(10);
      for (const { path, name, others } of lists) {
        for (const value of ['1.5', 'ten']) {
          const res = await t.http.get(concrete(path)).query({ ...others, [name]: value }).set(as(path));
          expect([path, value, expectProblem(res, 400, 'VALIDATION_FAILED').errors]).toEqual([path, value, [{ field: name, message: 'must be an integer' }]]);
        }
      }
    });

    it('answers a missing name of a new API key with one "is required", and creates nothing', async () => {
      const res = await t.http.post('/v1/api-keys').set(owner).send({ role: 'integration' });
      expect(expectProblem(res, 400, 'VALIDATION_FAILED').errors).toEqual([{ field: 'name', message: 'is required' }]);
      expect((await t.http.get('/v1/api-keys').set(owner)).body.data).toEqual([]);
    });

    it('asks for one subject of a new enrollment when neither is given, rather than calling both required', async () => {
      const res = await t.http.post('/v1/enrollments').set(owner).send({ programId: REBUILDING_TRUST_PROGRAM_ID });
      expect(expectProblem(res, 400, 'VALIDATION_FAILED').errors).toEqual([
        { field: 'coupleId', message: 'give exactly one of coupleId and clientId' },
        { field: 'clientId', message: 'give exactly one of coupleId and clientId' },
      ]);
    });

    it('answers each missing required property of every request body with one "is required"', async () => {
      const mismatches: string[] = [];
      for (const { method, path, schema } of BODY_OPERATIONS) {
        const required = resolve(schema).required ?? [];
        const res = await send(method, concrete(path), {});
        for (const name of required) {
          const about = errorsOf(res).filter((error) => error.field === name);
          if (JSON.stringify(about) !== JSON.stringify([{ field: name, message: 'is required' }])) {
            mismatches.push(`${method.toUpperCase()} ${path} ${name}: ${res.status} ${JSON.stringify(about)}`);
          }
        }
      }
      expect(mismatches).toEqual([]);
    });
  });
});
