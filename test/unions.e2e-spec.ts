import { randomUUID } from 'node:crypto';
import { builtInExerciseId } from '../src/exercises/built-in/exercise-ids';
import { REBUILDING_TRUST_PROGRAM_ID } from '../src/programs/built-in/rebuilding-trust';
import { addApiKey, addStaff, bearer, createClient, createCouple, Org, signupOrganization } from './support/factories';
import { operationOf, spec } from './support/openapi-schema';
import { conformanceErrors } from './support/response-contract';
import { expectProblem } from './support/problem';
import { startTestApp, TestApp } from './support/test-app';

type Headers = Record<string, string>;
type Schema = {
  $ref?: string;
  oneOf?: Schema[];
  discriminator?: { propertyName: string; mapping: Record<string, string> };
  properties?: Record<string, Schema & { enum?: unknown[]; nullable?: boolean }>;
  required?: string[];
  additionalProperties?: unknown;
};

const HEAR = builtInExerciseId('hear-and-reflect-the-hurt');

let hour = 0;
/** A start an hour after the last one, so no two sessions of these tests overlap. */
// Past hours: a session is completed only once it has started.
const nextStart = () => new Date(Date.UTC(2024, 0, 1) + hour++ * 3_600_000).toISOString();

function component(ref: string): Schema {
  const schema = (spec.components.schemas as Record<string, Schema>)[ref.replace('#/components/schemas/', '')];
  if (!schema) throw new Error(`${ref} is not a component of the spec`);
  return schema;
}

function requestSchema(method: string, path: string): Schema {
  const body = (operationOf(method, path) as { requestBody?: { content: Record<string, { schema: Schema }> } }).requestBody;
  return body!.content['application/json'].schema;
}

/** The fields a 400 names, each once, sorted. */
const fieldsOf = (body: Record<string, unknown>) => [...new Set((body.errors as { field: string }[]).map((e) => e.field))].sort();

