import { randomUUID } from 'node:crypto';
import { Response } from 'supertest';
import { builtInExerciseId } from '../src/exercises/built-in/exercise-ids';
import { REBUILDING_TRUST_PROGRAM_ID } from '../src/programs/built-in/rebuilding-trust';
import { addApiKey, addStaff, bearer, createClient, createCouple, Org, PASSWORD, signupOrganization, Staff } from './support/factories';
import { conformanceErrors } from './support/response-contract';
import { startTestApp, TestApp } from './support/test-app';

type Headers = Record<string, string>;

/** A refusal a route gives: which operation, what status, and how to provoke it. */
interface Refusal {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  path: string;
  status: number;
  why: string;
  send: () => Promise<Response>;
}

const UNKNOWN = '00000000-0000-4000-8000-000000000000';
const HEAR = builtInExerciseId('hear-and-reflect-the-hurt');

let hour = 0;
// Past hours: a session is completed only once it has started.
const nextStart = () => new Date(Date.UTC(2024, 0, 1) + hour++ * 3_600_000).toISOString();

/**
 * Every status a route answers with is in the spec for that operation: each refusal below is
 * provoked for real and its status and body checked against the operation's documented responses.
 */
describe('documented statuses', () => {
  let t: TestApp;
  let org: Org;
  let owner: Headers;
  let facilitator: Staff;
  let client: { id: string };
  let couple: { id: string; a: string; b: string };

  beforeAll(async () => {
    t = await startTestApp({ LOGIN_MAX_FAILURES_PER_EMAIL: '2', LOGIN_MAX_FAILURES_PER_IP: '1000' });
    org = await signupOrganization(t);
    owner = bearer(org.owner.token);
    facilitator = await addStaff(t, org, 'facilitator');
    client = await createClient(t, owner);
    couple = await createCouple(t, owner);
  });
  afterAll(() => t.close());

  const session = (body: Record<string, unknown> = {}) =>
    t.http.post('/v1/sessions').set(owner).send({ kind: 'individual', clientId: client.id, startsAt: nextStart(), durationMinutes: 50, modality: 'video', ...body });

  /** A boundary proposed for the couple. */
  const boundary = async () =>
    (await t.http.post('/v1/boundaries').set(owner).send({ coupleId: couple.id, text: 'No raised voices.', proposedBy: { type: 'practitioner' } })).body as { id: string };

  /** A session of the client, completed with a signed note. */
  const completedSession = async () => {
    const id = (await session()).body.id as string;
    const done = await t.http
      .post(`/v1/sessions/${id}/complete`)
      .set(owner)
      .send({ attendance: [{ clientId: client.id, attended: true }], stepsAddressed: [], note: { format: 'free_text', text: 'Seen.' } });
    expect(done.status).toBe(200);
    return id;
  };

  const refusals: Refusal[] = [
    { method: 'post', path: '/v1/couples', status: 404, why: 'a partner that does not exist', send: () => t.http.post('/v1/couples').set(owner).send({ partnerIds: [client.id, UNKNOWN] }) },
    { method: 'post', path: '/v1/couples', status: 409, why: 'a pair that already forms an open couple', send: () => t.http.post('/v1/couples').set(owner).send({ partnerIds: [couple.b, couple.a] }) },
    {
      method: 'post',
      path: '/v1/couples/{id}/restore',
      status: 409,
      why: 'restoring a couple whose pair has formed another since',
      send: async () => {
        const [a, b] = [(await createClient(t, owner)).id, (await createClient(t, owner)).id];
        const first = (await t.http.post('/v1/couples').set(owner).send({ partnerIds: [a, b] })).body;
        await t.http.delete(`/v1/couples/${first.id}`).set(owner);
        await t.http.post('/v1/couples').set(owner).send({ partnerIds: [a, b] });
        return t.http.post(`/v1/couples/${first.id}/restore`).set(owner);
      },
    },
    { method: 'post', path: '/v1/enrollments', status: 404, why: 'a program that does not exist', send: () => t.http.post('/v1/enrollments').set(owner).send({ programId: UNKNOWN, clientId: client.id }) },
    { method: 'post', path: '/v1/enrollments', status: 404, why: 'a couple that does not exist', send: () => t.http.post('/v1/enrollments').set(owner).send({ programId: REBUILDING_TRUST_PROGRAM_ID, coupleId: UNKNOWN }) },
    { method: 'post', path: '/v1/sessions', status: 404, why: 'a client that does not exist', send: () => session({ clientId: UNKNOWN }) },
    { method: 'post', path: '/v1/sessions', status: 404, why: 'a group that does not exist', send: () => session({ kind: 'group', clientId: undefined, groupId: UNKNOWN }) },
    {
      method: 'post',
      path: '/v1/sessions',
      status: 409,
      why: 'a lead already booked then',
      send: async () => {
        const startsAt = nextStart();
        await session({ startsAt });
        return session({ startsAt });
      },
    },
    {
      method: 'post',
      path: '/v1/sessions',
      status: 422,
      why: 'an Idempotency-Key used with another body',
      send: async () => {
        const key = randomUUID();
        await t.http.post('/v1/sessions').set(owner).set('Idempotency-Key', key).send({ kind: 'individual', clientId: client.id, startsAt: nextStart(), durationMinutes: 50, modality: 'video' });
        return t.http.post('/v1/sessions').set(owner).set('Idempotency-Key', key).send({ kind: 'individual', clientId: client.id, startsAt: nextStart(), durationMinutes: 50, modality: 'video' });
      },
    },
    { method: 'post', path: '/v1/assignments', status: 404, why: 'an exercise that does not exist', send: () => t.http.post('/v1/assignments').set(owner).send({ exerciseId: UNKNOWN, clientId: client.id }) },
    { method: 'post', path: '/v1/assignments', status: 404, why: 'a client that does not exist', send: () => t.http.post('/v1/assignments').set(owner).send({ exerciseId: HEAR, clientId: UNKNOWN }) },
    { method: 'post', path: '/v1/assignments', status: 403, why: 'a facilitator assigning to a client', send: () => t.http.post('/v1/assignments').set(bearer(facilitator.token)).send({ exerciseId: HEAR, clientId: client.id }) },
    {
      method: 'post',
      path: '/v1/assignments',
      status: 409,
      why: 'a group without members',
      send: async () => {
        const group = (await t.http.post('/v1/groups').set(owner).send({ name: 'Empty circle' })).body;
        return t.http.post('/v1/assignments').set(owner).send({ exerciseId: HEAR, groupId: group.id });
      },
    },
    {
      method: 'patch',
      path: '/v1/clients/{id}',
      status: 412,
      why: 'a stale If-Match',
      send: async () => {
        const created = await createClient(t, owner);
        await t.http.patch(`/v1/clients/${created.id}`).set(owner).send({ preferredName: 'Sam' });
        return t.http.patch(`/v1/clients/${created.id}`).set(owner).set('If-Match', '"1"').send({ preferredName: 'Kim' });
      },
    },
    { method: 'patch', path: '/v1/staff/{id}', status: 409, why: 'demoting the last owner', send: () => t.http.patch(`/v1/staff/${org.owner.id}`).set(owner).send({ role: 'admin' }) },
    {
      method: 'post',
      path: '/v1/staff',
      status: 409,
      why: 'an email another staff user has',
      send: () => t.http.post('/v1/staff').set(owner).send({ email: org.owner.email, displayName: 'Twin', role: 'admin', password: PASSWORD }),
    },
    {
      method: 'put',
      path: '/v1/groups/{id}/members/{clientId}',
      status: 409,
      why: 'a full group',
      send: async () => {
        const group = (await t.http.post('/v1/groups').set(owner).send({ name: 'Small circle', capacity: 1 })).body;
        await t.http.put(`/v1/groups/${group.id}/members/${couple.a}`).set(owner);
        return t.http.put(`/v1/groups/${group.id}/members/${couple.b}`).set(owner);
      },
    },
    {
      method: 'post',
      path: '/v1/sessions/{id}/complete',
      status: 403,
      why: 'an API key writing a clinical note',
      send: async () => {
        const key = (await addApiKey(t, org, 'integration')).key;
        const id = (await session()).body.id as string;
        return t.http
          .post(`/v1/sessions/${id}/complete`)
          .set({ 'X-API-Key': key })
          .send({ attendance: [{ clientId: client.id, attended: true }], stepsAddressed: [], note: { format: 'free_text', text: 'Seen.' } });
      },
    },
    { method: 'delete', path: '/v1/exercises/{id}', status: 409, why: 'archiving a built-in exercise', send: () => t.http.delete(`/v1/exercises/${HEAR}`).set(owner) },
    {
      method: 'post',
      path: '/v1/auth/login',
      status: 429,
      why: 'too many failed logins for an email',
      send: async () => {
        for (let i = 0; i < 3; i++) await t.http.post('/v1/auth/login').send({ email: 'nobody@example.org', password: 'wrong password' });
        return t.http.post('/v1/auth/login').send({ email: 'nobody@example.org', password: 'wrong password' });
      },
    },
    { method: 'post', path: '/v1/auth/refresh', status: 401, why: 'an unknown refresh token', send: () => t.http.post('/v1/auth/refresh').send({ refreshToken: 'not-a-token' }) },
    { method: 'post', path: '/v1/auth/login', status: 401, why: 'a wrong password', send: () => t.http.post('/v1/auth/login').send({ email: facilitator.email, password: 'not the password' }) },
    {
      method: 'post',
      path: '/v1/auth/logout',
      status: 403,
      why: 'an API key logging out',
      send: async () => t.http.post('/v1/auth/logout').set({ 'X-API-Key': (await addApiKey(t, org, 'integration')).key }),
    },
    { method: 'get', path: '/v1/me', status: 401, why: 'no credential', send: () => t.http.get('/v1/me') },
    {
      method: 'post',
      path: '/v1/clients',
      status: 409,
      why: 'an externalId another client has',
      send: async () => {
        const externalId = `EHR-${randomUUID()}`;
        await createClient(t, owner, { externalId });
        return t.http.post('/v1/clients').set(owner).send({ firstName: 'Twin', lastName: 'Client', externalId });
      },
    },
    { method: 'put', path: '/v1/clients/{id}/care-team/{userId}', status: 404, why: 'a staff user that does not exist', send: () => t.http.put(`/v1/clients/${client.id}/care-team/${UNKNOWN}`).set(owner) },
    { method: 'post', path: '/v1/clients/{id}/safety-screenings', status: 404, why: 'a client that does not exist', send: () => t.http.post(`/v1/clients/${UNKNOWN}/safety-screenings`).set(owner).send({ result: 'clear' }) },
    { method: 'delete', path: '/v1/api-keys/{id}', status: 404, why: 'a key that does not exist', send: () => t.http.delete(`/v1/api-keys/${UNKNOWN}`).set(owner) },
    { method: 'post', path: '/v1/programs', status: 409, why: 'the built-in program’s key', send: () => t.http.post('/v1/programs').set(owner).send({ key: 'rebuilding-trust', title: 'Mine', steps: [{ key: 'one', title: 'One', practices: [{ key: 'p', title: 'P' }] }] }) },
    { method: 'post', path: '/v1/exercises', status: 409, why: 'a built-in exercise’s key', send: () => t.http.post('/v1/exercises').set(owner).send({ key: 'hear-and-reflect-the-hurt', stepKey: 'acknowledge-the-hurt', title: 'T', instructions: 'I' }) },
    {
      method: 'patch',
      path: '/v1/groups/{id}',
      status: 409,
      why: 'a capacity below the current members',
      send: async () => {
        const group = (await t.http.post('/v1/groups').set(owner).send({ name: 'Busy circle' })).body;
        for (const member of [couple.a, couple.b]) await t.http.put(`/v1/groups/${group.id}/members/${member}`).set(owner);
        return t.http.patch(`/v1/groups/${group.id}`).set(owner).send({ capacity: 1 });
      },
    },
    {
      method: 'patch',
      path: '/v1/enrollments/{id}',
      status: 409,
      why: 'completing an enrollment whose steps are not',
      send: async () => {
        const enrollment = (await t.http.post('/v1/enrollments').set(owner).send({ programId: REBUILDING_TRUST_PROGRAM_ID, clientId: (await createClient(t, owner)).id })).body;
        return t.http.patch(`/v1/enrollments/${enrollment.id}`).set(owner).send({ status: 'completed' });
      },
    },
    {
      method: 'patch',
      path: '/v1/enrollments/{id}/steps/{stepKey}',
      status: 404,
      why: 'a step the program does not have',
      send: async () => {
        const enrollment = (await t.http.post('/v1/enrollments').set(owner).send({ programId: REBUILDING_TRUST_PROGRAM_ID, clientId: (await createClient(t, owner)).id })).body;
        return t.http.patch(`/v1/enrollments/${enrollment.id}/steps/no-such-step`).set(owner).send({ status: 'in_progress' });
      },
    },
    {
      method: 'patch',
      path: '/v1/enrollments/{id}/steps/{stepKey}',
      status: 409,
      why: 'completing a step not started',
      send: async () => {
        const enrollment = (await t.http.post('/v1/enrollments').set(owner).send({ programId: REBUILDING_TRUST_PROGRAM_ID, clientId: (await createClient(t, owner)).id })).body;
        return t.http.patch(`/v1/enrollments/${enrollment.id}/steps/acknowledge-the-hurt`).set(owner).send({ status: 'completed' });
      },
    },
    {
      method: 'put',
      path: '/v1/enrollments/{id}/steps/{stepKey}/practices/{practiceKey}',
      status: 404,
      why: 'a practice the step does not have',
      send: async () => {
        const enrollment = (await t.http.post('/v1/enrollments').set(owner).send({ programId: REBUILDING_TRUST_PROGRAM_ID, clientId: (await createClient(t, owner)).id })).body;
        return t.http.put(`/v1/enrollments/${enrollment.id}/steps/acknowledge-the-hurt/practices/be-transparent`).set(owner).send({ done: true });
      },
    },
    {
      method: 'patch',
      path: '/v1/sessions/{id}',
      status: 409,
      why: 'changing a completed session',
      send: async () => t.http.patch(`/v1/sessions/${await completedSession()}`).set(owner).send({ location: 'Room 9' }),
    },
    { method: 'delete', path: '/v1/sessions/{id}', status: 409, why: 'archiving a completed session', send: async () => t.http.delete(`/v1/sessions/${await completedSession()}`).set(owner) },
    {
      method: 'post',
      path: '/v1/sessions/{id}/addenda',
      status: 409,
      why: 'an addendum to a session not completed',
      send: async () => t.http.post(`/v1/sessions/${(await session()).body.id}/addenda`).set(owner).send({ text: 'Later thought.' }),
    },
    {
      method: 'patch',
      path: '/v1/assignments/{id}',
      status: 409,
      why: 'changing a skipped assignment',
      send: async () => {
        const id = (await t.http.post('/v1/assignments').set(owner).send({ exerciseId: HEAR, clientId: client.id })).body.assignments[0].id as string;
        await t.http.patch(`/v1/assignments/${id}`).set(owner).send({ status: 'skipped' });
        return t.http.patch(`/v1/assignments/${id}`).set(owner).send({ status: 'completed' });
      },
    },
    {
      method: 'post',
      path: '/v1/boundaries',
      status: 404,
      why: 'a proposer who is not a partner of the couple',
      send: () => t.http.post('/v1/boundaries').set(owner).send({ coupleId: couple.id, text: 'No raised voices.', proposedBy: { type: 'partner', id: client.id } }),
    },
    {
      method: 'post',
      path: '/v1/boundaries',
      status: 409,
      why: 'a boundary for an archived couple',
      send: async () => {
        const archived = await createCouple(t, owner);
        await t.http.delete(`/v1/couples/${archived.id}`).set(owner);
        return t.http.post('/v1/boundaries').set(owner).send({ coupleId: archived.id, text: 'No raised voices.', proposedBy: { type: 'practitioner' } });
      },
    },
    {
      method: 'put',
      path: '/v1/boundaries/{id}/agreements/{partnerId}',
      status: 404,
      why: 'an agreement of a client who is not a partner',
      send: async () => t.http.put(`/v1/boundaries/${(await boundary()).id}/agreements/${client.id}`).set(owner),
    },
    {
      method: 'put',
      path: '/v1/boundaries/{id}/agreements/{partnerId}',
      status: 409,
      why: 'an agreement to a retired boundary',
      send: async () => {
        const id = (await boundary()).id;
        await t.http.patch(`/v1/boundaries/${id}`).set(owner).send({ status: 'retired' });
        return t.http.put(`/v1/boundaries/${id}/agreements/${couple.a}`).set(owner);
      },
    },
    {
      method: 'delete',
      path: '/v1/boundaries/{id}/agreements/{partnerId}',
      status: 409,
      why: 'withdrawing from a retired boundary',
      send: async () => {
        const id = (await boundary()).id;
        await t.http.patch(`/v1/boundaries/${id}`).set(owner).send({ status: 'retired' });
        return t.http.delete(`/v1/boundaries/${id}/agreements/${couple.a}`).set(owner);
      },
    },
    {
      method: 'patch',
      path: '/v1/boundaries/{id}',
      status: 409,
      why: 'retiring a retired boundary',
      send: async () => {
        const id = (await boundary()).id;
        await t.http.patch(`/v1/boundaries/${id}`).set(owner).send({ status: 'retired' });
        return t.http.patch(`/v1/boundaries/${id}`).set(owner).send({ status: 'retired' });
      },
    },
    {
      method: 'patch',
      path: '/v1/boundaries/{id}',
      status: 412,
      why: 'a stale If-Match',
      send: async () => t.http.patch(`/v1/boundaries/${(await boundary()).id}`).set(owner).set('If-Match', '"9"').send({ text: 'No raised voices, ever.' }),
    },
    {
      method: 'post',
      path: '/v1/boundaries/{id}/breaches',
      status: 409,
      why: 'a breach of a boundary only proposed',
      send: async () =>
        t.http
          .post(`/v1/boundaries/${(await boundary()).id}/breaches`)
          .set(owner)
          .send({ breachedBy: couple.a, reportedBy: { type: 'practitioner' }, occurredAt: '2024-05-01T10:00:00Z', severity: 'minor' }),
    },
    {
      method: 'post',
      path: '/v1/boundaries/{id}/breaches',
      status: 404,
      why: 'a breach by a client who is not a partner',
      send: async () =>
        t.http
          .post(`/v1/boundaries/${(await boundary()).id}/breaches`)
          .set(owner)
          .send({ breachedBy: client.id, reportedBy: { type: 'practitioner' }, occurredAt: '2024-05-01T10:00:00Z', severity: 'minor' }),
    },
  ];

  it.each(refusals.map((refusal) => [`${refusal.method.toUpperCase()} ${refusal.path} → ${refusal.status} for ${refusal.why}`, refusal] as const))(
    '%s is documented',
    async (_name, refusal) => {
      const res = await refusal.send();
      expect([res.status, res.text]).toEqual([refusal.status, expect.any(String)]);
      expect(conformanceErrors(res, refusal.method, refusal.path)).toEqual([]);
    },
  );
});
