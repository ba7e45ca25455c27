import { AuditWriter } from '../src/audit/audit.writer';
import { Transactions } from '../src/database/transactions';
import { bearer, PASSWORD, signupOrganization } from './support/factories';
import { startTestApp, TestApp } from './support/test-app';

/**
 * Events a service records deep inside its work (a login, a refused API key) carry the request's
 * id, address and user agent, taken from the request's context rather than passed down.
 */
describe('audit events recorded by services', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  async function eventsOf(token: string, action: string) {
    await t.app.get(AuditWriter).drain();
    const res = await t.http.get('/v1/audit-events').query({ action, limit: 100 }).set(bearer(token));
    expect(res.status).toBe(200);
    return res.body.data as { requestId: string | null; ip: string | null; userAgent: string | null; status: number }[];
  }

  it('carry the origin of a login and of a refused API key', async () => {
    const org = await signupOrganization(t);
    const login = await t.http
      .post('/v1/auth/login')
      .set('X-Request-Id', 'login-context-1')
      .set('User-Agent', 'clinic-desk/2.1')
      .send({ email: org.owner.email, password: PASSWORD });
    expect(login.status).toBe(200);
    const logins = await eventsOf(org.owner.token, 'login');
    expect(logins).toContainEqual(expect.objectContaining({ requestId: 'login-context-1', userAgent: 'clinic-desk/2.1', status: 200 }));
    expect(logins.find((e) => e.requestId === 'login-context-1')?.ip).toMatch(/127\.0\.0\.1/);

    const unknownKey = `tp_000000000000_${'a'.repeat(43)}`;
    const refused = await t.http.get('/v1/me').set('X-API-Key', unknownKey).set('X-Request-Id', 'key-context-1').set('User-Agent', 'sync-job/1');
    expect(refused.status).toBe(401);
    await t.app.get(AuditWriter).drain();
    const rows = await t.dataSource.query(`SELECT request_id, user_agent FROM audit_events WHERE action = 'authenticateApiKey' AND request_id = $1`, [
      'key-context-1',
    ]);
    expect(rows).toEqual([{ request_id: 'key-context-1', user_agent: 'sync-job/1' }]);
  });
});

describe('audit events recorded inside a transaction', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('are stored even when the transaction rolls back', async () => {
    const writer = t.app.get(AuditWriter);
    const db = t.app.get(Transactions);
    const action = `rolledBack-${Date.now()}`;
    await expect(
      db.run(async () => {
        await db.manager.query('SELECT 1');
        writer.record({ organizationId: null, actorType: 'anonymous', actorId: null, action, resourceType: null, resourceId: null, status: 500 });
        throw new Error('the work failed');
      }),
    ).rejects.toThrow('the work failed');
    await writer.drain();
    const rows = await t.dataSource.query('SELECT status FROM audit_events WHERE action = $1', [action]);
    expect(rows).toEqual([{ status: 500 }]);
  });
});

describe('an audit batch holding a NUL character', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('stores every event of the batch, the odd one included', async () => {
    const org = await signupOrganization(t);
    const owner = bearer(org.owner.token);
    const requests = Array.from({ length: 40 }, () => t.http.get('/v1/clients').set(owner));
    requests.push(t.http.get('/v1/clients?%00odd=1').set(owner));
    const answers = await Promise.all(requests);
    await t.app.get(AuditWriter).drain();
    const ids = answers.map((res) => res.headers['x-request-id']);
    const [{ stored }] = await t.dataSource.query(`SELECT count(*)::int AS stored FROM audit_events WHERE request_id = ANY($1::text[])`, [ids]);
    expect(stored).toBe(41);
  });
});
