import { randomUUID } from 'node:crypto';
import { AuditWriter } from '../src/audit/audit.writer';
import { builtInExerciseId } from '../src/exercises/built-in/exercise-ids';
import { REBUILDING_TRUST_PROGRAM_ID } from '../src/programs/built-in/rebuilding-trust';
import { addApiKey, addStaff, bearer, createClient, Org, signupOrganization, Staff } from './support/factories';
import { expectProblem } from './support/problem';
import { startTestApp, TestApp } from './support/test-app';

type Headers = Record<string, string>;
interface Assignment {
  id: string;
  batchId: string;
  exerciseId: string;
  exercise: { id: string; key: string; title: string; stepKey: string; practiceKey: string | null; builtIn: boolean };
  clientId: string;
  client: { id: string; firstName: string; lastName: string; preferredName: string | null };
  coupleId: string | null;
  groupId: string | null;
  assignedBy: { type: string; id: string };
  dueOn: string | null;
  instructions: string | null;
  status: string;
  overdue: boolean;
  response: string | null;
  startedAt: string | null;
  completedAt: string | null;
  skippedAt: string | null;
  version: number;
}
interface Batch {
  batchId: string;
  assignments: Assignment[];
}

const APOLOGY = builtInExerciseId('write-a-specific-apology');
const HEAR = builtInExerciseId('hear-and-reflect-the-hurt');
const REFLECTION = 'I realised I kept saying "but" and it undid every apology I made to him.';

