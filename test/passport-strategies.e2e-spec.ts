import passport from 'passport';
import { ApiKeyStrategy } from '../src/auth/strategies/api-key.strategy';
import { PasswordStrategy } from '../src/auth/strategies/password.strategy';
import { StaffBearerStrategy } from '../src/auth/strategies/staff-bearer.strategy';
import { addApiKey, addStaff, bearer, Org, signupOrganization } from './support/factories';
import { expectProblem } from './support/problem';
import { startTestApp, TestApp } from './support/test-app';

/** What passport's registry holds under a name (not part of its typings). */
const registered = (name: string): unknown => (passport as unknown as { _strategy(name: string): unknown })._strategy(name);

describe('credentials as Passport strategies', () => {
  let t: TestApp;
  let org: Org;

  beforeAll(async () => {
    t = await startTestApp();
    org = await signupOrganization(t);
  });
  afterAll(() => t.close());

  it('registers the password, staff-bearer and api-key strategies with passport', () => {
    for (const type of [StaffBearerStrategy, ApiKeyStrategy, PasswordStrategy]) {
      const strategy = t.app.get<StaffBearerStrategy | ApiKeyStrategy | PasswordStrategy>(type);
      expect(registered(strategy.ownName)).toBe(strategy);
    }
  });

  it('gives each of 120 concurrent requests its own actor, whichever credential it carries', async () => {
    const staff = await Promise.all((['practitioner', 'admin', 'facilitator'] as const).map((role) => addStaff(t, org, role)));
    const keys = await Promise.all([addApiKey(t, org, 'readonly'), addApiKey(t, org, 'integration')]);
    const callers = [
      ...staff.map((s) => ({ headers: bearer(s.token), id: s.id, kind: 'user' })),
      ...keys.map((k) => ({ headers: { 'X-API-Key': k.key }, id: k.id, kind: 'apiKey' })),
    ];
    const answers = await Promise.all(
      Array.from({ length: 120 }, async (_, i) => {
        const caller = callers[i % callers.length];
        const res = await t.http.get('/v1/me').set(caller.headers);
        return { caller, res };
      }),
    );
    for (const { caller, res } of answers) {
      expect(res.status).toBe(200);
      expect(res.body.kind).toBe(caller.kind);
      expect(caller.kind === 'user' ? res.body.user.id : res.body.apiKey.id).toBe(caller.id);
    }
  });

  it('never falls back to an API key when a bearer token is refused', async () => {
    const { key } = await addApiKey(t, org, 'readonly');
    expectProblem(await t.http.get('/v1/me').set(bearer('not.a.token')).set('X-API-Key', key), 401, 'UNAUTHENTICATED');
    expect((await t.http.get('/v1/me').set('Authorization', '').set('X-API-Key', key)).status).toBe(200);
  });

  it('validates the login body before the password strategy runs, counting nothing for it', async () => {
    const before = await t.dataSource.query(`SELECT count(*)::int AS n FROM login_throttles`);
    const res = await t.http.post('/v1/auth/login').send({ email: 'not-an-email', password: '' });
    const body = expectProblem(res, 400, 'VALIDATION_FAILED');
    expect((body.errors as { field: string }[]).map((e) => e.field).sort()).toEqual(['email', 'password']);
    expectProblem(await t.http.post('/v1/auth/login').send([]), 400, 'VALIDATION_FAILED');
    expect(await t.dataSource.query(`SELECT count(*)::int AS n FROM login_throttles`)).toEqual(before);
  });

  it("keeps each application's strategies its own when several run in one process", async () => {
    const other = await startTestApp();
    const otherOrg = await signupOrganization(other);
    expect((await other.http.get('/v1/me').set(bearer(otherOrg.owner.token))).status).toBe(200);
    // Each application's tokens are signed with its own instance secret.
    expectProblem(await t.http.get('/v1/me').set(bearer(otherOrg.owner.token)), 401, 'UNAUTHENTICATED');
    await other.close();
    expect(registered(other.app.get(StaffBearerStrategy).ownName)).toBeUndefined();
    expect((await t.http.get('/v1/me').set(bearer(org.owner.token))).status).toBe(200);
    expect((await t.http.post('/v1/auth/login').send({ email: org.owner.email, password: 'correct horse battery staple' })).status).toBe(200);
  });
});