describe('unions: each variant validated by its own shape, as the spec describes it', () => {
  let t: TestApp;
  let org: Org;
  let owner: Headers;
  let client: { id: string };
  let couple: { id: string; a: string; b: string };
  let group: { id: string };

  beforeAll(async () => {
    t = await startTestApp();
    org = await signupOrganization(t);
    owner = bearer(org.owner.token);
    client = await createClient(t, owner);
    couple = await createCouple(t, owner);
    for (const partner of [couple.a, couple.b]) {
      expect((await t.http.post(`/v1/clients/${partner}/safety-screenings`).set(owner).send({ result: 'clear' })).status).toBe(201);
    }
    group = (await t.http.post('/v1/groups').set(owner).send({ name: 'Thursday circle' })).body;
    const member = await createClient(t, owner);
    expect((await t.http.put(`/v1/groups/${group.id}/members/${member.id}`).set(owner)).status).toBe(200);
  });
  afterAll(() => t.close());

  const count = async (table: string) => (await t.dataSource.query(`SELECT count(*)::int AS n FROM ${table}`))[0].n as number;

  describe('a new session, by kind', () => {
    const post = (body: Record<string, unknown>) =>
      t.http.post('/v1/sessions').set(owner).send({ startsAt: nextStart(), durationMinutes: 50, modality: 'video', ...body });

    it('accepts each kind with its own subject', async () => {
      for (const body of [{ kind: 'individual', clientId: client.id }, { kind: 'couple', coupleId: couple.id }, { kind: 'group', groupId: group.id }]) {
        const res = await post(body);
        expect([res.status, res.text]).toEqual([201, expect.any(String)]);
        expect(res.body).toMatchObject(body);
        expect(conformanceErrors(res, 'post', '/v1/sessions')).toEqual([]);
      }
    });

    it('refuses a body mixing two kinds, naming the fields, and creates nothing', async () => {
      const before = await count('therapy_sessions');
      const mixed = [
        [{ kind: 'individual', clientId: client.id, coupleId: couple.id }, ['coupleId']],
        [{ kind: 'couple', clientId: client.id }, ['clientId', 'coupleId']],
        [{ kind: 'group', groupId: group.id, safetyOverride: { reason: 'Reviewed with the team.' } }, ['safetyOverride']],
        [{ kind: 'household', clientId: client.id }, ['kind']],
        [{ clientId: client.id }, ['kind']],
      ] as const;
      for (const [body, fields] of mixed) {
        expect([body, fieldsOf(expectProblem(await post(body), 400, 'VALIDATION_FAILED'))]).toEqual([body, fields]);
      }
      expect(fieldsOf(expectProblem(await t.http.post('/v1/sessions').set(owner).send([{ kind: 'group' }]), 400, 'VALIDATION_FAILED'))).toEqual(['body']);
      expect(await count('therapy_sessions')).toBe(before);
    });
  });

  describe('the clinical note, by format', () => {
    const schedule = async () => {
      const res = await t.http
        .post('/v1/sessions')
        .set(owner)
        .send({ kind: 'individual', clientId: client.id, startsAt: nextStart(), durationMinutes: 50, modality: 'video' });
      expect(res.status).toBe(201);
      return res.body.id as string;
    };
    const complete = (id: string, note: unknown) =>
      t.http
        .post(`/v1/sessions/${id}/complete`)
        .set(owner)
        .send({ attendance: [{ clientId: client.id, attended: true }], stepsAddressed: ['acknowledge-the-hurt'], note });

    it('accepts each format with exactly its fields, and reads the note back in the same shape', async () => {
      const notes = [
        { format: 'free_text', text: 'Both attended; agreed on weekly check-ins.' },
        { format: 'soap', subjective: 'Feels unheard.', objective: 'Calm, engaged.', assessment: 'Progressing.', plan: 'Continue step 2.' },
        { format: 'dap', data: 'Discussed the disclosure.', assessment: 'Some repair.', plan: 'Practice listening.' },
      ];
      for (const note of notes) {
        const res = await complete(await schedule(), note);
        expect(res.status).toBe(200);
        expect(res.body.note).toEqual(note);
        expect(conformanceErrors(res, 'post', '/v1/sessions/{id}/complete')).toEqual([]);
      }
    });

    it('refuses a note mixing two formats or missing a field of its own, naming the fields, and completes nothing', async () => {
      const id = await schedule();
      const refused = [
        [{ format: 'soap', subjective: 's', objective: 'o', assessment: 'a', plan: 'p', text: 't' }, ['note.text']],
        [{ format: 'dap', data: 'd', assessment: 'a', subjective: 's' }, ['note.plan', 'note.subjective']],
        [{ format: 'free_text', text: '' }, ['note.text']],
        [{ format: 'memo', text: 't', plan: 'p' }, ['note.format']],
        [{ text: 't' }, ['note.format']],
        ['a note', ['note']],
      ] as const;
      for (const [note, fields] of refused) {
        expect([note, fieldsOf(expectProblem(await complete(id, note), 400, 'VALIDATION_FAILED'))]).toEqual([note, fields]);
      }
      expect((await t.http.get(`/v1/sessions/${id}`).set(owner)).body).toMatchObject({ status: 'scheduled', note: null });
    });
  });

  describe('a new enrollment, of a couple or a client', () => {
    const program = async () => {
      // A fresh program version per enrollment, so no subject is enrolled twice in one.
      const key = `union-${randomUUID().slice(0, 8)}`;
      const res = await t.http
        .post('/v1/programs')
        .set(owner)
        .send({ key, title: 'Union', steps: [{ key: 'step-1', title: 'Step 1', practices: [{ key: 'practice-1', title: 'Practice 1' }] }] });
      expect(res.status).toBe(201);
      return res.body.id as string;
    };

    it('accepts a couple or a client, the other left out or null', async () => {
      for (const body of [{ coupleId: couple.id }, { clientId: client.id }, { coupleId: couple.id, clientId: null }, { clientId: client.id, coupleId: null }]) {
        const res = await t.http.post('/v1/enrollments').set(owner).send({ programId: await program(), ...body });
        expect([body, res.status]).toEqual([body, 201]);
        expect(conformanceErrors(res, 'post', '/v1/enrollments')).toEqual([]);
      }
    });

    it('refuses both or neither, naming both fields, and enrolls nothing', async () => {
      const before = await count('enrollments');
      for (const body of [{ coupleId: couple.id, clientId: client.id }, {}, { coupleId: null, clientId: null }]) {
        const res = await t.http.post('/v1/enrollments').set(owner).send({ programId: REBUILDING_TRUST_PROGRAM_ID, ...body });
        expect([body, fieldsOf(expectProblem(res, 400, 'VALIDATION_FAILED'))]).toEqual([body, ['clientId', 'coupleId']]);
      }
      expect(await count('enrollments')).toBe(before);
    });
  });

  describe('a new assignment, to a client, a couple or a group', () => {
    it('accepts each target, the others left out or null', async () => {
      for (const body of [{ clientId: client.id }, { coupleId: couple.id, clientId: null }, { groupId: group.id, clientId: null, coupleId: null }]) {
        const res = await t.http.post('/v1/assignments').set(owner).send({ exerciseId: HEAR, ...body });
        expect([body, res.status]).toEqual([body, 201]);
        expect(conformanceErrors(res, 'post', '/v1/assignments')).toEqual([]);
      }
    });

    it('refuses two targets, naming them, and assigns nothing', async () => {
      const before = await count('assignments');
      const refused = [
        [{ clientId: client.id, groupId: group.id }, ['clientId', 'groupId']],
        [{ clientId: client.id, coupleId: couple.id, groupId: group.id }, ['clientId', 'coupleId', 'groupId']],
        [{}, ['clientId', 'coupleId', 'groupId']],
      ] as const;
      for (const [body, fields] of refused) {
        const res = await t.http.post('/v1/assignments').set(owner).send({ exerciseId: HEAR, ...body });
        expect([body, fieldsOf(expectProblem(res, 400, 'VALIDATION_FAILED'))]).toEqual([body, fields]);
      }
      expect(await count('assignments')).toBe(before);
    });
  });

  describe('who the credential is, by kind', () => {
    it('answers a staff user with `user` and an API key with `apiKey`, each as the spec describes', async () => {
      const staff = await addStaff(t, org, 'practitioner');
      const user = await t.http.get('/v1/me').set(bearer(staff.token));
      expect(user.body).toMatchObject({ kind: 'user', role: 'practitioner', user: { id: staff.id } });
      expect(user.body).not.toHaveProperty('apiKey');
      const key = await addApiKey(t, org, 'readonly');
      const apiKey = await t.http.get('/v1/me').set({ 'X-API-Key': key.key });
      expect(apiKey.body).toMatchObject({ kind: 'apiKey', role: 'readonly', apiKey: { id: key.id } });
      expect(apiKey.body).not.toHaveProperty('user');
      expect([...conformanceErrors(user, 'get', '/v1/me'), ...conformanceErrors(apiKey, 'get', '/v1/me')]).toEqual([]);
    });
  });
});