describe('assignments', () => {
  let t: TestApp;
  let org: Org;
  let owner: Headers;
  let practitioner: Staff;
  let outsider: Staff;
  let facilitator: Staff;
  let otherFacilitator: Staff;
  let readonlyKey: Headers;
  let client: { id: string };
  let couple: { id: string; a: string; b: string };
  let group: { id: string };
  let members: { id: string; lastName: string }[];
  let former: { id: string };

  // Clients carry contact details so that the tests can see assignment views leave them out.
  const ARI = { firstName: 'Ari', email: 'ari@example.org', phone: '+1 555 0199' };
  const createGroup = async (as: Headers, memberIds: string[] = []) => {
    const res = await t.http.post('/v1/groups').set(as).send({ name: `Circle ${randomUUID().slice(0, 6)}` });
    if (res.status !== 201) throw new Error(`group: ${res.status} ${res.text}`);
    for (const id of memberIds) await t.http.put(`/v1/groups/${res.body.id}/members/${id}`).set(as);
    return { id: res.body.id as string };
  };
  const assign = async (as: Headers, body: Record<string, unknown>): Promise<Batch> => {
    const res = await t.http.post('/v1/assignments').set(as).send({ exerciseId: APOLOGY, ...body });
    if (res.status !== 201) throw new Error(`assign: ${res.status} ${res.text}`);
    return res.body;
  };
  const patch = (as: Headers, id: string, body: Record<string, unknown>) => t.http.patch(`/v1/assignments/${id}`).set(as).send(body);
  const countBatch = async (batchId: string) =>
    (await t.dataSource.query('SELECT count(*)::int AS n FROM assignments WHERE batch_id = $1', [batchId]))[0].n as number;

  beforeAll(async () => {
    t = await startTestApp();
    org = await signupOrganization(t);
    owner = bearer(org.owner.token);
    practitioner = await addStaff(t, org, 'practitioner');
    outsider = await addStaff(t, org, 'practitioner');
    facilitator = await addStaff(t, org, 'facilitator');
    otherFacilitator = await addStaff(t, org, 'facilitator');
    readonlyKey = { 'X-API-Key': (await addApiKey(t, org, 'readonly')).key };
    const as = bearer(practitioner.token);
    client = await createClient(t, as, ARI);
    const a = await createClient(t, as, ARI);
    const b = await createClient(t, as, ARI);
    const res = await t.http.post('/v1/couples').set(as).send({ partnerIds: [a.id, b.id] });
    couple = { id: res.body.id, a: a.id, b: b.id };
    members = [];
    for (let i = 0; i < 5; i++) members.push(await createClient(t, owner, i === 0 ? { ...ARI, preferredName: 'Jo' } : ARI));
    former = await createClient(t, owner, ARI);
    group = await createGroup(bearer(facilitator.token), [...members.map((m) => m.id), former.id]);
    await t.http.delete(`/v1/groups/${group.id}/members/${former.id}`).set(bearer(facilitator.token));
  });
  afterAll(() => t.close());

  describe('creating', () => {
    it('fans a group assignment out to its five current members; a retry with the same Idempotency-Key gives the same five', async () => {
      const key = randomUUID();
      const body = { exerciseId: HEAR, groupId: group.id, dueOn: '2031-03-01', instructions: 'Bring it to Thursday’s circle.' };
      const first = await t.http.post('/v1/assignments').set(bearer(facilitator.token)).set('Idempotency-Key', key).send(body);
      expect(first.status).toBe(201);
      expect(first.body.assignments).toHaveLength(5);
      expect(first.body.assignments.map((a: Assignment) => a.clientId)).toEqual(members.map((m) => m.id));
      for (const a of first.body.assignments as Assignment[]) {
        expect(a).toMatchObject({
          batchId: first.body.batchId,
          exerciseId: HEAR,
          exercise: { key: 'hear-and-reflect-the-hurt', stepKey: 'acknowledge-the-hurt', builtIn: true },
          groupId: group.id,
          coupleId: null,
          assignedBy: { type: 'user', id: facilitator.id },
          dueOn: '2031-03-01',
          instructions: 'Bring it to Thursday’s circle.',
          status: 'assigned',
          overdue: false,
          response: null,
          version: 1,
        });
        expect(Object.keys(a.client).sort()).toEqual(['firstName', 'id', 'lastName', 'preferredName']);
      }
      expect(first.body.assignments[0].client).toMatchObject({ firstName: 'Ari', preferredName: 'Jo' });
      expect(first.body.assignments.map((a: Assignment) => a.clientId)).not.toContain(former.id);

      const retry = await t.http.post('/v1/assignments').set(bearer(facilitator.token)).set('Idempotency-Key', key).send(body);
      expect(retry.status).toBe(201);
      expect(retry.headers['idempotency-replayed']).toBe('true');
      expect(retry.body).toEqual(first.body);
      expect(await countBatch(first.body.batchId)).toBe(5);
      const inGroup = await t.dataSource.query('SELECT count(*)::int AS n FROM assignments WHERE group_id = $1 AND exercise_id = $2', [group.id, HEAR]);
      expect(inGroup[0].n).toBe(5);
      expect(await t.dataSource.query('SELECT id FROM assignments WHERE client_id = $1', [former.id])).toEqual([]);
    });

    it('gives five, not ten, when the same request is sent twice at once', async () => {
      const fresh = await createGroup(owner, members.map((m) => m.id));
      const key = randomUUID();
      const send = () => t.http.post('/v1/assignments').set(owner).set('Idempotency-Key', key).send({ exerciseId: HEAR, groupId: fresh.id });
      const results = await Promise.all([send(), send()]);
      expect(results.some((r) => r.status === 201)).toBe(true);
      for (const r of results.filter((res) => res.status !== 201)) expectProblem(r, 409, 'CONFLICT');
      const rows = await t.dataSource.query('SELECT count(*)::int AS n, count(DISTINCT batch_id)::int AS batches FROM assignments WHERE group_id = $1', [fresh.id]);
      expect(rows[0]).toEqual({ n: 5, batches: 1 });
    });

    it('gives a couple’s assignment to both partners, and a client’s to the client alone', async () => {
      const batch = await assign(bearer(practitioner.token), { coupleId: couple.id, dueOn: '2031-04-01' });
      expect(batch.assignments.map((a) => a.clientId).sort()).toEqual([couple.a, couple.b].sort());
      for (const a of batch.assignments) expect(a).toMatchObject({ coupleId: couple.id, groupId: null, batchId: batch.batchId });
      const single = await assign(bearer(practitioner.token), { clientId: client.id });
      expect(single.assignments).toHaveLength(1);
      expect(single.assignments[0]).toMatchObject({ clientId: client.id, coupleId: null, groupId: null, dueOn: null, instructions: null });
      const read = await t.http.get(`/v1/assignments/${single.assignments[0].id}`).set(bearer(practitioner.token));
      expect(read.status).toBe(200);
      expect(read.headers.etag).toBe('"1"');
      expect(read.body).toEqual(single.assignments[0]);
    });

    it('refuses bad input and impossible fan-outs, creating nothing', async () => {
      const before = (await t.dataSource.query('SELECT count(*)::int AS n FROM assignments'))[0].n;
      const none = expectProblem(await t.http.post('/v1/assignments').set(owner).send({ exerciseId: APOLOGY }), 400, 'VALIDATION_FAILED');
      expect((none.errors as { field: string }[]).map((e) => e.field).sort()).toEqual(['clientId', 'coupleId', 'groupId']);
      const two = expectProblem(await t.http.post('/v1/assignments').set(owner).send({ exerciseId: APOLOGY, clientId: client.id, groupId: group.id }), 400, 'VALIDATION_FAILED');
      expect((two.errors as { field: string }[]).map((e) => e.field).sort()).toEqual(['clientId', 'groupId']);
      const bad = await t.http.post('/v1/assignments').set(owner).send({ exerciseId: 'x', clientId: client.id, dueOn: '2031-02-30', instructions: '', extra: 1 });
      expect([...new Set((expectProblem(bad, 400, 'VALIDATION_FAILED').errors as { field: string }[]).map((e) => e.field))].sort()).toEqual([
        'dueOn',
        'exerciseId',
        'extra',
        'instructions',
      ]);
      expectProblem(await t.http.post('/v1/assignments').set(owner).send({ exerciseId: randomUUID(), clientId: client.id }), 404, 'NOT_FOUND');
      const other = await signupOrganization(t, 'Exercise Elsewhere');
      const theirs = await t.http.post('/v1/exercises').set(bearer(other.owner.token)).send({ key: 'theirs', stepKey: 'apologize-sincerely', title: 'T', instructions: 'I' });
      expectProblem(await t.http.post('/v1/assignments').set(owner).send({ exerciseId: theirs.body.id, clientId: client.id }), 404, 'NOT_FOUND');
      const archived = await t.http.post('/v1/exercises').set(owner).send({ key: 'archived-one', stepKey: 'apologize-sincerely', title: 'T', instructions: 'I' });
      await t.http.delete(`/v1/exercises/${archived.body.id}`).set(owner);
      expectProblem(await t.http.post('/v1/assignments').set(owner).send({ exerciseId: archived.body.id, clientId: client.id }), 409, 'EXERCISE_ARCHIVED');
      const empty = await createGroup(owner);
      expectProblem(await t.http.post('/v1/assignments').set(owner).send({ exerciseId: APOLOGY, groupId: empty.id }), 409, 'GROUP_HAS_NO_MEMBERS');
      const left = await createGroup(owner, [members[0].id]);
      await t.http.delete(`/v1/groups/${left.id}/members/${members[0].id}`).set(owner);
      expectProblem(await t.http.post('/v1/assignments').set(owner).send({ exerciseId: APOLOGY, groupId: left.id }), 409, 'GROUP_HAS_NO_MEMBERS');
      const closed = await createGroup(owner, [members[0].id]);
      await t.http.patch(`/v1/groups/${closed.id}`).set(owner).send({ status: 'closed' });
      expectProblem(await t.http.post('/v1/assignments').set(owner).send({ exerciseId: APOLOGY, groupId: closed.id }), 409, 'GROUP_CLOSED');
      const gone = await createClient(t, owner, ARI);
      await t.http.delete(`/v1/clients/${gone.id}`).set(owner);
      expectProblem(await t.http.post('/v1/assignments').set(owner).send({ exerciseId: APOLOGY, clientId: gone.id }), 409, 'SUBJECT_ARCHIVED');
      expect((await t.dataSource.query('SELECT count(*)::int AS n FROM assignments'))[0].n).toBe(before);
    });
  });

  describe('moving an assignment on', () => {
    it('goes assigned → in progress → completed with the response, with If-Match, then is closed', async () => {
      const [a] = (await assign(bearer(practitioner.token), { clientId: client.id })).assignments;
      const as = bearer(practitioner.token);
      const started = await patch(as, a.id, { status: 'in_progress' }).set('If-Match', '"1"');
      expect(started.status).toBe(200);
      expect(started.body).toMatchObject({ status: 'in_progress', version: 2, completedAt: null });
      expect(started.body.startedAt).not.toBeNull();
      expect(started.headers.etag).toBe('"2"');
      expectProblem(await patch(as, a.id, { status: 'completed' }).set('If-Match', '"1"'), 412, 'PRECONDITION_FAILED');
      expectProblem(await patch(as, a.id, { status: 'in_progress' }), 409, 'ASSIGNMENT_ALREADY_IN_STATE');
      const draft = await patch(as, a.id, { response: 'A first draft.' });
      expect(draft.body).toMatchObject({ status: 'in_progress', response: 'A first draft.', version: 3 });
      const done = await patch(as, a.id, { status: 'completed', response: REFLECTION }).set('If-Match', '"3"');
      expect(done.status).toBe(200);
      expect(done.body).toMatchObject({ status: 'completed', response: REFLECTION, startedAt: started.body.startedAt, version: 4 });
      expect(done.body.completedAt).not.toBeNull();
      expectProblem(await patch(as, a.id, { status: 'completed' }), 409, 'ASSIGNMENT_ALREADY_IN_STATE');
      expectProblem(await patch(as, a.id, { status: 'skipped' }), 409, 'ASSIGNMENT_CLOSED');
      expectProblem(await patch(as, a.id, { status: 'in_progress' }), 409, 'ASSIGNMENT_CLOSED');
      expectProblem(await patch(as, a.id, { response: 'changed my mind' }), 409, 'ASSIGNMENT_CLOSED');
      expect((await t.http.get(`/v1/assignments/${a.id}`).set(as)).body).toMatchObject({ status: 'completed', response: REFLECTION, version: 4 });
    });

    it('completes or skips straight from assigned; skipped is final; an empty PATCH changes nothing; bad bodies are 400', async () => {
      const batch = await assign(owner, { coupleId: couple.id });
      const [x, y] = batch.assignments;
      const done = await patch(owner, x.id, { status: 'completed' });
      expect(done.body.startedAt).not.toBeNull();
      expect(done.body.completedAt).not.toBeNull();
      const skipped = await patch(owner, y.id, { status: 'skipped', response: 'Not ready for this yet.' });
      expect(skipped.body).toMatchObject({ status: 'skipped', startedAt: null, completedAt: null, response: 'Not ready for this yet.' });
      expect(skipped.body.skippedAt).not.toBeNull();
      expectProblem(await patch(owner, y.id, { status: 'completed' }), 409, 'ASSIGNMENT_CLOSED');
      expectProblem(await patch(owner, y.id, { status: 'skipped' }), 409, 'ASSIGNMENT_ALREADY_IN_STATE');
      const [z] = (await assign(owner, { clientId: client.id })).assignments;
      const nothing = await patch(owner, z.id, {});
      expect(nothing.status).toBe(200);
      expect(nothing.body).toMatchObject({ status: 'assigned', version: z.version });
      const bad = expectProblem(await patch(owner, z.id, { status: 'assigned', response: 7 }), 400, 'VALIDATION_FAILED');
      expect([...new Set((bad.errors as { field: string }[]).map((e) => e.field))].sort()).toEqual(['response', 'status']);
      expectProblem(await patch(owner, z.id, { response: 'x'.repeat(20_001) }), 400, 'VALIDATION_FAILED');
      expectProblem(await patch(owner, z.id, { response: 'a\u0000b' }), 400, 'VALIDATION_FAILED');
      expect((await t.http.get(`/v1/assignments/${z.id}`).set(owner)).body).toMatchObject({ status: 'assigned', version: 1 });
    });
  });

  describe('lists', () => {
    it('filters by client, couple, group, status, due dates and overdue', async () => {
      const c = await createClient(t, owner, ARI);
      const past = await assign(owner, { clientId: c.id, dueOn: '2020-01-15' });
      const future = await assign(owner, { clientId: c.id, dueOn: '2099-06-01' });
      const undated = await assign(owner, { clientId: c.id });
      const pastDone = await assign(owner, { clientId: c.id, dueOn: '2020-01-10' });
      await patch(owner, pastDone.assignments[0].id, { status: 'completed' });
      const ids = async (query: Record<string, string | number | boolean>) => {
        const res = await t.http.get('/v1/assignments').query({ limit: 100, clientId: c.id, ...query }).set(owner);
        expect(res.status).toBe(200);
        return (res.body.data as Assignment[]).map((a) => a.id).sort();
      };
      const [p, f, u, d] = [past, future, undated, pastDone].map((b) => b.assignments[0].id);
      expect(await ids({})).toEqual([p, f, u, d].sort());
      expect(await ids({ overdue: true })).toEqual([p]);
      expect(await ids({ overdue: false })).toEqual([f, u, d].sort());
      expect(await ids({ status: 'completed' })).toEqual([d]);
      expect(await ids({ dueBefore: '2020-01-15' })).toEqual([d]);
      expect(await ids({ dueBefore: '2020-01-16' })).toEqual([p, d].sort());
      expect(await ids({ dueAfter: '2020-01-15' })).toEqual([f]);
      expect((await t.http.get(`/v1/assignments/${p}`).set(owner)).body.overdue).toBe(true);
      const byCouple = await t.http.get('/v1/assignments').query({ coupleId: couple.id, limit: 100 }).set(owner);
      expect(byCouple.body.data.length).toBeGreaterThan(0);
      for (const a of byCouple.body.data) expect(a.coupleId).toBe(couple.id);
      const byGroup = await t.http.get('/v1/assignments').query({ groupId: group.id, limit: 100 }).set(owner);
      expect(byGroup.body.data).toHaveLength(5);
      const bad = await t.http.get('/v1/assignments').query({ status: 'done', dueBefore: '2031-13-01', overdue: 'yes', clientId: 'x' }).set(owner);
      expect((expectProblem(bad, 400, 'VALIDATION_FAILED').errors as { field: string }[]).map((e) => e.field).sort()).toEqual([
        'clientId',
        'dueBefore',
        'overdue',
        'status',
      ]);
    });

    it('pages with a cursor and syncs with updatedSince', async () => {
      const c = await createClient(t, owner, ARI);
      for (let i = 0; i < 3; i++) await assign(owner, { clientId: c.id });
      const first = await t.http.get('/v1/assignments').query({ clientId: c.id, limit: 2 }).set(owner);
      expect(first.body.data).toHaveLength(2);
      const second = await t.http.get('/v1/assignments').query({ clientId: c.id, limit: 2, cursor: first.body.nextCursor }).set(owner);
      expect(second.body.data).toHaveLength(1);
      expect(second.body.nextCursor).toBeNull();
      const since = new Date().toISOString();
      await patch(owner, first.body.data[1].id, { status: 'in_progress' });
      const changed = await t.http.get('/v1/assignments').query({ clientId: c.id, updatedSince: since }).set(owner);
      expect(changed.body.data.map((a: Assignment) => a.id)).toEqual([first.body.data[1].id]);
    });
  });

  describe('the facilitator’s view', () => {
    it('summarises the group per current member, by name only', async () => {
      const as = bearer(facilitator.token);
      const [first] = (await t.http.get('/v1/assignments').query({ groupId: group.id, clientId: members[0].id }).set(as)).body.data as Assignment[];
      await patch(as, first.id, { status: 'completed', response: 'Listening was harder than talking.' });
      const [second] = (await t.http.get('/v1/assignments').query({ groupId: group.id, clientId: members[1].id }).set(as)).body.data as Assignment[];
      await patch(as, second.id, { status: 'in_progress' });
      await assign(as, { groupId: group.id, dueOn: '2020-02-01' });
      const res = await t.http.get(`/v1/groups/${group.id}/assignments/summary`).set(as);
      expect(res.status).toBe(200);
      expect(res.body.groupId).toBe(group.id);
      expect(res.body.members.map((m: { clientId: string }) => m.clientId)).toEqual(members.map((m) => m.id));
      for (const m of res.body.members) {
        expect(Object.keys(m).sort()).toEqual(['assigned', 'clientId', 'completed', 'firstName', 'inProgress', 'lastName', 'overdue', 'preferredName', 'skipped']);
      }
      expect(res.body.members[0]).toMatchObject({ firstName: 'Ari', lastName: members[0].lastName, preferredName: 'Jo', assigned: 1, inProgress: 0, completed: 1, skipped: 0, overdue: 1 });
      expect(res.body.members[1]).toMatchObject({ assigned: 1, inProgress: 1, completed: 0, overdue: 1 });
      expect(res.body.members[4]).toMatchObject({ assigned: 2, inProgress: 0, completed: 0, overdue: 1 });
      expect(JSON.stringify(res.body)).not.toMatch(/ari@example\.org|\+1 555 0199|Listening/);
    });

    it('shows a facilitator the assignments of groups they run, without unshared responses, and nothing else of the members', async () => {
      const as = bearer(facilitator.token);
      const member = members[2].id;
      const individual = await assign(owner, { clientId: member });
      const otherGroup = await createGroup(bearer(otherFacilitator.token), [member]);
      const elsewhere = await assign(bearer(otherFacilitator.token), { groupId: otherGroup.id });

      const list = await t.http.get('/v1/assignments').query({ limit: 100 }).set(as);
      expect(list.body.data.length).toBeGreaterThan(0);
      for (const a of list.body.data as Assignment[]) {
        expect(a.groupId).toBe(group.id);
        expect(Object.keys(a.client).sort()).toEqual(['firstName', 'id', 'lastName', 'preferredName']);
      }
      expect(JSON.stringify(list.body)).not.toMatch(/ari@example\.org|\+1 555 0199/);
      expect((await t.http.get('/v1/assignments').query({ clientId: member }).set(as)).body.data.every((a: Assignment) => a.groupId === group.id)).toBe(true);
      for (const id of [individual.assignments[0].id, elsewhere.assignments[0].id]) {
        expectProblem(await t.http.get(`/v1/assignments/${id}`).set(as), 404, 'NOT_FOUND');
        expectProblem(await patch(as, id, { status: 'in_progress' }), 404, 'NOT_FOUND');
      }
      expectProblem(await t.http.get(`/v1/groups/${otherGroup.id}/assignments/summary`).set(as), 404, 'NOT_FOUND');
      expectProblem(await t.http.post('/v1/assignments').set(as).send({ exerciseId: APOLOGY, groupId: otherGroup.id }), 404, 'NOT_FOUND');
      expectProblem(await t.http.post('/v1/assignments').set(as).send({ exerciseId: APOLOGY, clientId: member }), 403, 'FORBIDDEN');
      expectProblem(await t.http.post('/v1/assignments').set(as).send({ exerciseId: APOLOGY, coupleId: couple.id }), 403, 'FORBIDDEN');
      expectProblem(await t.http.get(`/v1/clients/${member}`).set(as), 403, 'FORBIDDEN');
      expectProblem(await t.http.get('/v1/clients').set(as), 403, 'FORBIDDEN');

      const mine = (list.body.data as Assignment[]).find((a) => a.status === 'completed');
      // The member has not shared their reflection: the facilitator sees the status only; the owner reads it.
      const read = await t.http.get(`/v1/assignments/${mine!.id}`).set(as);
      expect(read.body).toMatchObject({ status: 'completed', response: null, shareReflection: false });
      expect((await t.http.get(`/v1/assignments/${mine!.id}`).set(owner)).body.response).toBe('Listening was harder than talking.');
    });
  });

  describe('the enrollment timeline', () => {
    it('records assignment_completed on the client’s and the couple’s open enrollments, without the response', async () => {
      const as = bearer(practitioner.token);
      const a = await createClient(t, as, ARI);
      const b = await createClient(t, as, ARI);
      const pair = (await t.http.post('/v1/couples').set(as).send({ partnerIds: [a.id, b.id] })).body.id as string;
      const enroll = async (body: Record<string, string>) => {
        const res = await t.http.post('/v1/enrollments').set(as).send({ programId: REBUILDING_TRUST_PROGRAM_ID, ...body });
        if (res.status !== 201) throw new Error(`enroll: ${res.status} ${res.text}`);
        return res.body.id as string;
      };
      const coupleEnrollment = await enroll({ coupleId: pair });
      const ownEnrollment = await enroll({ clientId: a.id });
      const partnerEnrollment = await enroll({ clientId: b.id });
      const batch = await assign(as, { coupleId: pair });
      const mine = batch.assignments.find((x) => x.clientId === a.id)!;
      await patch(as, mine.id, { status: 'in_progress' });
      const done = await patch(as, mine.id, { status: 'completed', response: REFLECTION });
      expect(done.status).toBe(200);

      const events = async (enrollmentId: string) => {
        const res = await t.http.get(`/v1/enrollments/${enrollmentId}/events`).query({ limit: 100 }).set(as);
        expect(res.status).toBe(200);
        return res.body.data as { type: string; stepKey: string | null; practiceKey: string | null; actor: unknown; data: unknown; source: unknown }[];
      };
      for (const enrollmentId of [coupleEnrollment, ownEnrollment]) {
        const completed = (await events(enrollmentId)).filter((e) => e.type === 'assignment_completed');
        expect(completed).toHaveLength(1);
        expect(completed[0]).toMatchObject({
          stepKey: 'apologize-sincerely',
          practiceKey: 'be-specific',
          actor: { type: 'user', id: practitioner.id },
          data: { exerciseId: APOLOGY, exerciseTitle: 'Write a specific apology', clientId: a.id },
          source: { type: 'assignment', id: mine.id },
        });
        expect(JSON.stringify(completed[0])).not.toContain('apology I made');
      }
      expect((await events(partnerEnrollment)).filter((e) => e.type === 'assignment_completed')).toEqual([]);
      const stored = await t.dataSource.query(`SELECT count(*)::int AS n FROM enrollment_events WHERE data::text LIKE '%apology I made%'`);
      expect(stored[0].n).toBe(0);
    });
  });

  describe('access', () => {
    let individual: Assignment;
    let groupAssignment: Assignment;

    beforeAll(async () => {
      individual = (await assign(bearer(practitioner.token), { clientId: client.id })).assignments[0];
      groupAssignment = (await t.http.get('/v1/assignments').query({ groupId: group.id, limit: 1 }).set(owner)).body.data[0];
    });

    const everyRoute = (as: Headers, id: string) => [
      t.http.get(`/v1/assignments/${id}`).set(as),
      t.http.patch(`/v1/assignments/${id}`).set(as).send({ status: 'in_progress' }),
    ];

    it('answers 404 to a practitioner outside the caseload, who lists none of it and assigns none', async () => {
      const as = bearer(outsider.token);
      for (const id of [individual.id, groupAssignment.id]) for (const res of await Promise.all(everyRoute(as, id))) expectProblem(res, 404, 'NOT_FOUND');
      expectProblem(await t.http.post('/v1/assignments').set(as).send({ exerciseId: APOLOGY, clientId: client.id }), 404, 'NOT_FOUND');
      expectProblem(await t.http.post('/v1/assignments').set(as).send({ exerciseId: APOLOGY, coupleId: couple.id }), 404, 'NOT_FOUND');
      expectProblem(await t.http.post('/v1/assignments').set(as).send({ exerciseId: APOLOGY, groupId: group.id }), 404, 'NOT_FOUND');
      expectProblem(await t.http.get(`/v1/groups/${group.id}/assignments/summary`).set(as), 404, 'NOT_FOUND');
      expect((await t.http.get('/v1/assignments').set(as)).body.data).toEqual([]);
      expect((await t.http.get(`/v1/assignments/${individual.id}`).set(owner)).body.status).toBe('assigned');
    });

    it('answers 404 to another organization on every route with an id, and lists nothing of ours', async () => {
      const other = await signupOrganization(t, 'Elsewhere');
      const { key } = await addApiKey(t, other, 'integration');
      for (const as of [bearer(other.owner.token), { 'X-API-Key': key }]) {
        for (const res of await Promise.all(everyRoute(as, individual.id))) expectProblem(res, 404, 'NOT_FOUND');
        expectProblem(await t.http.get(`/v1/groups/${group.id}/assignments/summary`).set(as), 404, 'NOT_FOUND');
        expectProblem(await t.http.post('/v1/assignments').set(as).send({ exerciseId: APOLOGY, clientId: client.id }), 404, 'NOT_FOUND');
        expectProblem(await t.http.post('/v1/assignments').set(as).send({ exerciseId: APOLOGY, groupId: group.id }), 404, 'NOT_FOUND');
        expect((await t.http.get('/v1/assignments').set(as)).body.data).toEqual([]);
        expect((await t.http.get('/v1/assignments').query({ clientId: client.id }).set(as)).body.data).toEqual([]);
      }
    });

    it('lets a readonly key read but not write', async () => {
      expect((await t.http.get(`/v1/assignments/${individual.id}`).set(readonlyKey)).status).toBe(200);
      expect((await t.http.get('/v1/assignments').set(readonlyKey)).body.data.length).toBeGreaterThan(0);
      expect((await t.http.get(`/v1/groups/${group.id}/assignments/summary`).set(readonlyKey)).status).toBe(200);
      expectProblem(await t.http.post('/v1/assignments').set(readonlyKey).send({ exerciseId: APOLOGY, clientId: client.id }), 403, 'FORBIDDEN');
      expectProblem(await patch(readonlyKey, individual.id, { status: 'in_progress' }), 403, 'FORBIDDEN');
    });

    it('audits reads and writes, and keeps responses out of the audit trail', async () => {
      const as = bearer(practitioner.token);
      await patch(as, individual.id, { status: 'completed', response: REFLECTION });
      await t.http.get(`/v1/assignments/${individual.id}`).set(as);
      await t.app.get(AuditWriter).drain();
      const events: { action: string; resource_type: string; resource_id: string; status: number }[] = await t.dataSource.query(
        `SELECT action, resource_type, resource_id, status FROM audit_events WHERE actor_id = $1 ORDER BY occurred_at DESC, id DESC LIMIT 2`,
        [practitioner.id],
      );
      expect(events).toEqual([
        { action: 'getAssignment', resource_type: 'assignments', resource_id: individual.id, status: 200 },
        { action: 'updateAssignment', resource_type: 'assignments', resource_id: individual.id, status: 200 },
      ]);
      const leaked = await t.dataSource.query(`SELECT count(*)::int AS n FROM audit_events WHERE detail::text LIKE '%apology I made%' OR detail::text LIKE '%Listening%'`);
      expect(leaked[0].n).toBe(0);
      const summary = await t.dataSource.query(`SELECT action, resource_type FROM audit_events WHERE actor_id = $1 AND action = 'getGroupAssignmentSummary' LIMIT 1`, [facilitator.id]);
      expect(summary).toEqual([{ action: 'getGroupAssignmentSummary', resource_type: 'groups' }]);
    });
  });
});
