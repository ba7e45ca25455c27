import { randomUUID } from 'node:crypto';
import { AuditWriter } from '../src/audit/audit.writer';
import { addApiKey, addStaff, bearer, PASSWORD, signupOrganization } from './support/factories';
import { expectProblem } from './support/problem';
import { startTestApp, TestApp } from './support/test-app';

describe('the organization’s settings: its time zone', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  const signup = (body: Record<string, unknown>) =>
    t.http.post('/v1/auth/signup').send({ organizationName: 'Lakeside Couples Clinic', email: `owner-${randomUUID()}@example.org`, displayName: 'Olive Owner', password: PASSWORD, ...body });

  it('takes the time zone at signup, UTC when left out, and refuses one that is not an IANA name', async () => {
    const chosen = await signup({ timeZone: 'America/New_York' });
    expect(chosen.status).toBe(201);
    expect(chosen.body.organization).toMatchObject({ timeZone: 'America/New_York' });
    const me = await t.http.get('/v1/me').set(bearer(chosen.body.accessToken));
    expect(me.body.organization).toMatchObject({ id: chosen.body.organization.id, timeZone: 'America/New_York' });

    const plain = await signup({});
    expect(plain.body.organization.timeZone).toBe('UTC');

    const before = (await t.dataSource.query('SELECT count(*)::int AS n FROM organizations'))[0].n;
    for (const timeZone of ['Mars/Olympus_Mons', '+01:00', '', 'America/New York', 42]) {
      const res = await signup({ timeZone });
      expect(expectProblem(res, 400, 'VALIDATION_FAILED').errors).toEqual([expect.objectContaining({ field: 'timeZone' })]);
    }
    expect((await t.dataSource.query('SELECT count(*)::int AS n FROM organizations'))[0].n).toBe(before);
  });

  it('is read by every credential of the organization and changed by owners and admins under If-Match, audited', async () => {
    const org = await signupOrganization(t);
    const owner = bearer(org.owner.token);
    const admin = bearer((await addStaff(t, org, 'admin')).token);
    const practitioner = bearer((await addStaff(t, org, 'practitioner')).token);
    const readonlyKey = { 'X-API-Key': (await addApiKey(t, org, 'readonly')).key };
    const integrationKey = { 'X-API-Key': (await addApiKey(t, org, 'integration')).key };

    const got = await t.http.get('/v1/organization').set(readonlyKey);
    expect(got.status).toBe(200);
    expect(got.body).toMatchObject({ id: org.organizationId, timeZone: 'UTC' });
    expect(got.headers.etag).toBe(`"${got.body.version}"`);
    expect((await t.http.get('/v1/organization').set(practitioner)).body.id).toBe(org.organizationId);

    for (const as of [practitioner, readonlyKey, integrationKey]) {
      expectProblem(await t.http.patch('/v1/organization').set(as).send({ timeZone: 'Europe/Berlin' }), 403, 'FORBIDDEN');
    }
    expectProblem(await t.http.patch('/v1/organization').set(owner).send({ timeZone: 'Europe/Nowhere' }), 400, 'VALIDATION_FAILED');
    expectProblem(await t.http.patch('/v1/organization').set(owner).send({ slug: 'x' }), 400, 'VALIDATION_FAILED');
    expectProblem(await t.http.patch('/v1/organization').set(owner).send({ timeZone: null }), 400, 'VALIDATION_FAILED');
    expectProblem(
      await t.http.patch('/v1/organization').set(owner).set('If-Match', `"${got.body.version + 1}"`).send({ timeZone: 'Europe/Berlin' }),
      412,
      'PRECONDITION_FAILED',
    );
    expect((await t.http.get('/v1/organization').set(owner)).body).toEqual(got.body);

    const changed = await t.http.patch('/v1/organization').set(owner).set('If-Match', `"${got.body.version}"`).send({ timeZone: 'Europe/Berlin' });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ timeZone: 'Europe/Berlin', name: got.body.name, version: got.body.version + 1 });
    expect(changed.headers.etag).toBe(`"${changed.body.version}"`);

    const repeated = await t.http.patch('/v1/organization').set(admin).send({ timeZone: 'Europe/Berlin' });
    expect(repeated.body.version).toBe(changed.body.version);
    const renamed = await t.http.patch('/v1/organization').set(admin).send({ name: '  Harbor Couples Practice ' });
    expect(renamed.body).toMatchObject({ name: 'Harbor Couples Practice', timeZone: 'Europe/Berlin', version: changed.body.version + 1 });
    expect((await t.http.get('/v1/me').set(owner)).body.organization).toMatchObject({ timeZone: 'Europe/Berlin', name: 'Harbor Couples Practice' });

    await t.app.get(AuditWriter).drain();
    const events: { actor_id: string; status: number }[] = await t.dataSource.query(
      `SELECT actor_id, status FROM audit_events WHERE organization_id = $1 AND action = 'updateOrganization' ORDER BY occurred_at, id`,
      [org.organizationId],
    );
    expect(events.map((e) => e.status)).toEqual([403, 403, 403, 400, 400, 400, 412, 200, 200, 200]);
    expect(events[7].actor_id).toBe(org.owner.id);
  });
});
