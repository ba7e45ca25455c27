import { randomUUID } from 'node:crypto';
import { AuditWriter } from '../src/audit/audit.writer';
import { addApiKey, addStaff, bearer, createClient, Org, signupOrganization, Staff } from './support/factories';
import { expectProblem } from './support/problem';
import { startTestApp, TestApp } from './support/test-app';

describe('clients', () => {
  let t: TestApp;
  let org: Org;
  let owner: Record<string, string>;

  beforeAll(async () => {
    t = await startTestApp();
    org = await signupOrganization(t);
    owner = bearer(org.owner.token);
  });
  afterAll(() => t.close());

  // The audit test searches for this surname and checks the trail never holds it.
  const LINDQVIST = { lastNamePrefix: 'Lindqvist' };

  describe('create, read, change, archive, restore', () => {
    it('creates a client with every field and reads it back with a strong ETag', async () => {
      const res = await t.http.post('/v1/clients').set(owner).send({
        firstName: '  Dana ',
        lastName: 'Okafor',
        preferredName: 'Dee',
        pronouns: 'she/her',
        dateOfBirth: '1988-04-12',
        email: 'dana@example.org',
        phone: '+1 555 010 0199',
        externalId: 'EHR-1001',
        tags: ['waitlist', 'spanish-speaking', 'waitlist'],
      });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        firstName: 'Dana',
        status: 'active',
        version: 1,
        tags: ['waitlist', 'spanish-speaking'],
        careTeam: [],
        archivedAt: null,
      });
      const read = await t.http.get(`/v1/clients/${res.body.id}`).set(owner);
      expect(read.status).toBe(200);
      expect(read.headers.etag).toBe('"1"');
      expect(read.body).toEqual(res.body);
    });

    it('refuses bad input field by field and stores nothing', async () => {
      const before = (await t.dataSource.query('SELECT count(*)::int AS n FROM clients'))[0].n;
      const res = await t.http.post('/v1/clients').set(owner).send({
        firstName: '',
        lastName: 'X',
        email: 'not-an-email',
        dateOfBirth: '2999-01-01',
        status: 'gone',
        favouriteColour: 'blue',
      });
      const body = expectProblem(res, 400, 'VALIDATION_FAILED');
      const fields = [...new Set((body.errors as { field: string }[]).map((e) => e.field))].sort();
      expect(fields).toEqual(['dateOfBirth', 'email', 'favouriteColour', 'firstName', 'status']);
      expect((await t.dataSource.query('SELECT count(*)::int AS n FROM clients'))[0].n).toBe(before);
    });

    it('keeps externalId unique within the organization (409)', async () => {
      await createClient(t, owner, { externalId: 'EHR-dup' }, LINDQVIST);
      const res = await t.http.post('/v1/clients').set(owner).send({ firstName: 'A', lastName: 'B', externalId: 'EHR-dup' });
      expectProblem(res, 409, 'EXTERNAL_ID_TAKEN');
      const other = await signupOrganization(t, 'Other Practice');
      expect((await t.http.post('/v1/clients').set(bearer(other.owner.token)).send({ firstName: 'A', lastName: 'B', externalId: 'EHR-dup' })).status).toBe(201);
    });

    it('changes only the fields sent, clears with null, and honors If-Match', async () => {
      const client = await createClient(t, owner, { pronouns: 'they/them', email: 'x@example.org' }, LINDQVIST);
      const changed = await t.http.patch(`/v1/clients/${client.id}`).set(owner).set('If-Match', '"1"').send({ status: 'paused', email: null });
      expect(changed.status).toBe(200);
      expect(changed.body).toMatchObject({ status: 'paused', email: null, pronouns: 'they/them', version: 2 });
      expect(changed.headers.etag).toBe('"2"');
      const stale = await t.http.patch(`/v1/clients/${client.id}`).set(owner).set('If-Match', '"1"').send({ status: 'active' });
      expectProblem(stale, 412, 'PRECONDITION_FAILED');
      expectProblem(await t.http.patch(`/v1/clients/${client.id}`).set(owner).send({ firstName: null }), 400, 'VALIDATION_FAILED');
      const read = await t.http.get(`/v1/clients/${client.id}`).set(owner);
      expect(read.body.status).toBe('paused');
    });

    it('lets exactly one of 20 concurrent PATCHes with the same If-Match win', async () => {
      const client = await createClient(t, owner, {}, LINDQVIST);
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          t.http.patch(`/v1/clients/${client.id}`).set(owner).set('If-Match', '"1"').send({ preferredName: `Name ${i}` }),
        ),
      );
      const statuses = results.map((r) => r.status).sort();
      expect(statuses.filter((s) => s === 200)).toHaveLength(1);
      expect(statuses.filter((s) => s === 412)).toHaveLength(19);
      const read = await t.http.get(`/v1/clients/${client.id}`).set(owner);
      expect(read.body.version).toBe(2);
    });

    it('archives on DELETE, keeps it readable, hides it from lists, and restores it', async () => {
      const client = await createClient(t, owner, {}, LINDQVIST);
      const archived = await t.http.delete(`/v1/clients/${client.id}`).set(owner);
      expect(archived.status).toBe(200);
      expect(archived.body.archivedAt).not.toBeNull();
      expect((await t.http.get(`/v1/clients/${client.id}`).set(owner)).status).toBe(200);
      const listed = await t.http.get('/v1/clients').query({ q: client.lastName }).set(owner);
      expect(listed.body.data).toHaveLength(0);
      const withArchived = await t.http.get('/v1/clients').query({ q: client.lastName, includeArchived: 'true' }).set(owner);
      expect(withArchived.body.data.map((c: { id: string }) => c.id)).toEqual([client.id]);
      const restored = await t.http.post(`/v1/clients/${client.id}/restore`).set(owner);
      expect(restored.status).toBe(200);
      expect(restored.body.archivedAt).toBeNull();
      const [{ n }] = await t.dataSource.query('SELECT count(*)::int AS n FROM clients WHERE id = $1', [client.id]);
      expect(n).toBe(1);
    });
  });

  describe('lists', () => {
    it('search names case-insensitively and filter by status, tag and externalId', async () => {
      const marker = randomUUID().slice(0, 6);
      const a = await createClient(t, owner, { firstName: `Zelda${marker}`, tags: ['evening'], status: 'paused' }, LINDQVIST);
      await createClient(t, owner, { firstName: `Other${marker}` }, LINDQVIST);
      const byName = await t.http.get('/v1/clients').query({ q: `zELDa${marker}` }).set(owner);
      expect(byName.body.data.map((c: { id: string }) => c.id)).toEqual([a.id]);
      const byStatus = await t.http.get('/v1/clients').query({ q: marker, status: 'paused' }).set(owner);
      expect(byStatus.body.data.map((c: { id: string }) => c.id)).toEqual([a.id]);
      const byTag = await t.http.get('/v1/clients').query({ q: marker, tag: 'evening' }).set(owner);
      expect(byTag.body.data.map((c: { id: string }) => c.id)).toEqual([a.id]);
      const pct = await t.http.get('/v1/clients').query({ q: '%%' }).set(owner);
      expect(pct.body.data).toEqual([]);
    });

    it('refuse a limit outside 1–100 and a garbage cursor', async () => {
      for (const limit of ['0', '101', 'ten']) {
        expectProblem(await t.http.get('/v1/clients').query({ limit }).set(owner), 400, 'VALIDATION_FAILED');
      }
      expectProblem(await t.http.get('/v1/clients').query({ cursor: 'garbage' }).set(owner), 400, 'VALIDATION_FAILED');
    });

    it('walk every client exactly once while clients are added during the walk', async () => {
      const fresh = await signupOrganization(t, 'Walk Clinic');
      const as = bearer(fresh.owner.token);
      const ids = new Set<string>();
      for (let i = 0; i < 12; i++) ids.add((await createClient(t, as, {}, LINDQVIST)).id);
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page: { body: { data: { id: string }[]; nextCursor: string | null } } = await t.http
          .get('/v1/clients')
          .query({ limit: 5, ...(cursor ? { cursor } : {}) })
          .set(as);
        seen.push(...page.body.data.map((c) => c.id));
        cursor = page.body.nextCursor;
        await createClient(t, as, {}, LINDQVIST);
      } while (cursor);
      expect(seen).toHaveLength(new Set(seen).size);
      for (const id of ids) expect(seen).toContain(id);
    });

    it('sync incrementally with updatedSince', async () => {
      const fresh = await signupOrganization(t, 'Sync Clinic');
      const as = bearer(fresh.owner.token);
      const a = await createClient(t, as, {}, LINDQVIST);
      const [{ now }] = await t.dataSource.query('SELECT now() AS now');
      const b = await createClient(t, as, {}, LINDQVIST);
      await t.http.patch(`/v1/clients/${a.id}`).set(as).send({ pronouns: 'he/him' });
      const changed = await t.http.get('/v1/clients').query({ updatedSince: new Date(now).toISOString() }).set(as);
      expect(changed.body.data.map((c: { id: string }) => c.id)).toEqual([b.id, a.id]);
    });
  });

  describe('Idempotency-Key', () => {
    it('replays the first response for the same key and body, and refuses another body', async () => {
      const key = randomUUID();
      const body = { firstName: 'Ira', lastName: `Idem-${key.slice(0, 6)}` };
      const first = await t.http.post('/v1/clients').set(owner).set('Idempotency-Key', key).send(body);
      const second = await t.http.post('/v1/clients').set(owner).set('Idempotency-Key', key).send(body);
      expect(first.status).toBe(201);
      expect(second.status).toBe(201);
      expect(second.body).toEqual(first.body);
      const other = await t.http.post('/v1/clients').set(owner).set('Idempotency-Key', key).send({ ...body, firstName: 'Other' });
      expectProblem(other, 422, 'IDEMPOTENCY_KEY_REUSED');
      const rows = await t.dataSource.query('SELECT id FROM clients WHERE last_name = $1', [body.lastName]);
      expect(rows).toHaveLength(1);
    });

    it('creates one record when the same key is sent twice at once', async () => {
      const key = randomUUID();
      const body = { firstName: 'Twin', lastName: `Once-${key.slice(0, 6)}` };
      const results = await Promise.all([1, 2].map(() => t.http.post('/v1/clients').set(owner).set('Idempotency-Key', key).send(body)));
      const statuses = results.map((r) => r.status).sort();
      expect(statuses[0]).toBe(201);
      expect([201, 409]).toContain(statuses[1]);
      const rows = await t.dataSource.query('SELECT id FROM clients WHERE last_name = $1', [body.lastName]);
      expect(rows).toHaveLength(1);
    });
  });

  describe('caseloads and tenancy', () => {
    let practitioner: Staff;
    let mine: { id: string };
    let notMine: { id: string };

    beforeAll(async () => {
      practitioner = await addStaff(t, org, 'practitioner');
      mine = await createClient(t, bearer(practitioner.token), {}, LINDQVIST);
      notMine = await createClient(t, owner, {}, LINDQVIST);
    });

    it('puts the practitioner who creates a client on its care team', async () => {
      const read = await t.http.get(`/v1/clients/${mine.id}`).set(bearer(practitioner.token));
      expect(read.status).toBe(200);
      expect(read.body.careTeam.map((m: { userId: string }) => m.userId)).toEqual([practitioner.id]);
    });

    it('shows a practitioner only their caseload, and 404 on every route for anyone else’s client', async () => {
      const as = bearer(practitioner.token);
      const list = await t.http.get('/v1/clients').query({ limit: 100 }).set(as);
      expect(list.body.data.map((c: { id: string }) => c.id)).toEqual([mine.id]);
      const id = notMine.id;
      const attempts = [
        t.http.get(`/v1/clients/${id}`).set(as),
        t.http.patch(`/v1/clients/${id}`).set(as).send({ pronouns: 'x' }),
        t.http.delete(`/v1/clients/${id}`).set(as),
        t.http.post(`/v1/clients/${id}/restore`).set(as),
        t.http.put(`/v1/clients/${id}/care-team/${practitioner.id}`).set(as),
        t.http.delete(`/v1/clients/${id}/care-team/${practitioner.id}`).set(as),
        t.http.get(`/v1/clients/${id}/safety-screenings`).set(as),
        t.http.post(`/v1/clients/${id}/safety-screenings`).set(as).send({ result: 'clear' }),
      ];
      for (const res of await Promise.all(attempts)) expectProblem(res, 404, 'NOT_FOUND');
    });

    it('lets an admin add the practitioner to a care team, which opens the client to them', async () => {
      const admin = await addStaff(t, org, 'admin');
      const put = await t.http.put(`/v1/clients/${notMine.id}/care-team/${practitioner.id}`).set(bearer(admin.token));
      expect(put.status).toBe(200);
      expect(put.body.map((m: { userId: string }) => m.userId)).toContain(practitioner.id);
      expect((await t.http.get(`/v1/clients/${notMine.id}`).set(bearer(practitioner.token))).status).toBe(200);
      const mineOnly = await t.http.get('/v1/clients').query({ careTeam: 'me' }).set(bearer(practitioner.token));
      expect(mineOnly.body.data).toHaveLength(2);
      const removed = await t.http.delete(`/v1/clients/${notMine.id}/care-team/${practitioner.id}`).set(bearer(admin.token));
      expect(removed.status).toBe(204);
      expect((await t.http.get(`/v1/clients/${notMine.id}`).set(bearer(practitioner.token))).status).toBe(404);
    });

    it('keeps facilitators out of clients (403) and lets a readonly key read but not write', async () => {
      const facilitator = await addStaff(t, org, 'facilitator');
      expectProblem(await t.http.get('/v1/clients').set(bearer(facilitator.token)), 403, 'FORBIDDEN');
      const { key } = await addApiKey(t, org, 'readonly');
      expect((await t.http.get(`/v1/clients/${mine.id}`).set('X-API-Key', key)).status).toBe(200);
      expectProblem(await t.http.post('/v1/clients').set('X-API-Key', key).send({ firstName: 'A', lastName: 'B' }), 403, 'FORBIDDEN');
    });

    it('answers 404 to another organization on every route, and lists nothing of ours', async () => {
      const other = await signupOrganization(t, 'Elsewhere');
      const { key } = await addApiKey(t, other, 'integration');
      for (const as of [bearer(other.owner.token), { 'X-API-Key': key }]) {
        const id = mine.id;
        const attempts = [
          t.http.get(`/v1/clients/${id}`).set(as),
          t.http.patch(`/v1/clients/${id}`).set(as).send({ pronouns: 'x' }),
          t.http.delete(`/v1/clients/${id}`).set(as),
          t.http.post(`/v1/clients/${id}/restore`).set(as),
          t.http.put(`/v1/clients/${id}/care-team/${practitioner.id}`).set(as),
          t.http.delete(`/v1/clients/${id}/care-team/${practitioner.id}`).set(as),
          t.http.get(`/v1/clients/${id}/safety-screenings`).set(as),
          t.http.post(`/v1/clients/${id}/safety-screenings`).set(as).send({ result: 'clear' }),
        ];
        for (const res of await Promise.all(attempts)) expectProblem(res, 404, 'NOT_FOUND');
        const list = await t.http.get('/v1/clients').query({ externalId: 'EHR-1001' }).set(as);
        expect(list.body.data).toEqual([]);
      }
    });
  });

  describe('audit', () => {
    it('records reads and writes with the resource id, and redacts name searches', async () => {
      const client = await createClient(t, owner, {}, LINDQVIST);
      await t.http.get(`/v1/clients/${client.id}`).set(owner);
      await t.http.get('/v1/clients').query({ q: 'Lindqvist', status: 'active' }).set(owner);
      await t.app.get(AuditWriter).drain();
      const events: { action: string; resource_id: string | null; detail: unknown; status: number }[] = await t.dataSource.query(
        `SELECT action, resource_id, detail, status FROM audit_events WHERE actor_id = $1 AND resource_type = 'clients' ORDER BY occurred_at DESC, id DESC LIMIT 2`,
        [org.owner.id],
      );
      expect(events[0]).toMatchObject({ action: 'listClients', status: 200, detail: { query: { q: '[redacted]', status: 'active' } } });
      expect(events[1]).toMatchObject({ action: 'getClient', resource_id: client.id, status: 200 });
      expect(JSON.stringify(await t.dataSource.query('SELECT * FROM audit_events'))).not.toContain('Lindqvist');
    });
  });
});
