import { AuditWriter } from '../src/audit/audit.writer';
import { requestHashOf } from '../src/common/idempotency/idempotent-request';
import { addApiKey, addStaff, bearer, Org, PASSWORD, signupOrganization } from './support/factories';
import { expectProblem } from './support/problem';
import { startTestApp, TestApp } from './support/test-app';

describe('staff, API keys and the audit trail', () => {
  let t: TestApp;
  let org: Org;
  let owner: Record<string, string>;

  beforeAll(async () => {
    t = await startTestApp();
    org = await signupOrganization(t);
    owner = bearer(org.owner.token);
  });
  afterAll(() => t.close());

  describe('staff', () => {
    it('lists staff with filters, never with password hashes', async () => {
      const practitioner = await addStaff(t, org, 'practitioner');
      const res = await t.http.get('/v1/staff').query({ role: 'practitioner' }).set(owner);
      expect(res.status).toBe(200);
      expect(res.body.data.map((s: { id: string }) => s.id)).toContain(practitioner.id);
      expect(res.body.data.every((s: { role: string }) => s.role === 'practitioner')).toBe(true);
      expect(JSON.stringify(res.body)).not.toMatch(/password/i);
    });

    it('keeps emails unique per organization, case-insensitively', async () => {
      const res = await t.http
        .post('/v1/staff')
        .set(owner)
        .send({ email: org.owner.email.toUpperCase(), displayName: 'Copy', role: 'admin', password: PASSWORD });
      expectProblem(res, 409, 'EMAIL_TAKEN');
      const short = await t.http.post('/v1/staff').set(owner).send({ email: 'x@example.org', displayName: 'X', role: 'admin', password: 'short' });
      expectProblem(short, 400, 'VALIDATION_FAILED');
    });

    it('makes adding staff safe to retry without keeping a fingerprint of the password', async () => {
      const key = 'add-staff-retry';
      const body = { email: 'retry@example.org', displayName: 'Retry', role: 'practitioner' };
      const first = await t.http.post('/v1/staff').set(owner).set('Idempotency-Key', key).send({ ...body, password: PASSWORD });
      const again = await t.http.post('/v1/staff').set(owner).set('Idempotency-Key', key).send({ ...body, password: `${PASSWORD}!` });
      expect(first.status).toBe(201);
      expect(again.status).toBe(201);
      expect(again.headers['idempotency-replayed']).toBe('true');
      expect(again.body.id).toBe(first.body.id);
      const [row] = await t.dataSource.query(`SELECT request_hash FROM idempotency_keys WHERE key = $1`, [key]);
      expect(row.request_hash).toBe(requestHashOf('POST', '/v1/staff', body, `user:${org.owner.id}`));
      const other = await t.http.post('/v1/staff').set(owner).set('Idempotency-Key', key).send({ ...body, role: 'admin', password: PASSWORD });
      expectProblem(other, 422, 'IDEMPOTENCY_KEY_REUSED');
    });

    it('changes a role with If-Match, and the new role applies to the next request', async () => {
      const person = await addStaff(t, org, 'practitioner');
      expectProblem(await t.http.get('/v1/audit-events').set(bearer(person.token)), 403, 'FORBIDDEN');
      const read = await t.http.get(`/v1/staff/${person.id}`).set(owner);
      const changed = await t.http.patch(`/v1/staff/${person.id}`).set(owner).set('If-Match', read.headers.etag).send({ role: 'admin' });
      expect(changed.status).toBe(200);
      expect(changed.body).toMatchObject({ role: 'admin', version: read.body.version + 1 });
      expect((await t.http.get('/v1/audit-events').set(bearer(person.token))).status).toBe(200);
      const stale = await t.http.patch(`/v1/staff/${person.id}`).set(owner).set('If-Match', read.headers.etag).send({ displayName: 'Late' });
      expectProblem(stale, 412, 'PRECONDITION_FAILED');
    });

    it('deactivating ends the person’s sessions at once, and they cannot log in', async () => {
      const person = await addStaff(t, org, 'facilitator');
      const res = await t.http.patch(`/v1/staff/${person.id}`).set(owner).send({ active: false });
      expect(res.body.active).toBe(false);
      expectProblem(await t.http.get('/v1/me').set(bearer(person.token)), 401, 'UNAUTHENTICATED');
      expectProblem(await t.http.post('/v1/auth/login').send({ email: person.email, password: PASSWORD }), 401, 'INVALID_CREDENTIALS');
    });

    it('never leaves the organization without an active owner, and admins cannot touch owners', async () => {
      expectProblem(await t.http.patch(`/v1/staff/${org.owner.id}`).set(owner).send({ role: 'admin' }), 409, 'LAST_OWNER');
      expectProblem(await t.http.patch(`/v1/staff/${org.owner.id}`).set(owner).send({ active: false }), 409, 'LAST_OWNER');
      const admin = await addStaff(t, org, 'admin');
      expectProblem(await t.http.patch(`/v1/staff/${org.owner.id}`).set(bearer(admin.token)).send({ role: 'admin' }), 403, 'FORBIDDEN');
      expectProblem(await t.http.patch(`/v1/staff/${admin.id}`).set(bearer(admin.token)).send({ role: 'owner' }), 403, 'FORBIDDEN');
      expectProblem(
        await t.http.post('/v1/staff').set(bearer(admin.token)).send({ email: 'o2@example.org', displayName: 'O', role: 'owner', password: PASSWORD }),
        403,
        'FORBIDDEN',
      );
      const second = await t.http.patch(`/v1/staff/${admin.id}`).set(owner).send({ role: 'owner' });
      expect(second.body.role).toBe('owner');
      const demoted = await t.http.patch(`/v1/staff/${org.owner.id}`).set(bearer(admin.token)).send({ role: 'admin' });
      expect(demoted.status).toBe(200);
      expectProblem(await t.http.patch(`/v1/staff/${admin.id}`).set(bearer(admin.token)).send({ active: false }), 409, 'LAST_OWNER');
    });
  });

  describe('API keys', () => {
    it('lists keys by prefix without secrets, and a revoked key stops working at once', async () => {
      const fresh = await signupOrganization(t, 'Keys Clinic');
      const { id, key } = await addApiKey(t, fresh, 'integration');
      const list = await t.http.get('/v1/api-keys').set(bearer(fresh.owner.token));
      expect(list.body.data).toHaveLength(1);
      expect(list.body.data[0]).toMatchObject({ id, prefix: key.slice(0, 15), revokedAt: null });
      expect(JSON.stringify(list.body)).not.toContain(key.slice(16));
      expect((await t.http.get('/v1/me').set('X-API-Key', key)).status).toBe(200);
      const revoked = await t.http.delete(`/v1/api-keys/${id}`).set(bearer(fresh.owner.token));
      expect(revoked.status).toBe(200);
      expect(revoked.body.revokedAt).not.toBeNull();
      expectProblem(await t.http.get('/v1/me').set('X-API-Key', key), 401, 'UNAUTHENTICATED');
    });
  });

  describe('audit events', () => {
    it('lets owners filter the trail by actor, resource, action and time', async () => {
      const since = new Date(Date.now() - 1000).toISOString();
      const person = await addStaff(t, org, 'practitioner');
      await t.http.get(`/v1/staff/${person.id}`).set(owner);
      await t.app.get(AuditWriter).drain();
      const res = await t.http
        .get('/v1/audit-events')
        .query({ actorId: org.owner.id, resourceType: 'staff', resourceId: person.id, action: 'getStaffUser', from: since })
        .set(owner);
      expect(res.status).toBe(200);
      expect(res.body.data).toHaveLength(1);
      expect(res.body.data[0]).toMatchObject({ actorType: 'user', resourceId: person.id, status: 200 });
      expect(typeof res.body.data[0].requestId).toBe('string');
      expectProblem(await t.http.get('/v1/audit-events').query({ from: 'yesterday' }).set(owner), 400, 'VALIDATION_FAILED');
    });

    it('records refusals too', async () => {
      const person = await addStaff(t, org, 'practitioner');
      await t.http.get('/v1/audit-events').set(bearer(person.token));
      await t.app.get(AuditWriter).drain();
      const res = await t.http.get('/v1/audit-events').query({ actorId: person.id, action: 'listAuditEvents' }).set(owner);
      expect(res.body.data.map((e: { status: number }) => e.status)).toEqual([403]);
    });

    it('is refused to API keys', async () => {
      const { key } = await addApiKey(t, org, 'integration');
      expectProblem(await t.http.get('/v1/audit-events').set('X-API-Key', key), 403, 'FORBIDDEN');
    });
  });

  describe('tenancy', () => {
    it('answers 404 to another organization for staff and keys, and lists only its own', async () => {
      const other = await signupOrganization(t, 'Elsewhere');
      const as = bearer(other.owner.token);
      const { id: keyId } = await addApiKey(t, org, 'readonly');
      expectProblem(await t.http.get(`/v1/staff/${org.owner.id}`).set(as), 404, 'NOT_FOUND');
      expectProblem(await t.http.patch(`/v1/staff/${org.owner.id}`).set(as).send({ displayName: 'x' }), 404, 'NOT_FOUND');
      expectProblem(await t.http.delete(`/v1/api-keys/${keyId}`).set(as), 404, 'NOT_FOUND');
      const staff = await t.http.get('/v1/staff').set(as);
      expect(staff.body.data.map((s: { id: string }) => s.id)).toEqual([other.owner.id]);
      expect((await t.http.get('/v1/api-keys').set(as)).body.data).toEqual([]);
      await t.app.get(AuditWriter).drain();
      const trail = await t.http.get('/v1/audit-events').query({ limit: 100 }).set(as);
      expect(trail.body.data.every((e: { organizationId: string }) => e.organizationId === other.organizationId)).toBe(true);
    });
  });
});
