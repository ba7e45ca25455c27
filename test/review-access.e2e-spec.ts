import { randomUUID } from 'node:crypto';
import { builtInExerciseId } from '../src/exercises/built-in/exercise-ids';
import { addApiKey, addStaff, bearer, createClient, Org, signupOrganization, Staff } from './support/factories';
import { expectProblem } from './support/problem';
import { startTestApp, TestApp } from './support/test-app';

type Headers = Record<string, string>;

const APOLOGY = builtInExerciseId('write-a-specific-apology');

describe('access review', () => {
  let t: TestApp;
  let org: Org;
  let owner: Headers;
  let practitioner: Staff;
  let facilitator: Staff;

  // A client named in both the name and the email, so that a leaked answer would show the name.
  const named = (firstName: string) => ({ firstName, email: `${firstName}@example.org` });

  beforeAll(async () => {
    t = await startTestApp();
    org = await signupOrganization(t);
    owner = bearer(org.owner.token);
    practitioner = await addStaff(t, org, 'practitioner');
    facilitator = await addStaff(t, org, 'facilitator');
  });
  afterAll(() => t.close());

  describe('Idempotency-Key replay', () => {
    it('never replays one credential’s stored answer to another credential of the organization', async () => {
      const a = (await createClient(t, owner, named('Alma'))).id;
      const b = (await createClient(t, owner, named('Bodhi'))).id;
      const key = randomUUID();
      const body = { partnerIds: [a, b], presentingConcern: 'Disclosure of a two-year affair.' };
      const first = await t.http.post('/v1/couples').set(owner).set('Idempotency-Key', key).send(body);
      expect(first.status).toBe(201);

      // A practitioner without the couple or its partners in their caseload sends the same key and body.
      const replayed = await t.http.post('/v1/couples').set(bearer(practitioner.token)).set('Idempotency-Key', key).send(body);
      expectProblem(replayed, 422, 'IDEMPOTENCY_KEY_REUSED');
      expect(replayed.headers['idempotency-replayed']).toBeUndefined();
      expect(replayed.text).not.toContain('Alma');
      expect(replayed.text).not.toContain('affair');
      expect(replayed.text).not.toContain(first.body.id);
    });

    it('does not replay an owner’s individual assignment to a facilitator, nor an API key’s answer to another key', async () => {
      const client = (await createClient(t, owner, named('Cyra'))).id;
      const key = randomUUID();
      const body = { exerciseId: APOLOGY, clientId: client };
      const first = await t.http.post('/v1/assignments').set(owner).set('Idempotency-Key', key).send(body);
      expect(first.status).toBe(201);
      const replayed = await t.http.post('/v1/assignments').set(bearer(facilitator.token)).set('Idempotency-Key', key).send(body);
      expect(replayed.status).not.toBe(201);
      expect(replayed.text).not.toContain('Cyra');

      const integration = { 'X-API-Key': (await addApiKey(t, org, 'integration')).key };
      const other = { 'X-API-Key': (await addApiKey(t, org, 'integration')).key };
      const clientKey = randomUUID();
      const created = await t.http.post('/v1/clients').set(integration).set('Idempotency-Key', clientKey).send({ firstName: 'Dara', lastName: 'Quill' });
      expect(created.status).toBe(201);
      const again = await t.http.post('/v1/clients').set(other).set('Idempotency-Key', clientKey).send({ firstName: 'Dara', lastName: 'Quill' });
      expectProblem(again, 422, 'IDEMPOTENCY_KEY_REUSED');
    });

    it('still replays to the same credential, also from a new login of the same staff user', async () => {
      const key = randomUUID();
      const body = { firstName: 'Eli', lastName: 'Retry' };
      const first = await t.http.post('/v1/clients').set(bearer(practitioner.token)).set('Idempotency-Key', key).send(body);
      expect(first.status).toBe(201);
      const login = await t.http.post('/v1/auth/login').send({ email: practitioner.email, password: 'correct horse battery staple' });
      const retry = await t.http.post('/v1/clients').set(bearer(login.body.accessToken)).set('Idempotency-Key', key).send(body);
      expect(retry.status).toBe(201);
      expect(retry.headers['idempotency-replayed']).toBe('true');
      expect(retry.body).toEqual(first.body);
    });
  });

  describe('a practitioner who becomes a facilitator', () => {
    it('leaves every care team, so no caseload outlives the role that held it', async () => {
      const former = await addStaff(t, org, 'practitioner');
      const as = bearer(former.token);
      const client = (await createClient(t, as, named('Fenna'))).id;
      const a = (await createClient(t, as, named('Gale'))).id;
      const b = (await createClient(t, as, named('Hollis'))).id;
      const couple = (await t.http.post('/v1/couples').set(as).send({ partnerIds: [a, b] })).body.id as string;
      const before = (await t.http.get(`/v1/clients/${client}`).set(owner)).body.version as number;

      const changed = await t.http.patch(`/v1/staff/${former.id}`).set(owner).send({ role: 'facilitator' });
      expect(changed.status).toBe(200);

      // Care teams hold staff who can hold a caseload: the former practitioner is on none of them...
      const clientNow = await t.http.get(`/v1/clients/${client}`).set(owner);
      expect(clientNow.body.careTeam).toEqual([]);
      expect(clientNow.body.version).toBeGreaterThan(before);
      expect((await t.http.get(`/v1/couples/${couple}`).set(owner)).body.careTeam).toEqual([]);

      // ...so, now a facilitator, they cannot schedule work for those clients through another lead.
      const session = await t.http.post('/v1/sessions').set(as).send({
        kind: 'individual',
        clientId: client,
        leadUserId: org.owner.id,
        startsAt: '2032-02-02T10:00:00Z',
        durationMinutes: 50,
        modality: 'video',
      });
      expectProblem(session, 404, 'NOT_FOUND');
      const joint = await t.http.post('/v1/sessions').set(as).send({
        kind: 'couple',
        coupleId: couple,
        leadUserId: org.owner.id,
        startsAt: '2032-02-03T10:00:00Z',
        durationMinutes: 50,
        modality: 'video',
      });
      expectProblem(joint, 404, 'NOT_FOUND');
    });
  });
});
