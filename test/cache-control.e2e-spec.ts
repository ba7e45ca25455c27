import { bearer, createClient, PASSWORD, signupOrganization } from './support/factories';
import { startTestApp, TestApp } from './support/test-app';

/** Tokens and clients' records must never be kept by a browser, proxy or CDN cache. */
describe('Cache-Control on API answers', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('is no-store on token answers, client data, lists and refusals under /v1', async () => {
    const org = await signupOrganization(t);
    const owner = bearer(org.owner.token);
    const login = await t.http.post('/v1/auth/login').send({ email: org.owner.email, password: PASSWORD });
    const client = await createClient(t, owner);
    const answers = {
      login,
      refresh: await t.http.post('/v1/auth/refresh').send({ refreshToken: login.body.refreshToken }),
      me: await t.http.get('/v1/me').set(owner),
      client: await t.http.get(`/v1/clients/${client.id}`).set(owner),
      list: await t.http.get('/v1/clients').set(owner),
      notModified: await t.http.get(`/v1/clients/${client.id}`).set(owner).set('If-None-Match', `"${client.version}"`),
      refused: await t.http.get('/v1/clients').set('authorization', 'Bearer nonsense'),
      unknownRoute: await t.http.get('/v1/no-such-thing').set(owner),
    };
    const statuses = Object.fromEntries(Object.entries(answers).map(([name, res]) => [name, res.status]));
    expect(statuses).toEqual({ login: 200, refresh: 200, me: 200, client: 200, list: 200, notModified: 304, refused: 401, unknownRoute: 404 });
    for (const [name, res] of Object.entries(answers)) expect([name, res.headers['cache-control']]).toEqual([name, 'no-store']);
  });

  it('leaves health and the docs cacheable by their own rules', async () => {
    const live = await t.http.get('/health/live');
    expect(live.status).toBe(200);
    expect(live.headers['cache-control']).not.toBe('no-store');
  });
});
