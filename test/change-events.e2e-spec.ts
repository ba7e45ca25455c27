import { randomUUID } from 'node:crypto';
import { Transactions } from '../src/database/transactions';
import { REBUILDING_TRUST_PROGRAM, REBUILDING_TRUST_PROGRAM_ID } from '../src/programs/built-in/rebuilding-trust';
import { builtInExerciseId } from '../src/exercises/built-in/exercise-ids';
import { ChangeEvents } from '../src/events/change-events';
import { ChangeRetention } from '../src/events/change-retention';
import { ROUTE_CHANGES, ROUTES_WITHOUT_CHANGES } from '../src/events/change-types';
import { Change, follow } from './support/changes';
import { addApiKey, addStaff, bearer, createClient, createCouple, Org, signupOrganization } from './support/factories';
import { spec } from './support/openapi-schema';
import { expectProblem } from './support/problem';
import { startTestApp, TestApp } from './support/test-app';

type Headers = Record<string, string>;

const APOLOGY = builtInExerciseId('write-a-specific-apology');
const STEP_KEYS = REBUILDING_TRUST_PROGRAM.steps.map((s) => s.key);

describe('change events and the changes feed', () => {
  let t: TestApp;
  let org: Org;
  let owner: Headers;

  beforeAll(async () => {
    t = await startTestApp();
    org = await signupOrganization(t);
    owner = bearer(org.owner.token);
  });

  afterAll(async () => {
    await t?.close();
  });

  it('knows the change of every write route of the spec (or that it changes nothing)', () => {
    const writes = Object.entries(spec.paths).flatMap(([path, item]) =>
      Object.keys(item as object)
        .filter((method) => ['post', 'put', 'patch', 'delete'].includes(method))
        .map((method) => `${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`),
    );
    expect(writes.length).toBeGreaterThan(50);
    const unknown = writes.filter((route) => !ROUTE_CHANGES[route] && !ROUTES_WITHOUT_CHANGES.has(route));
    expect(unknown).toEqual([]);
  });

  it('records a client’s create, update, archive and restore with ids and versions, no client data, in commit order', async () => {
    const start = (await follow(t, owner)).cursor;
    const client = await createClient(t, owner, { email: 'noor@example.org' });
    const patched = await t.http.patch(`/v1/clients/${client.id}`).set(owner).send({ preferredName: 'Nono' });
    expect(patched.status).toBe(200);
    expect((await t.http.delete(`/v1/clients/${client.id}`).set(owner)).status).toBe(200);
    expect((await t.http.post(`/v1/clients/${client.id}/restore`).set(owner)).status).toBe(200);

    const { changes } = await follow(t, owner, start);
    expect(changes.map((c) => [c.type, c.resourceId, c.version, c.actorType])).toEqual([
      ['client.created', client.id, 1, 'user'],
      ['client.updated', client.id, 2, 'user'],
      ['client.archived', client.id, 3, 'user'],
      ['client.restored', client.id, 4, 'user'],
    ]);
    const positions = changes.map((c) => BigInt(c.position));
    positions.forEach((p, i) => expect(p).toBe(BigInt(start) + BigInt(i + 1)));
    const text = JSON.stringify(changes);
    for (const secret of ['Noor', client.lastName, 'noor@example.org', 'Nono']) expect(text).not.toContain(secret);
  });

  it('records step moves, session completion, assignment completion and care-team changes; a refusal records nothing', async () => {
    const start = (await follow(t, owner)).cursor;
    const practitioner = await addStaff(t, org, 'practitioner');
    const couple = await createCouple(t, owner);
    expect((await t.http.put(`/v1/couples/${couple.id}/care-team/${practitioner.id}`).set(owner).send({})).status).toBe(200);
    const refused = await t.http.patch(`/v1/couples/${couple.id}`).set(owner).set('If-Match', '"99"').send({ label: 'X' });
    expectProblem(refused, 412, 'PRECONDITION_FAILED');

    const enrollment = await t.http.post('/v1/enrollments').set(owner).send({ programId: REBUILDING_TRUST_PROGRAM_ID, coupleId: couple.id });
    expect(enrollment.status).toBe(201);
    const moved = await t.http.patch(`/v1/enrollments/${enrollment.body.id}/steps/${STEP_KEYS[0]}`).set(owner).send({ status: 'in_progress' });
    expect(moved.status).toBe(200);

    const client = await createClient(t, owner);
    expect((await t.http.post(`/v1/clients/${client.id}/safety-screenings`).set(owner).send({ result: 'clear' })).status).toBe(201);
    const session = await t.http
      .post('/v1/sessions')
      .set(owner)
      .send({ kind: 'individual', clientId: client.id, startsAt: '2021-03-04T09:00:00.000Z', durationMinutes: 50, modality: 'in_person' });
    expect(session.status).toBe(201);
    const completed = await t.http
      .post(`/v1/sessions/${session.body.id}/complete`)
      .set(owner)
      .send({ attendance: [{ clientId: client.id, attended: true }], stepsAddressed: [], note: { format: 'free_text', text: 'Private words.' } });
    expect(completed.status).toBe(200);

    const assigned = await t.http.post('/v1/assignments').set(owner).send({ exerciseId: APOLOGY, clientId: client.id });
    expect(assigned.status).toBe(201);
    const assignment = assigned.body.assignments[0];
    const done = await t.http.patch(`/v1/assignments/${assignment.id}`).set(owner).send({ status: 'completed' });
    expect(done.status).toBe(200);

    const { changes } = await follow(t, owner, start);
    expect(changes.map((c) => [c.type, c.resourceId, c.version])).toEqual([
      ['client.created', couple.a, 1],
      ['client.created', couple.b, 1],
      ['couple.created', couple.id, 1],
      ['couple.care_team_changed', couple.id, null],
      ['enrollment.created', enrollment.body.id, enrollment.body.version],
      ['enrollment.step_moved', enrollment.body.id, moved.body.version],
      ['client.created', client.id, 1],
      ['safety_screening.created', expect.any(String), 1],
      ['session.created', session.body.id, session.body.version],
      ['session.completed', session.body.id, completed.body.version],
      ['assignment.created', assignment.id, assignment.version],
      ['assignment.completed', assignment.id, done.body.version],
    ]);
    expect(JSON.stringify(changes)).not.toContain('Private words.');
  });

  it('names an API key as the actor, lets owners, admins and keys read, and refuses practitioners', async () => {
    const key = await addApiKey(t, org, 'integration');
    const readonly = await addApiKey(t, org, 'readonly');
    const start = (await follow(t, owner)).cursor;
    await createClient(t, { 'X-API-Key': key.key });
    const { changes } = await follow(t, { 'X-API-Key': readonly.key }, start);
    expect(changes.map((c) => [c.type, c.actorType])).toEqual([['client.created', 'apiKey']]);
    const admin = await addStaff(t, org, 'admin');
    expect((await t.http.get('/v1/changes').set(bearer(admin.token))).status).toBe(200);
    const practitioner = await addStaff(t, org, 'practitioner');
    expectProblem(await t.http.get('/v1/changes').set(bearer(practitioner.token)), 403, 'FORBIDDEN');
  });

  it('shows one organization only its own changes', async () => {
    const other = await signupOrganization(t, 'Elsewhere');
    await createClient(t, bearer(other.owner.token));
    const { changes } = await follow(t, bearer(other.owner.token));
    expect(changes.map((c) => c.type)).toEqual(['client.created']);
  });

  it('filters by type and moves the cursor past the changes it skipped', async () => {
    const start = (await follow(t, owner)).cursor;
    const client = await createClient(t, owner);
    await t.http.delete(`/v1/clients/${client.id}`).set(owner);
    const archived = await follow(t, owner, start, { types: 'client.archived,session.completed' });
    expect(archived.changes.map((c) => [c.type, c.resourceId])).toEqual([['client.archived', client.id]]);
    const again = await follow(t, owner, archived.cursor, { types: 'client.created' });
    expect(again.changes).toEqual([]);
    expect(again.cursor).toBe(archived.cursor);
    expectProblem(await t.http.get('/v1/changes').query({ types: 'client.eaten' }).set(owner), 400, 'VALIDATION_FAILED');
    expectProblem(await t.http.get('/v1/changes').query({ after: 'abc' }).set(owner), 400, 'VALIDATION_FAILED');
    expectProblem(await t.http.get('/v1/changes').query({ after: '99999999' }).set(owner), 400, 'VALIDATION_FAILED');
  });

  it('leaves no change behind a rolled-back transaction', async () => {
    const events = t.app.get(ChangeEvents);
    const db = t.app.get(Transactions);
    const start = (await follow(t, owner)).cursor;
    const resourceId = randomUUID();
    await expect(
      db.run(async () => {
        await events.record(org.organizationId, 'user', [{ type: 'client.updated', resourceType: 'client', resourceId, version: 9 }]);
        throw new Error('the change fails after its event');
      }),
    ).rejects.toThrow('the change fails');
    const { changes, cursor } = await follow(t, owner, start);
    expect(changes).toEqual([]);
    expect(cursor).toBe(start);
    // A position given to the rolled-back transaction is given again: no gap.
    await db.run(() => events.record(org.organizationId, 'user', [{ type: 'client.updated', resourceType: 'client', resourceId, version: 9 }]));
    const after = await follow(t, owner, start);
    expect(after.changes.map((c) => c.position)).toEqual([String(BigInt(start) + 1n)]);
  });

  it('answers 410 for a cursor older than the retention, and reads on from a fresh start', async () => {
    const other = await signupOrganization(t, 'Pruned Practice');
    const as = bearer(other.owner.token);
    await createClient(t, as);
    await createClient(t, as);
    const first = await t.http.get('/v1/changes').query({ limit: '1' }).set(as);
    expect(first.body.hasMore).toBe(true);
    const deleted = await t.app.get(ChangeRetention).prune(new Date(Date.now() + 31 * 24 * 60 * 60 * 1000));
    expect(deleted).toBeGreaterThanOrEqual(2);
    expectProblem(await t.http.get('/v1/changes').query({ after: '0' }).set(as), 410, 'CHANGES_CURSOR_EXPIRED');
    expectProblem(await t.http.get('/v1/changes').query({ after: first.body.nextCursor }).set(as), 410, 'CHANGES_CURSOR_EXPIRED');
    const fresh = await t.http.get('/v1/changes').set(as);
    expect(fresh.status).toBe(200);
    expect(fresh.body.data).toEqual([]);
    await createClient(t, as);
    expect((await follow(t, as, fresh.body.nextCursor)).changes.map((c) => c.type)).toEqual(['client.created']);
  });

  it('never skips or repeats a change while many transactions commit out of order', async () => {
    const other = await signupOrganization(t, 'Busy Practice');
    const as = bearer(other.owner.token);
    const events = t.app.get(ChangeEvents);
    const db = t.app.get(Transactions);
    const writers = 24;
    const written: string[] = [];
    let done = false;
    // Each transaction works for a random time before and after its change, so they start, take
    // their positions and commit in an order unrelated to the order they began in.
    const write = async (i: number) => {
      await new Promise((resolve) => setTimeout(resolve, (i * 7) % 20));
      await db.run(async () => {
        await db.manager.query('SELECT pg_sleep($1)', [((i * 13) % 9) / 300]);
        const rows = await events.record(other.organizationId, 'user', [
          { type: 'client.updated', resourceType: 'client', resourceId: randomUUID(), version: i },
          { type: 'client.archived', resourceType: 'client', resourceId: randomUUID(), version: i },
        ]);
        await db.manager.query('SELECT pg_sleep($1)', [((i * 5) % 7) / 300]);
        written.push(...rows.map((row) => row.id));
      });
    };
    const seen: Change[] = [];
    const read = async () => {
      let cursor: string | undefined;
      while (!done || seen.length < written.length) {
        const res = await t.http.get('/v1/changes').query({ limit: '5', ...(cursor ? { after: cursor } : {}) }).set(as);
        expect(res.status).toBe(200);
        seen.push(...res.body.data);
        cursor = res.body.nextCursor;
        if (!res.body.hasMore) await new Promise((resolve) => setTimeout(resolve, 5));
      }
    };
    const reader = read();
    await Promise.all(Array.from({ length: writers }, (_, i) => write(i)));
    done = true;
    await reader;
    expect(seen.map((c) => c.position)).toEqual(Array.from({ length: writers * 2 }, (_, i) => String(i + 1)));
    expect(new Set(seen.map((c) => c.id))).toEqual(new Set(written));
  });
});
