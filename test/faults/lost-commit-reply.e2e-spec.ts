import { randomUUID } from 'node:crypto';
import { AuditWriter } from '../../src/audit/audit.writer';
import { bearer, signupOrganization } from '../support/factories';
import { PgFaultProxy } from '../support/pg-fault-proxy';
import { startTestApp, TestApp } from '../support/test-app';

const server = process.env.TEST_DATABASE_URL;

/**
 * The reply to a COMMIT is lost: the write is stored, but the app (and so the client) never hears
 * it. A careful client retries with the same Idempotency-Key and must then get the record that
 * exists, not a second one. Needs a PostgreSQL server to put the proxy in front of.
 */
(server ? describe : describe.skip)('a lost COMMIT reply', () => {
  let proxy: PgFaultProxy;
  let t: TestApp;

  beforeAll(async () => {
    const target = new URL(server!);
    proxy = await PgFaultProxy.start({ host: target.hostname, port: Number(target.port || 5432) });
    t = await startTestApp({}, { connectVia: (url) => proxy.urlFor(url) });
  });
  afterAll(async () => {
    await t?.close();
    await proxy?.stop();
  });

  it('leaves one record, and its audit event, when the client retries with its Idempotency-Key', async () => {
    const org = await signupOrganization(t);
    const lastName = `Lost-${randomUUID().slice(0, 8)}`;
    const key = randomUUID();
    const create = () => t.http.post('/v1/clients').set(bearer(org.owner.token)).set('Idempotency-Key', key).send({ firstName: 'Noor', lastName });

    proxy.loseCommitReplyAfter(lastName);
    const first = await create();
    expect(proxy.dropped).toBe(1);
    expect(first.status).toBeGreaterThanOrEqual(500);

    const retry = await create();
    expect(retry.status).toBe(201);
    expect(retry.body.lastName).toBe(lastName);

    const rows: { id: string }[] = await t.dataSource.query('SELECT id FROM clients WHERE last_name = $1', [lastName]);
    expect(rows).toHaveLength(1);
    expect(retry.body.id).toBe(rows[0].id);

    await t.app.get(AuditWriter).drain();
    const created: { status: number }[] = await t.dataSource.query(
      `SELECT status FROM audit_events WHERE action = 'createClient' AND status = 201 AND organization_id = $1`,
      [org.organizationId],
    );
    expect(created.length).toBeGreaterThanOrEqual(1);
  });
});