describe('unions in the spec', () => {
  /** Each discriminated union: where it is, and the property that names its variants. */
  const discriminated: [string, Schema, string][] = [
    ['createSession', requestSchema('post', '/v1/sessions'), 'kind'],
    ['completeSession note', component(requestSchema('post', '/v1/sessions/{id}/complete').$ref!).properties!.note, 'format'],
    ['SessionDto note', component('#/components/schemas/SessionDto').properties!.note, 'format'],
    ['getMe', (operationOf('get', '/v1/me').responses['200'].content!['application/json'].schema as Schema), 'kind'],
  ];

  it.each(discriminated)('%s is oneOf its variants, with a discriminator mapping each value to a variant that requires it', (_name, schema, property) => {
    expect(schema.discriminator?.propertyName).toBe(property);
    const mapping = schema.discriminator!.mapping;
    expect(Object.values(mapping).sort()).toEqual(schema.oneOf!.map((variant) => variant.$ref).sort());
    for (const [value, ref] of Object.entries(mapping)) {
      const variant = component(ref);
      expect(variant.required).toContain(property);
      expect(variant.properties![property].enum).toEqual([value]);
    }
  });

  it('closes the variants of request bodies', () => {
    const requests = [requestSchema('post', '/v1/sessions'), discriminated[1][1], requestSchema('post', '/v1/enrollments'), requestSchema('post', '/v1/assignments')];
    for (const variant of requests.flatMap((schema) => schema.oneOf!)) expect([variant.$ref, component(variant.$ref!).additionalProperties]).toEqual([variant.$ref, false]);
  });

  it.each([
    ['createEnrollment', requestSchema('post', '/v1/enrollments'), ['coupleId', 'clientId']],
    ['createAssignments', requestSchema('post', '/v1/assignments'), ['clientId', 'coupleId', 'groupId']],
  ] as const)('%s is oneOf variants that each require one id and allow the others only as null', (_name, schema, ids) => {
    expect(schema.oneOf).toHaveLength(ids.length);
    const given = schema.oneOf!.map((ref) => {
      const variant = component(ref.$ref!);
      const own = ids.filter((id) => variant.required!.includes(id));
      expect(own).toHaveLength(1);
      for (const other of ids.filter((id) => id !== own[0])) {
        expect(variant.properties![other]).toMatchObject({ enum: [null], nullable: true });
        expect(variant.required).not.toContain(other);
      }
      return own[0];
    });
    expect([...given].sort()).toEqual([...ids].sort());
  });
});
