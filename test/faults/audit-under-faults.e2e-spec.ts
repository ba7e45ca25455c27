import { Client } from 'pg';
import { AuditWriter } from '../../src/audit/audit.writer';
import { bearer, signupOrganization } from '../support/factories';
import { PgFaultProxy } from '../support/pg-fault-proxy';
import { expectProblem } from '../support/problem';
import { startTestApp, TestApp } from '../support/test-app';

const server = process.env.TEST_DATABASE_URL;

// Outages and drains take seconds each, and longer on a busy machine.
jest.setTimeout(180_000);

/** An audit trail that loses events under faults is not an audit trail. */
(server ? describe : describe.skip)('the audit trail under faults', () => {
  describe('PostgreSQL out of reach for a while', () => {
    let proxy: PgFaultProxy;
    let t: TestApp;
    beforeAll(async () => {
      const target = new URL(server!);
      proxy = await PgFaultProxy.start({ host: target.hostname, port: Number(target.port || 5432) });
      t = await startTestApp({ DATABASE_ACQUIRE_TIMEOUT_MS: '500' }, { connectVia: (url) => proxy.urlFor(url) });
    });
    afterAll(async () => {
      await t?.close();
      await proxy?.stop();
    });

    it('stores every event recorded meanwhile once it is back', async () => {
      const org = await signupOrganization(t);
      const writer = t.app.get(AuditWriter);
      // Requests answered just before the database went away: their events are still queued. One
      // after the other: together they could wait longer than the short acquire timeout on a busy machine.
      const answered = [];
      for (let i = 0; i < 15; i += 1) answered.push(await t.http.get('/v1/me').set(bearer(org.owner.token)));
      expect(answered.every((res) => res.status === 200)).toBe(true);
      proxy.refuse();
      for (let i = 0; i < 10; i += 1) {
        writer.record({ organizationId: org.organizationId, actorType: 'user', actorId: org.owner.id, action: 'flapProbe', resourceType: null, resourceId: null, status: 200 });
      }
      await new Promise((resolve) => setTimeout(resolve, 1500));
      expect(writer.backlog).toBeGreaterThan(0);
      proxy.accept();
      await writer.drain();
      const [{ probes }] = await t.dataSource.query(`SELECT count(*)::int AS probes FROM audit_events WHERE action = 'flapProbe' AND organization_id = $1`, [
        org.organizationId,
      ]);
      expect(probes).toBe(10);
      const ids = answered.map((res) => res.headers['x-request-id']);
      const [{ stored }] = await t.dataSource.query(`SELECT count(*)::int AS stored FROM audit_events WHERE request_id = ANY($1::text[])`, [ids]);
      expect(stored).toBe(15);
    });
  });

  describe('a full backlog', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp({ AUDIT_BACKLOG_LIMIT: '3', DATABASE_LOCK_TIMEOUT_MS: '200' });
    });
    afterAll(() => t.close());

    it('refuses new requests with 503 rather than drop events, and stores them all once it drains', async () => {
      const org = await signupOrganization(t);
      const owner = bearer(org.owner.token);
      const holder = new Client({ connectionString: t.database.url });
      await holder.connect();
      const ids: string[] = [];
      try {
        await holder.query('BEGIN');
        await holder.query('LOCK TABLE audit_events IN ACCESS EXCLUSIVE MODE');
        for (let i = 0; i < 3; i += 1) {
          const res = await t.http.get('/v1/me').set(owner);
          expect(res.status).toBe(200);
          ids.push(res.headers['x-request-id']);
        }
        const refused = await t.http.get('/v1/me').set(owner);
        expectProblem(refused, 503, 'SERVICE_UNAVAILABLE');
        expect(refused.headers['retry-after']).toBe('2');
        expect((await t.http.get('/health/live')).status).toBe(200);
      } finally {
        await holder.query('ROLLBACK');
        await holder.end();
      }
      await t.app.get(AuditWriter).drain();
      const [{ stored }] = await t.dataSource.query(`SELECT count(*)::int AS stored FROM audit_events WHERE request_id = ANY($1::text[])`, [ids]);
      expect(stored).toBe(3);
      expect((await t.http.get('/v1/me').set(owner)).status).toBe(200);
    });
  });
});
