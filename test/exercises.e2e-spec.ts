import { randomUUID } from 'node:crypto';
import { AuditWriter } from '../src/audit/audit.writer';
import { builtInExerciseId } from '../src/exercises/built-in/exercise-ids';
import { BUILT_IN_EXERCISES } from '../src/exercises/built-in/exercise-library';
import { REBUILDING_TRUST_PROGRAM } from '../src/programs/built-in/rebuilding-trust';
import { addApiKey, addStaff, bearer, Org, signupOrganization, Staff } from './support/factories';
import { expectProblem } from './support/problem';
import { startTestApp, TestApp } from './support/test-app';

type Headers = Record<string, string>;
interface Exercise {
  id: string;
  organizationId: string | null;
  builtIn: boolean;
  key: string;
  stepKey: string;
  practiceKey: string | null;
  title: string;
  instructions: string;
  estimatedMinutes: number | null;
  audience: string;
  archivedAt: string | null;
  version: number;
}

describe('exercises', () => {
  let t: TestApp;
  let org: Org;
  let owner: Headers;
  let practitioner: Staff;
  let facilitator: Staff;

  beforeAll(async () => {
    t = await startTestApp();
    org = await signupOrganization(t);
    owner = bearer(org.owner.token);
    practitioner = await addStaff(t, org, 'practitioner');
    facilitator = await addStaff(t, org, 'facilitator');
  });
  afterAll(() => t.close());

  const listAll = async (as: Headers, query: Record<string, string | number | boolean> = {}): Promise<Exercise[]> => {
    const items: Exercise[] = [];
    let cursor: string | undefined;
    do {
      const res = await t.http.get('/v1/exercises').query({ limit: 7, ...query, ...(cursor ? { cursor } : {}) }).set(as);
      expect(res.status).toBe(200);
      items.push(...res.body.data);
      cursor = res.body.nextCursor ?? undefined;
    } while (cursor);
    return items;
  };
  const create = async (as: Headers, body: Record<string, unknown> = {}): Promise<Exercise> => {
    const res = await t.http
      .post('/v1/exercises')
      .set(as)
      .send({ key: `own-${randomUUID().slice(0, 8)}`, stepKey: 'apologize-sincerely', title: 'Our own', instructions: 'Do the thing.', ...body });
    if (res.status !== 201) throw new Error(`create exercise: ${res.status} ${res.text}`);
    return res.body;
  };

  describe('the built-in library', () => {
    it('is served to every organization, page by page, exactly as written, under stable ids', async () => {
      const other = await signupOrganization(t, 'Another Practice');
      for (const as of [owner, bearer(other.owner.token)]) {
        const builtIns = (await listAll(as)).filter((e) => e.builtIn);
        expect(builtIns).toHaveLength(BUILT_IN_EXERCISES.length);
        const byKey = new Map(builtIns.map((e) => [e.key, e]));
        for (const definition of BUILT_IN_EXERCISES) {
          expect(byKey.get(definition.key)).toMatchObject({
            id: builtInExerciseId(definition.key),
            organizationId: null,
            builtIn: true,
            stepKey: definition.stepKey,
            practiceKey: definition.practiceKey ?? null,
            title: definition.title,
            instructions: definition.instructions,
            estimatedMinutes: definition.estimatedMinutes,
            audience: definition.audience,
            archivedAt: null,
          });
        }
      }
    });

    it('has at least two exercises for each of the seven steps, and filters by step, practice and audience', async () => {
      expect(REBUILDING_TRUST_PROGRAM.steps).toHaveLength(7);
      for (const step of REBUILDING_TRUST_PROGRAM.steps) {
        const res = await t.http.get('/v1/exercises').query({ stepKey: step.key, limit: 100 }).set(owner);
        expect(res.body.data.length).toBeGreaterThanOrEqual(2);
        for (const e of res.body.data) expect(e.stepKey).toBe(step.key);
      }
      const practice = await t.http.get('/v1/exercises').query({ practiceKey: 'be-specific' }).set(owner);
      expect(practice.body.data.map((e: Exercise) => e.key)).toEqual(['write-a-specific-apology']);
      const couples = await t.http.get('/v1/exercises').query({ audience: 'couple', limit: 100 }).set(owner);
      expect(couples.body.data.length).toBe(BUILT_IN_EXERCISES.filter((e) => e.audience === 'couple').length);
      const bad = await t.http.get('/v1/exercises').query({ stepKey: 'not-a-step', audience: 'everyone' }).set(owner);
      const body = expectProblem(bad, 400, 'VALIDATION_FAILED');
      expect((body.errors as { field: string }[]).map((e) => e.field).sort()).toEqual(['audience', 'stepKey']);
    });

    it('reads one by id with an ETag, and is read-only', async () => {
      const id = builtInExerciseId('plan-for-setbacks');
      const res = await t.http.get(`/v1/exercises/${id}`).set(owner);
      expect(res.status).toBe(200);
      expect(res.headers.etag).toBe('"1"');
      expect(res.body).toMatchObject({ key: 'plan-for-setbacks', builtIn: true });
      expectProblem(await t.http.delete(`/v1/exercises/${id}`).set(owner), 409, 'EXERCISE_READ_ONLY');
      expectProblem(await t.http.post(`/v1/exercises/${id}/restore`).set(owner), 409, 'EXERCISE_READ_ONLY');
      expectProblem(await t.http.patch(`/v1/exercises/${id}`).set(owner).send({ title: 'Changed' }), 405, 'METHOD_NOT_ALLOWED');
      expect((await t.http.get(`/v1/exercises/${id}`).set(owner)).body).toEqual(res.body);
    });
  });

  describe('the organization’s own', () => {
    it('creates an exercise tied to a step and a practice, and lists it beside the built-ins', async () => {
      const res = await t.http.post('/v1/exercises').set(bearer(practitioner.token)).send({
        key: 'gratitude-letter',
        stepKey: 'patience-and-forgiveness',
        practiceKey: 'be-patient',
        title: '  A letter of thanks ',
        instructions: 'Write down three things your partner did this week that you are grateful for.',
        estimatedMinutes: 15,
        audience: 'individual',
      });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        organizationId: org.organizationId,
        builtIn: false,
        key: 'gratitude-letter',
        stepKey: 'patience-and-forgiveness',
        practiceKey: 'be-patient',
        title: 'A letter of thanks',
        estimatedMinutes: 15,
        audience: 'individual',
        archivedAt: null,
        version: 1,
      });
      const list = await listAll(owner);
      expect(list.filter((e) => !e.builtIn).map((e) => e.id)).toContain(res.body.id);
      const minimal = await create(owner, { key: 'minimal-one' });
      expect(minimal).toMatchObject({ practiceKey: null, estimatedMinutes: null, audience: 'either' });
    });

    it('refuses bad input, a practice of another step, a built-in key and a key taken, changing nothing', async () => {
      const before = (await t.dataSource.query('SELECT count(*)::int AS n FROM exercises'))[0].n;
      const bad = await t.http.post('/v1/exercises').set(owner).send({ key: 'Not Kebab', stepKey: 'step-8', title: '', instructions: 1, estimatedMinutes: 0, audience: 'all', extra: true });
      const body = expectProblem(bad, 400, 'VALIDATION_FAILED');
      expect([...new Set((body.errors as { field: string }[]).map((e) => e.field))].sort()).toEqual([
        'audience',
        'estimatedMinutes',
        'extra',
        'instructions',
        'key',
        'stepKey',
        'title',
      ]);
      const wrongStep = await t.http
        .post('/v1/exercises')
        .set(owner)
        .send({ key: 'wrong-step', stepKey: 'acknowledge-the-hurt', practiceKey: 'be-patient', title: 'X', instructions: 'Y' });
      expect((expectProblem(wrongStep, 400, 'VALIDATION_FAILED').errors as { field: string }[])[0].field).toBe('practiceKey');
      const reserved = await t.http.post('/v1/exercises').set(owner).send({ key: 'name-your-part', stepKey: 'acknowledge-the-hurt', title: 'X', instructions: 'Y' });
      expectProblem(reserved, 409, 'EXERCISE_KEY_RESERVED');
      await create(owner, { key: 'taken-key' });
      expectProblem(
        await t.http.post('/v1/exercises').set(owner).send({ key: 'taken-key', stepKey: 'acknowledge-the-hurt', title: 'X', instructions: 'Y' }),
        409,
        'EXERCISE_KEY_TAKEN',
      );
      expect((await t.dataSource.query('SELECT count(*)::int AS n FROM exercises'))[0].n).toBe(before + 1);
      const other = await signupOrganization(t, 'Same Key Elsewhere');
      expect((await create(bearer(other.owner.token), { key: 'taken-key' })).key).toBe('taken-key');
    });

    it('replays a create with the same Idempotency-Key', async () => {
      const key = randomUUID();
      const body = { key: `idem-${key.slice(0, 8)}`, stepKey: 'apologize-sincerely', title: 'Idem', instructions: 'Once.' };
      const first = await t.http.post('/v1/exercises').set(owner).set('Idempotency-Key', key).send(body);
      const second = await t.http.post('/v1/exercises').set(owner).set('Idempotency-Key', key).send(body);
      expect(first.status).toBe(201);
      expect(second.headers['idempotency-replayed']).toBe('true');
      expect(second.body).toEqual(first.body);
    });

    it('archives with If-Match, leaves lists unless includeArchived, and restores', async () => {
      const exercise = await create(owner);
      expectProblem(await t.http.delete(`/v1/exercises/${exercise.id}`).set(owner).set('If-Match', '"9"'), 412, 'PRECONDITION_FAILED');
      const archived = await t.http.delete(`/v1/exercises/${exercise.id}`).set(owner).set('If-Match', '"1"');
      expect(archived.status).toBe(200);
      expect(archived.body).toMatchObject({ version: 2 });
      expect(archived.body.archivedAt).not.toBeNull();
      expect((await listAll(owner)).map((e) => e.id)).not.toContain(exercise.id);
      expect((await listAll(owner, { includeArchived: true })).map((e) => e.id)).toContain(exercise.id);
      expect((await t.http.get(`/v1/exercises/${exercise.id}`).set(owner)).body.archivedAt).not.toBeNull();
      const restored = await t.http.post(`/v1/exercises/${exercise.id}/restore`).set(owner);
      expect(restored.status).toBe(200);
      expect(restored.body.archivedAt).toBeNull();
    });
  });

  describe('access', () => {
    it('answers 404 to another organization on every route with an id, and never lists ours', async () => {
      const mine = await create(owner);
      const other = await signupOrganization(t, 'Outsiders');
      const { key } = await addApiKey(t, other, 'integration');
      for (const as of [bearer(other.owner.token), { 'X-API-Key': key }]) {
        expectProblem(await t.http.get(`/v1/exercises/${mine.id}`).set(as), 404, 'NOT_FOUND');
        expectProblem(await t.http.delete(`/v1/exercises/${mine.id}`).set(as), 404, 'NOT_FOUND');
        expectProblem(await t.http.post(`/v1/exercises/${mine.id}/restore`).set(as), 404, 'NOT_FOUND');
        expect((await listAll(as)).filter((e) => !e.builtIn)).toEqual([]);
      }
      expect((await t.http.get(`/v1/exercises/${mine.id}`).set(owner)).body.archivedAt).toBeNull();
    });

    it('lets facilitators and readonly keys read but not write; integration keys write', async () => {
      const readonly = { 'X-API-Key': (await addApiKey(t, org, 'readonly')).key };
      const integration = { 'X-API-Key': (await addApiKey(t, org, 'integration')).key };
      const mine = await create(owner);
      for (const as of [bearer(facilitator.token), readonly]) {
        expect((await t.http.get('/v1/exercises').set(as)).status).toBe(200);
        expect((await t.http.get(`/v1/exercises/${mine.id}`).set(as)).status).toBe(200);
        expectProblem(await t.http.post('/v1/exercises').set(as).send({ key: 'x', stepKey: 'apologize-sincerely', title: 'X', instructions: 'Y' }), 403, 'FORBIDDEN');
        expectProblem(await t.http.delete(`/v1/exercises/${mine.id}`).set(as), 403, 'FORBIDDEN');
      }
      expect((await create(integration)).builtIn).toBe(false);
    });

    it('audits reads and writes of exercises', async () => {
      const mine = await create(bearer(practitioner.token));
      await t.http.get(`/v1/exercises/${mine.id}`).set(bearer(practitioner.token));
      await t.app.get(AuditWriter).drain();
      const events: { action: string; resource_type: string; resource_id: string | null; status: number }[] = await t.dataSource.query(
        `SELECT action, resource_type, resource_id, status FROM audit_events WHERE actor_id = $1 ORDER BY occurred_at DESC, id DESC LIMIT 2`,
        [practitioner.id],
      );
      expect(events).toEqual([
        { action: 'getExercise', resource_type: 'exercises', resource_id: mine.id, status: 200 },
        { action: 'createExercise', resource_type: 'exercises', resource_id: mine.id, status: 201 },
      ]);
    });
  });
});
