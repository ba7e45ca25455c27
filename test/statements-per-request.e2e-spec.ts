import { writeFileSync } from 'node:fs';
import { Client as PgClient } from 'pg';
import { AuditWriter } from '../src/audit/audit.writer';
import { builtInExerciseId } from '../src/exercises/built-in/exercise-ids';
import { REBUILDING_TRUST_PROGRAM_ID } from '../src/programs/built-in/rebuilding-trust';
import { addStaff, bearer, createClient, Org, signupOrganization, Staff } from './support/factories';
import { startTestApp, TestApp } from './support/test-app';

type Headers = Record<string, string>;

/**
 * The statements (round trips to PostgreSQL, BEGIN and COMMIT included) each hot request costs,
 * counted at the client: the session check, the access check, the reads, the write, its audit
 * event and (for a write) its change on the feed and the webhook deliveries it queues. The ceilings
 * are today's counts, so a change that adds a round trip fails here.
 * `STATEMENTS_REPORT=<file>` writes the counts as a table; `STATEMENTS_TRACE=1` prints each request's statements.
 */
describe('statements per request', () => {
  let t: TestApp;
  let org: Org;
  let owner: Headers;
  let practitioner: Staff;
  let statements = 0;
  const seen: string[] = [];
  const counted: [string, number, number][] = [];
  const query = PgClient.prototype.query;

  beforeAll(async () => {
    // No webhook workers: their polling would run on the same pool while a request is counted.
    t = await startTestApp({ WEBHOOK_WORKERS: 'false' });
    org = await signupOrganization(t);
    owner = bearer(org.owner.token);
    practitioner = await addStaff(t, org, 'practitioner');
    (PgClient.prototype as unknown as { query: unknown }).query = function (this: PgClient, ...args: unknown[]) {
      statements += 1;
      if (process.env.STATEMENTS_TRACE) seen.push(String(typeof args[0] === 'string' ? args[0] : (args[0] as { text?: string })?.text).replace(/\s+/g, ' ').slice(0, 90));
      return (query as (...a: unknown[]) => unknown).apply(this, args);
    };
  });
  afterAll(async () => {
    PgClient.prototype.query = query;
    if (process.env.STATEMENTS_REPORT) {
      const rows = counted.map(([name, n, ceiling]) => `| ${name} | ${n} | ${ceiling} |`);
      writeFileSync(process.env.STATEMENTS_REPORT, ['| request | statements | ceiling |', '|---|---|---|', ...rows, ''].join('\n'));
    }
    await t.close();
  });

  /** Runs one request alone and counts the statements it caused, its audit event included. */
  async function count(name: string, ceiling: number, send: () => Promise<{ status: number; body: unknown }>, status = 200) {
    const writer = t.app.get(AuditWriter);
    await writer.drain();
    statements = 0;
    seen.length = 0;
    const res = await send();
    expect(res.status).toBe(status);
    await writer.drain();
    if (process.env.STATEMENTS_TRACE) process.stdout.write(`${name}: ${statements}\n${seen.map((sql) => `  ${sql}`).join('\n')}\n`);
    counted.push([name, statements, ceiling]);
    expect(statements).toBeLessThanOrEqual(ceiling);
    return res.body as { id: string; version: number; data?: { id: string }[] };
  }

  it('clients, couples, enrollments, the timeline, sessions and assignments', async () => {
    const pr = bearer(practitioner.token);
    const clients = [];
    for (let i = 0; i < 5; i += 1) clients.push(await createClient(t, pr));
    const [a, b] = clients;

    const created = await count('POST /v1/clients', 11, () => t.http.post('/v1/clients').set(pr).send({ firstName: 'Ada', lastName: 'Okafor' }), 201);
    await count('GET /v1/clients?limit=50 (owner)', 3, () => t.http.get('/v1/clients?limit=50').set(owner));
    await count('GET /v1/clients?limit=50 (practitioner)', 3, () => t.http.get('/v1/clients?limit=50').set(pr));
    await count('GET /v1/clients?q=okafor', 3, () => t.http.get('/v1/clients?q=okafor').set(owner));
    await count('GET /v1/clients/{id}', 3, () => t.http.get(`/v1/clients/${a.id}`).set(pr));
    const patched = await count('PATCH /v1/clients/{id} (If-Match)', 11, () =>
      t.http.patch(`/v1/clients/${created.id}`).set(pr).set('If-Match', `"${created.version}"`).send({ pronouns: 'she/her' }),
    );
    const archived = await count('DELETE /v1/clients/{id} (archive)', 14, () =>
      t.http.delete(`/v1/clients/${created.id}`).set(pr).set('If-Match', `"${patched.version}"`),
    );
    await count('POST /v1/clients/{id}/restore', 11, () => t.http.post(`/v1/clients/${created.id}/restore`).set(pr).set('If-Match', `"${archived.version}"`));

    const couple = await count('POST /v1/couples', 13, () => t.http.post('/v1/couples').set(pr).send({ partnerIds: [a.id, b.id] }), 201);
    await count('GET /v1/couples?limit=50', 3, () => t.http.get('/v1/couples?limit=50').set(pr));
    await count('GET /v1/couples/{id}', 3, () => t.http.get(`/v1/couples/${couple.id}`).set(pr));
    await count('PATCH /v1/couples/{id} (If-Match)', 11, () =>
      t.http.patch(`/v1/couples/${couple.id}`).set(pr).set('If-Match', `"${couple.version}"`).send({ status: 'paused' }),
    );

    const enrollment = await count(
      'POST /v1/enrollments',
      16,
      () => t.http.post('/v1/enrollments').set(pr).send({ programId: REBUILDING_TRUST_PROGRAM_ID, coupleId: couple.id }),
      201,
    );
    await count('GET /v1/enrollments?limit=50', 3, () => t.http.get('/v1/enrollments?limit=50').set(pr));
    await count('GET /v1/enrollments/{id}', 3, () => t.http.get(`/v1/enrollments/${enrollment.id}`).set(pr));
    await count('GET /v1/enrollments/{id}/events', 3, () => t.http.get(`/v1/enrollments/${enrollment.id}/events`).set(pr));

    const session = await count(
      'POST /v1/sessions',
      13,
      () =>
        t.http
          .post('/v1/sessions')
          .set(pr)
          .send({ kind: 'individual', clientId: a.id, startsAt: '2031-03-01T10:00:00.000Z', durationMinutes: 50, modality: 'in_person' }),
      201,
    );
    await count('GET /v1/sessions?limit=50', 3, () => t.http.get('/v1/sessions?limit=50').set(pr));
    await count('GET /v1/sessions/{id}', 3, () => t.http.get(`/v1/sessions/${session.id}`).set(pr));

    const batch = (await count(
      'POST /v1/assignments',
      13,
      () => t.http.post('/v1/assignments').set(pr).send({ exerciseId: builtInExerciseId('write-a-specific-apology'), clientId: a.id }),
      201,
    )) as unknown as { assignments: { id: string }[] };
    await count('GET /v1/assignments?limit=50', 3, () => t.http.get('/v1/assignments?limit=50').set(pr));
    await count('GET /v1/assignments/{id}', 3, () => t.http.get(`/v1/assignments/${batch.assignments[0].id}`).set(pr));
  });

  it('pages of completed sessions with notes and addenda, and of assignments of several clients, whoever reads them', async () => {
    const pr = bearer(practitioner.token);
    for (let i = 0; i < 3; i += 1) {
      const client = await createClient(t, pr);
      const session = await t.http
        .post('/v1/sessions')
        .set(pr)
        .send({ kind: 'individual', clientId: client.id, startsAt: `2021-04-0${i + 1}T10:00:00.000Z`, durationMinutes: 50, modality: 'video' });
      expect(session.status).toBe(201);
      const completion = { attendance: [{ clientId: client.id, attended: true }], stepsAddressed: [], note: { format: 'free_text', text: 'Seen' } };
      expect((await t.http.post(`/v1/sessions/${session.body.id}/complete`).set(pr).send(completion)).status).toBe(200);
      expect((await t.http.post(`/v1/sessions/${session.body.id}/addenda`).set(pr).send({ text: 'Added later' })).status).toBe(201);
      const given = await t.http.post('/v1/assignments').set(pr).send({ exerciseId: builtInExerciseId('write-a-specific-apology'), clientId: client.id });
      expect(given.status).toBe(201);
    }
    for (const [who, as] of [['owner', owner], ['practitioner', pr]] as const) {
      const sessions = await count(`GET /v1/sessions?status=completed (${who})`, 3, () => t.http.get('/v1/sessions?status=completed&limit=50').set(as));
      const read = sessions.data as unknown as { note: unknown; addenda: unknown[] }[];
      expect(read.length).toBeGreaterThanOrEqual(3);
      expect(read.every((session) => session.note !== null && session.addenda.length === 1)).toBe(true);
      const assignments = await count(`GET /v1/assignments?limit=50 (${who})`, 3, () => t.http.get('/v1/assignments?limit=50').set(as));
      expect(assignments.data!.length).toBeGreaterThanOrEqual(3);
    }
  });

  it('writes of sessions and assignments answer from the write, with no read of the record after it', async () => {
    const pr = bearer(practitioner.token);
    const client = await createClient(t, pr);
    const session = await count(
      'POST /v1/sessions (past)',
      13,
      () =>
        t.http
          .post('/v1/sessions')
          .set(pr)
          .send({ kind: 'individual', clientId: client.id, startsAt: '2021-05-03T10:00:00.000Z', durationMinutes: 50, modality: 'in_person' }),
      201,
    );
    const patched = await count('PATCH /v1/sessions/{id} (If-Match)', 11, () =>
      t.http.patch(`/v1/sessions/${session.id}`).set(pr).set('If-Match', `"${session.version}"`).send({ location: 'Room 2' }),
    );
    expect(patched).toMatchObject({ location: 'Room 2', version: session.version + 1 });
    const archived = await count('DELETE /v1/sessions/{id} (archive)', 11, () =>
      t.http.delete(`/v1/sessions/${session.id}`).set(pr).set('If-Match', `"${patched.version}"`),
    );
    const restored = await count('POST /v1/sessions/{id}/restore', 12, () =>
      t.http.post(`/v1/sessions/${session.id}/restore`).set(pr).set('If-Match', `"${archived.version}"`),
    );
    expect(restored).toMatchObject({ archivedAt: null, version: archived.version + 1 });
    const completed = await count('POST /v1/sessions/{id}/complete', 13, () =>
      t.http
        .post(`/v1/sessions/${session.id}/complete`)
        .set(pr)
        .send({ attendance: [{ clientId: client.id, attended: true }], stepsAddressed: [], note: { format: 'free_text', text: 'Seen' } }),
    );
    expect(completed).toMatchObject({ status: 'completed', noteRedacted: false, note: { text: 'Seen' } });

    const batch = (await t.http.post('/v1/assignments').set(pr).send({ exerciseId: builtInExerciseId('write-a-specific-apology'), clientId: client.id })).body as {
      assignments: { id: string; version: number }[];
    };
    const [assignment] = batch.assignments;
    const started = await count('PATCH /v1/assignments/{id} (If-Match)', 11, () =>
      t.http.patch(`/v1/assignments/${assignment.id}`).set(pr).set('If-Match', `"${assignment.version}"`).send({ status: 'in_progress' }),
    );
    expect(started).toMatchObject({ status: 'in_progress', version: assignment.version + 1 });
  });

  it('writes of an enrollment answer from their last statement, with no read of the enrollment after it', async () => {
    const pr = bearer(practitioner.token);
    const client = await createClient(t, pr);
    const created = await t.http.post('/v1/enrollments').set(pr).send({ programId: REBUILDING_TRUST_PROGRAM_ID, clientId: client.id });
    expect(created.status).toBe(201);
    const base = `/v1/enrollments/${created.body.id}`;
    const moved = await count('PATCH /v1/enrollments/{id}/steps/{stepKey} (If-Match)', 14, () =>
      t.http.patch(`${base}/steps/acknowledge-the-hurt`).set(pr).set('If-Match', `"${created.body.version}"`).send({ status: 'in_progress' }),
    );
    expect(moved.version).toBe(created.body.version + 1);
    const ticked = (await count('PUT /v1/enrollments/{id}/steps/{stepKey}/practices/{practiceKey}', 13, () =>
      t.http.put(`${base}/steps/acknowledge-the-hurt/practices/take-responsibility`).set(pr).set('If-Match', `"${moved.version}"`).send({ done: true }),
    )) as unknown as { version: number; steps: { key: string; practices: { key: string; ticks: unknown[] }[] }[] };
    expect(ticked.version).toBe(moved.version + 1);
    const practices = ticked.steps.find((step) => step.key === 'acknowledge-the-hurt')!.practices;
    expect(practices.filter((practice) => practice.ticks.length > 0).map((practice) => practice.key)).toEqual(['take-responsibility']);
    const paused = await count('PATCH /v1/enrollments/{id} (If-Match)', 13, () =>
      t.http.patch(base).set(pr).set('If-Match', `"${ticked.version}"`).send({ status: 'paused' }),
    );
    expect(paused).toMatchObject({ status: 'paused', version: ticked.version + 1 });
  });
});
