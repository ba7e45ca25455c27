import { Client } from 'pg';
import { bearer, signupOrganization } from '../support/factories';
import { PgFaultProxy } from '../support/pg-fault-proxy';
import { expectProblem } from '../support/problem';
import { startTestApp, TestApp } from '../support/test-app';

const server = process.env.TEST_DATABASE_URL;

/** When PostgreSQL can't do the work now, requests answer 503 with Retry-After, fast, and the rest of the API goes on. */
(server ? describe : describe.skip)('the database unavailable or stuck', () => {
  describe('a table lock held by someone else', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp({ DATABASE_LOCK_TIMEOUT_MS: '300', DATABASE_ACQUIRE_TIMEOUT_MS: '1000' });
    });
    afterAll(() => t.close());

    it('answers 503 on the locked table’s routes within the lock timeout, and 200 elsewhere', async () => {
      const org = await signupOrganization(t);
      const owner = bearer(org.owner.token);
      const holder = new Client({ connectionString: t.database.url });
      await holder.connect();
      try {
        await holder.query('BEGIN');
        await holder.query('LOCK TABLE clients IN ACCESS EXCLUSIVE MODE');
        const started = Date.now();
        const refused = await Promise.all(Array.from({ length: 12 }, () => t.http.get('/v1/clients').set(owner)));
        for (const res of refused) {
          const problem = expectProblem(res, 503, 'SERVICE_UNAVAILABLE');
          expect(problem.detail).not.toMatch(/clients|lock|SELECT/i);
          expect(res.headers['retry-after']).toBe('2');
        }
        expect(Date.now() - started).toBeLessThan(10_000);
        expect((await t.http.get('/v1/me').set(owner)).status).toBe(200);
        expectProblem(await t.http.post('/v1/clients').set(owner).send({ firstName: 'Noor', lastName: 'Waiting' }), 503, 'SERVICE_UNAVAILABLE');
      } finally {
        await holder.query('ROLLBACK');
        await holder.end();
      }
      expect((await t.http.get('/v1/clients').set(owner)).status).toBe(200);
      const [{ count }] = await t.dataSource.query(`SELECT count(*)::int AS count FROM clients WHERE last_name = 'Waiting'`);
      expect(count).toBe(0);
    });
  });

  describe('PostgreSQL out of reach', () => {
    let proxy: PgFaultProxy;
    let t: TestApp;
    beforeAll(async () => {
      const target = new URL(server!);
      proxy = await PgFaultProxy.start({ host: target.hostname, port: Number(target.port || 5432) });
      t = await startTestApp({ DATABASE_ACQUIRE_TIMEOUT_MS: '1000' }, { connectVia: (url) => proxy.urlFor(url) });
    });
    afterAll(async () => {
      await t?.close().catch(() => undefined);
    });

    it('answers 503 with Retry-After, not 500', async () => {
      const org = await signupOrganization(t);
      await proxy.stop();
      const res = await t.http.get('/v1/clients').set(bearer(org.owner.token));
      expectProblem(res, 503, 'SERVICE_UNAVAILABLE');
      expect(res.headers['retry-after']).toBe('2');
    });
  });
});

(server ? describe : describe.skip)('a backend terminated while its connection is lent out', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('does not take the process down, and the next requests are answered', async () => {
    const org = await signupOrganization(t);
    const runner = t.dataSource.createQueryRunner();
    await runner.connect();
    const [{ pid }] = await runner.query('SELECT pg_backend_pid() AS pid');
    const admin = new Client({ connectionString: t.database.url });
    await admin.connect();
    await admin.query('SELECT pg_terminate_backend($1)', [pid]);
    await admin.end();
    await new Promise((resolve) => setTimeout(resolve, 300));
    await runner.release();
    for (let i = 0; i < 3; i += 1) expect((await t.http.get('/v1/me').set(bearer(org.owner.token))).status).toBe(200);
  });
});
