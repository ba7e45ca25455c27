import { randomUUID } from 'node:crypto';
import { Response, Test } from 'supertest';
import { CSI_4_INSTRUMENT_ID } from '../src/instruments/built-in/csi-4';
import { REBUILDING_TRUST_PROGRAM_ID } from '../src/programs/built-in/rebuilding-trust';
import { bearer, createClient, createCouple, Org, programBody, signupOrganization } from './support/factories';
import { spec } from './support/openapi-schema';
import { invitePortalClient } from './support/portal';
import { expectProblem } from './support/problem';
import { startTestApp, TestApp } from './support/test-app';

type Headers = Record<string, string>;
type SpecResponse = { headers?: Record<string, unknown> };

const allowOf = (res: Response) => (res.headers.allow as string | undefined)?.split(',').map((method) => method.trim());

/** A 405 problem whose `Allow` lists exactly `methods`. */
function expectMethodNotAllowed(res: Response, methods: string[]): void {
  expectProblem(res, 405, 'METHOD_NOT_ALLOWED');
  expect(allowOf(res)).toEqual(methods);
}

describe('HTTP conventions', () => {
  let t: TestApp;
  let org: Org;
  let owner: Headers;

  beforeAll(async () => {
    t = await startTestApp();
    org = await signupOrganization(t);
    owner = bearer(org.owner.token);
  });
  afterAll(() => t.close());

  /** supertest sends QUERY with its `query()`, which its types give to the query string. */
  const query = (path: string) => (t.http as unknown as { query(url: string): Test }).query(path);

  describe('a method the path does not have', () => {
    it('answers TRACE, QUERY and a PUT where only PATCH exists with 405 and the path’s methods in Allow', async () => {
      const client = await createClient(t, owner);
      expectMethodNotAllowed(await t.http.trace('/v1/clients').set(owner), ['GET', 'HEAD', 'POST']);
      expectMethodNotAllowed(await query(`/v1/clients/${client.id}`).set(owner), ['DELETE', 'GET', 'HEAD', 'PATCH']);
      expectMethodNotAllowed(await t.http.put(`/v1/clients/${client.id}`).set(owner).send({ firstName: 'Nadia' }), ['DELETE', 'GET', 'HEAD', 'PATCH']);
      const unchanged = await t.http.get(`/v1/clients/${client.id}`).set(owner);
      expect([unchanged.body.firstName, unchanged.body.version]).toEqual([client.firstName, client.version]);
    });

    it('answers DELETE on a collection, PATCH on a POST-only route and POST on health with 405', async () => {
      expectMethodNotAllowed(await t.http.delete('/v1/clients').set(owner), ['GET', 'HEAD', 'POST']);
      expectMethodNotAllowed(await t.http.patch('/v1/auth/login').send({}), ['POST']);
      expectMethodNotAllowed(await t.http.post('/health/live'), ['GET', 'HEAD']);
      expectMethodNotAllowed(await t.http.put(`/v1/enrollments/${randomUUID()}/steps/acknowledge-the-hurt`).set(owner), ['PATCH']);
    });

    it('answers the same 405 without credentials: which methods a path has is no secret', async () => {
      const res = await t.http.put('/v1/clients').set('X-Request-Id', 'method-1');
      expectMethodNotAllowed(res, ['GET', 'HEAD', 'POST']);
      expect(res.body.requestId).toBe('method-1');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
    });

    it('answers HEAD on a POST-only route with 405 and no body', async () => {
      const res = await t.http.head('/v1/auth/signup');
      expect(res.status).toBe(405);
      expect(allowOf(res)).toEqual(['POST']);
      expect(res.text ?? '').toBe('');
    });

    it('keeps unknown paths 404, whatever the method', async () => {
      expectProblem(await t.http.trace('/v1/nowhere'), 404, 'ROUTE_NOT_FOUND');
      expectProblem(await t.http.get('/v1/clients/a/b/c').set(owner), 404, 'ROUTE_NOT_FOUND');
      expectProblem(await t.http.options('/v1/clients'), 405, 'METHOD_NOT_ALLOWED');
      const unknown = await t.http.options('/v1/nowhere');
      expectProblem(unknown, 404, 'ROUTE_NOT_FOUND');
      expect(unknown.headers.allow).toBeUndefined();
    });
  });

  describe('a method the path does not have, with CORS on', () => {
    let cors: TestApp;
    beforeAll(async () => {
      cors = await startTestApp({ CORS_ORIGINS: 'https://clinic.example.org' });
    });
    afterAll(() => cors.close());

    it('lists OPTIONS in Allow, since preflights are answered, and lets the browser read the 405', async () => {
      const res = await cors.http.put('/v1/clients').set('Origin', 'https://clinic.example.org');
      expectMethodNotAllowed(res, ['GET', 'HEAD', 'OPTIONS', 'POST']);
      expect(res.headers['access-control-allow-origin']).toBe('https://clinic.example.org');
      expect(res.headers['access-control-expose-headers']).toMatch(/\bAllow\b/);
      const preflight = await cors.http
        .options('/v1/clients')
        .set('Origin', 'https://clinic.example.org')
        .set('Access-Control-Request-Method', 'POST');
      expect(preflight.status).toBe(204);
      expectProblem(await cors.http.trace('/v1/nowhere'), 404, 'ROUTE_NOT_FOUND');
    });
  });

  describe('Location on 201', () => {
    /** How to create one resource of each documented POST whose 201 carries Location. */
    const bodies: Record<string, () => Promise<Record<string, unknown>>> = {
      '/v1/boundaries': async () => ({ coupleId: (await createCouple(t, owner)).id, text: 'We keep our phones out of the bedroom.', proposedBy: { type: 'practitioner' } }),
      '/v1/clients': async () => ({ firstName: 'Ana', lastName: `L-${randomUUID().slice(0, 8)}` }),
      '/v1/commitments': async () => {
        const couple = await createCouple(t, owner);
        return { coupleId: couple.id, committerId: couple.a, to: 'partner', description: 'Call when late.', schedule: { kind: 'once', dueOn: '2031-03-02' } };
      },
      '/v1/couples': async () => {
        const [a, b] = [await createClient(t, owner), await createClient(t, owner)];
        return { partnerIds: [a.id, b.id] };
      },
      '/v1/enrollments': async () => ({ programId: REBUILDING_TRUST_PROGRAM_ID, coupleId: (await createCouple(t, owner)).id }),
      '/v1/exercises': async () => ({ key: `own-${randomUUID().slice(0, 8)}`, stepKey: 'apologize-sincerely', title: 'Our own', instructions: 'Do it.' }),
      '/v1/groups': async () => ({ name: `Group ${randomUUID().slice(0, 6)}` }),
      '/v1/instruments': async () => ({
        key: `own-${randomUUID().slice(0, 8)}`,
        title: 'One question',
        items: [{ id: 'close', text: 'How close do you feel?', min: 0, max: 4 }],
        scoring: { method: 'sum' },
        betterDirection: 'higher',
      }),
      '/v1/measurements': async () => {
        const couple = await createCouple(t, owner);
        return { instrumentId: CSI_4_INSTRUMENT_ID, coupleId: couple.id, clientId: couple.a, answers: [0, 1, 2, 3].map((index) => ({ index, value: 3 })) };
      },
      '/v1/portal/measurements': async () => ({ instrumentId: CSI_4_INSTRUMENT_ID, answers: [0, 1, 2, 3].map((index) => ({ index, value: 3 })) }),
      '/v1/programs': async () => programBody(),
      '/v1/sessions': async () => ({
        kind: 'individual',
        clientId: (await createClient(t, owner)).id,
        startsAt: new Date(Date.UTC(2033, 0, 3, 10)).toISOString(),
        durationMinutes: 50,
        modality: 'video',
      }),
      '/v1/staff': async () => ({ email: `p-${randomUUID()}@example.org`, displayName: 'Pat', role: 'practitioner', password: 'correct horse battery staple' }),
      '/v1/webhooks': async () => ({ url: 'https://93.184.216.34/hooks/trustpath', eventTypes: ['client.created'] }),
    };
    const withLocation = Object.entries(spec.paths).flatMap(([path, item]) =>
      (item.post?.responses['201'] as SpecResponse | undefined)?.headers?.Location ? [path] : [],
    );

    it('is documented on the creates this test knows how to make, and only there', () => {
      expect(withLocation.sort()).toEqual(Object.keys(bodies).sort());
    });

    it.each(Object.keys(bodies))('POST %s answers Location: <path>/<id>, and GET of it answers the record', async (path) => {
      // The portal's routes take a client's own portal token.
      const as = path.startsWith('/v1/portal/') ? bearer((await invitePortalClient(t, owner, (await createClient(t, owner)).id)).accessToken) : owner;
      const created = await t.http.post(path).set(as).send(await bodies[path]());
      expect([path, created.status]).toEqual([path, 201]);
      expect(created.headers.location).toBe(`${path}/${created.body.id}`);
      const got = await t.http.get(created.headers.location).set(as);
      expect([path, got.status, got.body.id]).toEqual([path, 200, created.body.id]);
    });

    it('is replayed with the answer to a retried Idempotency-Key', async () => {
      const key = randomUUID();
      const body = await bodies['/v1/groups']();
      const first = await t.http.post('/v1/groups').set(owner).set('Idempotency-Key', key).send(body);
      const again = await t.http.post('/v1/groups').set(owner).set('Idempotency-Key', key).send(body);
      expect(again.headers['idempotency-replayed']).toBe('true');
      expect(again.headers.location).toBe(first.headers.location);
      expect(first.headers.location).toBe(`/v1/groups/${first.body.id}`);
    });

    it('is not sent where the created record has no GET of its own', async () => {
      const client = await createClient(t, owner);
      const screening = await t.http.post(`/v1/clients/${client.id}/safety-screenings`).set(owner).send({ result: 'clear' });
      expect(screening.status).toBe(201);
      expect(screening.headers.location).toBeUndefined();
      const key = await t.http.post('/v1/api-keys').set(owner).send({ name: 'sync', role: 'readonly' });
      expect(key.status).toBe(201);
      expect(key.headers.location).toBeUndefined();
    });
  });

  describe('If-None-Match on GET by id', () => {
    it('answers 304 with no body and the ETag for the current tag, a list holding it, or *', async () => {
      const client = await createClient(t, owner);
      const path = `/v1/clients/${client.id}`;
      const etag = `"${client.version}"`;
      for (const header of [etag, `"999", ${etag}`, '*']) {
        const res = await t.http.get(path).set(owner).set('If-None-Match', header).set('X-Request-Id', 'cached-1');
        expect([header, res.status]).toEqual([header, 304]);
        expect(res.text ?? '').toBe('');
        expect(res.headers.etag).toBe(etag);
        expect(res.headers['x-request-id']).toBe('cached-1');
        expect(res.headers['content-type']).toBeUndefined();
      }
      const head = await t.http.head(path).set(owner).set('If-None-Match', etag);
      expect(head.status).toBe(304);
    });

    it('compares weakly, as RFC 9110 says for If-None-Match: W/"<version>" is the same version', async () => {
      const client = await createClient(t, owner);
      const res = await t.http.get(`/v1/clients/${client.id}`).set(owner).set('If-None-Match', `W/"${client.version}"`);
      expect(res.status).toBe(304);
    });

    it('answers 200 with the body for another tag, a weak other tag, or a tag the record has moved on from', async () => {
      const client = await createClient(t, owner);
      const path = `/v1/clients/${client.id}`;
      for (const header of [`"${client.version + 1}"`, `W/"${client.version + 1}"`, '"abc"']) {
        const res = await t.http.get(path).set(owner).set('If-None-Match', header);
        expect([header, res.status, res.body.id]).toEqual([header, 200, client.id]);
      }
      const changed = await t.http.patch(path).set(owner).send({ preferredName: 'Nono' });
      const stale = await t.http.get(path).set(owner).set('If-None-Match', `"${client.version}"`);
      expect([stale.status, stale.headers.etag]).toEqual([200, changed.headers.etag]);
      expect(stale.body.preferredName).toBe('Nono');
    });

    it('refuses a malformed If-None-Match with a 400 naming the header', async () => {
      const client = await createClient(t, owner);
      const res = await t.http.get(`/v1/clients/${client.id}`).set(owner).set('If-None-Match', '3');
      const body = expectProblem(res, 400, 'VALIDATION_FAILED');
      expect(body.errors).toEqual([{ field: 'If-None-Match', message: expect.any(String) }]);
    });

    it('still answers 404 for a record out of reach, whatever the tag', async () => {
      const other = await signupOrganization(t, 'Other Practice');
      const client = await createClient(t, bearer(other.owner.token));
      expectProblem(await t.http.get(`/v1/clients/${client.id}`).set(owner).set('If-None-Match', '*'), 404, 'NOT_FOUND');
    });

    it('leaves lists alone: they carry no ETag', async () => {
      const res = await t.http.get('/v1/clients').set(owner).set('If-None-Match', '*');
      expect(res.status).toBe(200);
      expect(res.headers.etag).toBeUndefined();
    });
  });

  describe('the interactive docs', () => {
    it.each(['/docs', '/docs/'])('%s answers 200 HTML whose scripts and styles all load', async (path) => {
      const res = await t.http.get(path);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      expect(res.text).toContain('swagger');
      const assets = [...res.text.matchAll(/(?:src|href)="([^"]+)"/g)].map(([, link]) => new URL(link, `http://docs.test${path}`).pathname);
      expect(assets).toEqual(expect.arrayContaining([expect.stringMatching(/swagger-ui-bundle\.js$/), expect.stringMatching(/swagger-ui\.css$/)]));
      for (const asset of assets) expect([asset, (await t.http.get(asset)).status]).toEqual([asset, 200]);
    });
  });
});
