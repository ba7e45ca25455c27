import { randomUUID } from 'node:crypto';
import { AuditWriter } from '../src/audit/audit.writer';
import { addApiKey, addStaff, bearer, createClient, Org, signupOrganization, Staff } from './support/factories';
import { expectProblem } from './support/problem';
import { startTestApp, TestApp } from './support/test-app';

describe('groups', () => {
  let t: TestApp;
  let org: Org;
  let owner: Record<string, string>;
  let facilitator: Staff;
  let practitioner: Staff;

  beforeAll(async () => {
    t = await startTestApp();
    org = await signupOrganization(t);
    owner = bearer(org.owner.token);
    facilitator = await addStaff(t, org, 'facilitator');
    practitioner = await addStaff(t, org, 'practitioner');
  });
  afterAll(() => t.close());

  // Members carry contact details so that the tests can see rosters leave them out.
  const ROSA = { firstName: 'Rosa', email: 'rosa@example.org', phone: '+1 555 0100' };
  const createGroup = async (as: Record<string, string>, body: Record<string, unknown> = {}) => {
    const res = await t.http.post('/v1/groups').set(as).send({ name: `Circle ${randomUUID().slice(0, 6)}`, ...body });
    if (res.status !== 201) throw new Error(`create group: ${res.status} ${res.text}`);
    return res.body as { id: string; version: number; facilitatorUserId: string; name: string };
  };

  describe('create, read, change, archive', () => {
    it('creates a group run by a facilitator, with every field, and reads it back with an ETag', async () => {
      const res = await t.http.post('/v1/groups').set(owner).send({
        name: '  Thursday Trust Circle ',
        description: 'Eight weeks of the Rebuilding Trust program in a group.',
        facilitatorUserId: facilitator.id,
        capacity: 8,
        startsOn: '2031-01-09',
        endsOn: '2031-02-27',
      });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        name: 'Thursday Trust Circle',
        facilitatorUserId: facilitator.id,
        status: 'active',
        capacity: 8,
        memberCount: 0,
        startsOn: '2031-01-09',
        endsOn: '2031-02-27',
        archivedAt: null,
        version: 1,
      });
      const read = await t.http.get(`/v1/groups/${res.body.id}`).set(owner);
      expect(read.status).toBe(200);
      expect(read.headers.etag).toBe('"1"');
      expect(read.body).toEqual(res.body);
    });

    it('refuses bad input and a facilitator who is not active staff of the organization', async () => {
      const res = await t.http.post('/v1/groups').set(owner).send({ name: '', capacity: 0, startsOn: '2031-13-01', extra: 1 });
      const body = expectProblem(res, 400, 'VALIDATION_FAILED');
      expect([...new Set((body.errors as { field: string }[]).map((e) => e.field))].sort()).toEqual(['capacity', 'extra', 'name', 'startsOn']);
      expectProblem(await t.http.post('/v1/groups').set(owner).send({ name: 'X', facilitatorUserId: randomUUID() }), 400, 'VALIDATION_FAILED');
      const other = await signupOrganization(t, 'Other Org');
      expectProblem(await t.http.post('/v1/groups').set(owner).send({ name: 'X', facilitatorUserId: other.owner.id }), 400, 'VALIDATION_FAILED');
      expectProblem(await t.http.post('/v1/groups').set(owner).send({ name: 'X', startsOn: '2031-02-01', endsOn: '2031-01-01' }), 400, 'VALIDATION_FAILED');
      const impossible = await t.http.post('/v1/groups').set(owner).send({ name: 'X', startsOn: '2031-02-30', endsOn: '0000-01-01' });
      expect((expectProblem(impossible, 400, 'VALIDATION_FAILED').errors as { field: string }[]).map((e) => e.field).sort()).toEqual(['endsOn', 'startsOn']);
    });

    it('lets facilitators and practitioners create only groups they run; an API key must name the facilitator', async () => {
      const mine = await createGroup(bearer(facilitator.token));
      expect(mine.facilitatorUserId).toBe(facilitator.id);
      expectProblem(
        await t.http.post('/v1/groups').set(bearer(facilitator.token)).send({ name: 'X', facilitatorUserId: practitioner.id }),
        400,
        'VALIDATION_FAILED',
      );
      const { key } = await addApiKey(t, org, 'integration');
      expectProblem(await t.http.post('/v1/groups').set('X-API-Key', key).send({ name: 'X' }), 400, 'VALIDATION_FAILED');
      const byKey = await createGroup({ 'X-API-Key': key }, { facilitatorUserId: practitioner.id });
      expect(byKey.facilitatorUserId).toBe(practitioner.id);
    });

    it('changes fields with If-Match, and only owners, admins and keys hand a group over', async () => {
      const group = await createGroup(bearer(facilitator.token));
      const changed = await t.http.patch(`/v1/groups/${group.id}`).set(bearer(facilitator.token)).set('If-Match', '"1"').send({ status: 'closed', description: 'Done' });
      expect(changed.status).toBe(200);
      expect(changed.body).toMatchObject({ status: 'closed', description: 'Done', version: 2 });
      expectProblem(await t.http.patch(`/v1/groups/${group.id}`).set(bearer(facilitator.token)).set('If-Match', '"1"').send({ name: 'Y' }), 412, 'PRECONDITION_FAILED');
      expectProblem(
        await t.http.patch(`/v1/groups/${group.id}`).set(bearer(facilitator.token)).send({ facilitatorUserId: practitioner.id }),
        403,
        'FORBIDDEN',
      );
      const handed = await t.http.patch(`/v1/groups/${group.id}`).set(owner).send({ facilitatorUserId: practitioner.id });
      expect(handed.body.facilitatorUserId).toBe(practitioner.id);
      expectProblem(await t.http.get(`/v1/groups/${group.id}`).set(bearer(facilitator.token)), 404, 'NOT_FOUND');
    });

    it('archives on DELETE, hides it from lists, and restores it', async () => {
      const group = await createGroup(owner);
      const archived = await t.http.delete(`/v1/groups/${group.id}`).set(owner);
      expect(archived.status).toBe(200);
      expect(archived.body.archivedAt).not.toBeNull();
      const list = await t.http.get('/v1/groups').query({ limit: 100 }).set(owner);
      expect(list.body.data.map((g: { id: string }) => g.id)).not.toContain(group.id);
      const restored = await t.http.post(`/v1/groups/${group.id}/restore`).set(owner);
      expect(restored.body.archivedAt).toBeNull();
    });

    it('replays a create with the same Idempotency-Key', async () => {
      const key = randomUUID();
      const body = { name: `Idem ${key}` };
      const first = await t.http.post('/v1/groups').set(owner).set('Idempotency-Key', key).send(body);
      const second = await t.http.post('/v1/groups').set(owner).set('Idempotency-Key', key).send(body);
      expect(second.body).toEqual(first.body);
      expect(await t.dataSource.query('SELECT id FROM groups WHERE name = $1', [body.name])).toHaveLength(1);
    });
  });

  describe('members', () => {
    it('adds, lists by name only, removes and re-adds members; a PUT twice is one membership', async () => {
      const group = await createGroup(bearer(facilitator.token));
      const a = await createClient(t, owner, { ...ROSA, preferredName: 'Ro' });
      const b = await createClient(t, owner, ROSA);
      const as = bearer(facilitator.token);
      const put = await t.http.put(`/v1/groups/${group.id}/members/${a.id}`).set(as);
      expect(put.status).toBe(200);
      expect(Object.keys(put.body).sort()).toEqual([
        'clientId',
        'createdAt',
        'firstName',
        'groupId',
        'id',
        'joinedAt',
        'lastName',
        'leftAt',
        'preferredName',
        'updatedAt',
        'version',
      ]);
      expect(put.body).toMatchObject({ clientId: a.id, firstName: 'Rosa', lastName: a.lastName, preferredName: 'Ro' });
      expect((await t.http.put(`/v1/groups/${group.id}/members/${a.id}`).set(as)).body).toEqual(put.body);
      await t.http.put(`/v1/groups/${group.id}/members/${b.id}`).set(as);

      const members = await t.http.get(`/v1/groups/${group.id}/members`).set(as);
      expect(members.status).toBe(200);
      expect(members.body.data.map((m: { clientId: string }) => m.clientId)).toEqual([b.id, a.id]);
      for (const member of members.body.data) {
        expect(Object.keys(member).sort()).toEqual(Object.keys(put.body).sort());
      }
      expect(JSON.stringify(members.body)).not.toMatch(/rosa@example\.org|\+1 555 0100/);
      const paged = await t.http.get(`/v1/groups/${group.id}/members`).query({ limit: 1 }).set(as);
      expect(paged.body.data).toHaveLength(1);
      const next = await t.http.get(`/v1/groups/${group.id}/members`).query({ limit: 1, cursor: paged.body.nextCursor }).set(as);
      expect(next.body.data.map((m: { clientId: string }) => m.clientId)).toEqual([a.id]);
      expect(next.body.nextCursor).toBeNull();

      const [{ now }] = await t.dataSource.query('SELECT now() AS now');
      const removed = await t.http.delete(`/v1/groups/${group.id}/members/${a.id}`).set(as);
      expect(removed.status).toBe(204);
      const current = await t.http.get(`/v1/groups/${group.id}/members`).set(as);
      expect(current.body.data.map((m: { clientId: string }) => m.clientId)).toEqual([b.id]);
      const changed = await t.http.get(`/v1/groups/${group.id}/members`).query({ updatedSince: new Date(now).toISOString() }).set(as);
      expect(changed.body.data).toHaveLength(1);
      expect(changed.body.data[0]).toMatchObject({ clientId: a.id, version: put.body.version + 1 });
      expect(changed.body.data[0].leftAt).not.toBeNull();
      expectProblem(await t.http.delete(`/v1/groups/${group.id}/members/${a.id}`).set(as), 404, 'NOT_FOUND');
      expect((await t.http.get(`/v1/groups/${group.id}`).set(as)).body.memberCount).toBe(1);
      expect((await t.http.put(`/v1/groups/${group.id}/members/${a.id}`).set(as)).status).toBe(200);
      expect((await t.http.get(`/v1/groups/${group.id}`).set(as)).body.memberCount).toBe(2);
      const byClient = await t.http.get('/v1/groups').query({ clientId: a.id }).set(owner);
      expect(byClient.body.data.map((g: { id: string }) => g.id)).toEqual([group.id]);
    });

    it('keeps to capacity, also under concurrent joins, and takes no one into a closed group', async () => {
      const group = await createGroup(owner, { capacity: 2 });
      const clients = await Promise.all([1, 2, 3, 4].map(() => createClient(t, owner, ROSA)));
      const results = await Promise.all(clients.map((c) => t.http.put(`/v1/groups/${group.id}/members/${c.id}`).set(owner)));
      expect(results.filter((r) => r.status === 200)).toHaveLength(2);
      for (const r of results.filter((res) => res.status !== 200)) expectProblem(r, 409, 'GROUP_FULL');
      expectProblem(await t.http.patch(`/v1/groups/${group.id}`).set(owner).send({ capacity: 1 }), 409, 'GROUP_FULL');
      const closed = await createGroup(owner, { status: 'closed' });
      expectProblem(await t.http.put(`/v1/groups/${closed.id}/members/${clients[0].id}`).set(owner), 409, 'GROUP_CLOSED');
    });

    it('ends the group memberships of a client who is archived: counts and the summary drop them, and a restore does not re-add them', async () => {
      const [group, other] = [await createGroup(owner), await createGroup(owner)];
      const [leaving, staying] = [await createClient(t, owner, ROSA), await createClient(t, owner, ROSA)];
      for (const g of [group, other]) {
        for (const c of [leaving, staying]) expect((await t.http.put(`/v1/groups/${g.id}/members/${c.id}`).set(owner)).status).toBe(200);
      }
      const before = (await t.http.get(`/v1/groups/${group.id}`).set(owner)).body;
      expect(before.memberCount).toBe(2);
      const clientIds = (res: { body: { data?: { clientId: string }[]; members?: { clientId: string }[] } }) =>
        (res.body.data ?? res.body.members ?? []).map((m) => m.clientId);

      const [{ now }] = await t.dataSource.query('SELECT now() AS now');
      expect((await t.http.delete(`/v1/clients/${leaving.id}`).set(owner)).status).toBe(200);
      for (const g of [group, other]) {
        const read = (await t.http.get(`/v1/groups/${g.id}`).set(owner)).body;
        expect(read.memberCount).toBe(1);
        expect(clientIds(await t.http.get(`/v1/groups/${g.id}/members`).set(owner))).toEqual([staying.id]);
        expect(clientIds(await t.http.get(`/v1/groups/${g.id}/assignments/summary`).set(owner))).toEqual([staying.id]);
      }
      // A sync sees the membership end, and the group change with it.
      const synced = await t.http.get(`/v1/groups/${group.id}/members`).query({ updatedSince: new Date(now).toISOString() }).set(owner);
      expect(synced.body.data).toEqual([expect.objectContaining({ clientId: leaving.id, leftAt: expect.any(String) })]);
      expect((await t.http.get(`/v1/groups/${group.id}`).set(owner)).body.version).toBeGreaterThan(before.version);
      expect(clientIds(await t.http.get('/v1/groups').query({ clientId: leaving.id }).set(owner))).toEqual([]);

      expect((await t.http.post(`/v1/clients/${leaving.id}/restore`).set(owner)).status).toBe(200);
      expect((await t.http.get(`/v1/groups/${group.id}`).set(owner)).body.memberCount).toBe(1);
      expect(clientIds(await t.http.get(`/v1/groups/${group.id}/members`).set(owner))).toEqual([staying.id]);
      // Rejoining is the facilitator's decision, made the usual way.
      expect((await t.http.put(`/v1/groups/${group.id}/members/${leaving.id}`).set(owner)).status).toBe(200);
      expect((await t.http.get(`/v1/groups/${group.id}`).set(owner)).body.memberCount).toBe(2);
    });

    it('takes no archived client into a group: 409 SUBJECT_ARCHIVED, and no membership', async () => {
      const group = await createGroup(owner);
      const archived = await createClient(t, owner, ROSA);
      await t.http.delete(`/v1/clients/${archived.id}`).set(owner);
      expectProblem(await t.http.put(`/v1/groups/${group.id}/members/${archived.id}`).set(owner), 409, 'SUBJECT_ARCHIVED');
      const rows = await t.dataSource.query('SELECT 1 FROM group_members WHERE group_id = $1', [group.id]);
      expect(rows).toEqual([]);
      expect((await t.http.get(`/v1/groups/${group.id}`).set(owner)).body).toMatchObject({ memberCount: 0, version: group.version });
    });

    it('answers 404 for a client of another organization', async () => {
      const group = await createGroup(owner);
      const other = await signupOrganization(t, 'Client Elsewhere');
      const theirs = await t.http.post('/v1/clients').set(bearer(other.owner.token)).send({ firstName: 'A', lastName: 'B' });
      expectProblem(await t.http.put(`/v1/groups/${group.id}/members/${theirs.body.id}`).set(owner), 404, 'NOT_FOUND');
      expectProblem(await t.http.put(`/v1/groups/${group.id}/members/${randomUUID()}`).set(owner), 404, 'NOT_FOUND');
    });
  });

  describe('access', () => {
    let group: { id: string };
    let client: { id: string };

    beforeAll(async () => {
      group = await createGroup(bearer(facilitator.token));
      client = await createClient(t, owner, ROSA);
      await t.http.put(`/v1/groups/${group.id}/members/${client.id}`).set(owner);
    });

    const everyRoute = (as: Record<string, string>, id: string, clientId: string) => [
      t.http.get(`/v1/groups/${id}`).set(as),
      t.http.patch(`/v1/groups/${id}`).set(as).send({ name: 'x' }),
      t.http.delete(`/v1/groups/${id}`).set(as),
      t.http.post(`/v1/groups/${id}/restore`).set(as),
      t.http.get(`/v1/groups/${id}/members`).set(as),
      t.http.put(`/v1/groups/${id}/members/${clientId}`).set(as),
      t.http.delete(`/v1/groups/${id}/members/${clientId}`).set(as),
    ];

    it('shows a facilitator only the groups they run, and never the members’ client records', async () => {
      const as = bearer(facilitator.token);
      const list = await t.http.get('/v1/groups').query({ limit: 100 }).set(as);
      expect(list.body.data.length).toBeGreaterThan(0);
      for (const g of list.body.data) expect(g.facilitatorUserId).toBe(facilitator.id);
      const ownersGroup = await createGroup(owner);
      expect(list.body.data.map((g: { id: string }) => g.id)).not.toContain(ownersGroup.id);
      expectProblem(await t.http.get(`/v1/clients/${client.id}`).set(as), 403, 'FORBIDDEN');
      expectProblem(await t.http.get('/v1/clients').set(as), 403, 'FORBIDDEN');
      for (const res of await Promise.all(everyRoute(as, ownersGroup.id, client.id))) expectProblem(res, 404, 'NOT_FOUND');
    });

    it('answers 404 to a practitioner who does not run the group, on every route', async () => {
      for (const res of await Promise.all(everyRoute(bearer(practitioner.token), group.id, client.id))) expectProblem(res, 404, 'NOT_FOUND');
    });

    it('answers 404 to another organization on every route, and lists nothing of ours', async () => {
      const other = await signupOrganization(t, 'Elsewhere');
      const { key } = await addApiKey(t, other, 'integration');
      for (const as of [bearer(other.owner.token), { 'X-API-Key': key }]) {
        for (const res of await Promise.all(everyRoute(as, group.id, client.id))) expectProblem(res, 404, 'NOT_FOUND');
        expect((await t.http.get('/v1/groups').set(as)).body.data).toEqual([]);
      }
      expect((await t.http.get(`/v1/groups/${group.id}/members`).set(owner)).body.data).toHaveLength(1);
    });

    it('lets a readonly key read groups and members but not write', async () => {
      const { key } = await addApiKey(t, org, 'readonly');
      expect((await t.http.get(`/v1/groups/${group.id}`).set('X-API-Key', key)).status).toBe(200);
      expect((await t.http.get(`/v1/groups/${group.id}/members`).set('X-API-Key', key)).body.data).toHaveLength(1);
      expectProblem(await t.http.post('/v1/groups').set('X-API-Key', key).send({ name: 'x' }), 403, 'FORBIDDEN');
      expectProblem(await t.http.put(`/v1/groups/${group.id}/members/${client.id}`).set('X-API-Key', key), 403, 'FORBIDDEN');
    });

    it('audits reads and writes of groups', async () => {
      await t.http.get(`/v1/groups/${group.id}/members`).set(bearer(facilitator.token));
      await t.app.get(AuditWriter).drain();
      const events: { action: string; resource_id: string; status: number }[] = await t.dataSource.query(
        `SELECT action, resource_id, status FROM audit_events WHERE actor_id = $1 AND resource_type = 'groups' ORDER BY occurred_at DESC, id DESC LIMIT 1`,
        [facilitator.id],
      );
      expect(events[0]).toMatchObject({ action: 'listGroupMembers', resource_id: group.id, status: 200 });
    });
  });
});
