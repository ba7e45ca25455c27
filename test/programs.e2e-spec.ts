import { randomUUID } from 'node:crypto';
import { REBUILDING_TRUST_PROGRAM, REBUILDING_TRUST_PROGRAM_ID } from '../src/programs/built-in/rebuilding-trust';
import { addApiKey, addStaff, bearer, Org, signupOrganization } from './support/factories';
import { expectProblem } from './support/problem';
import { startTestApp, TestApp } from './support/test-app';

const uniqueKey = () => `couples-${randomUUID().slice(0, 8)}`;

const programBody = (key: string, stepCount = 2, practiceCount = 2) => ({
  key,
  title: 'Reconnecting After Distance',
  description: 'A short program for couples who drifted apart.',
  steps: Array.from({ length: stepCount }, (_, i) => ({
    key: `step-${i + 1}`,
    title: `Step ${i + 1}`,
    summary: `What step ${i + 1} is about.`,
    practices: Array.from({ length: practiceCount }, (_, j) => ({
      key: `practice-${i + 1}-${j + 1}`,
      title: `Practice ${i + 1}.${j + 1}`,
      description: 'Do the thing.',
    })),
  })),
});

describe('programs', () => {
  let t: TestApp;
  let org: Org;
  let owner: Record<string, string>;

  beforeAll(async () => {
    t = await startTestApp();
    org = await signupOrganization(t);
    owner = bearer(org.owner.token);
  });
  afterAll(() => t.close());

  describe('the built-in rebuilding-trust program', () => {
    it('is served exactly as its content: seven steps, 21 practices, in order, with their keys and texts', async () => {
      const res = await t.http.get(`/v1/programs/${REBUILDING_TRUST_PROGRAM_ID}`).set(owner);
      expect(res.status).toBe(200);
      expect(res.headers.etag).toBe('"1"');
      const content = REBUILDING_TRUST_PROGRAM;
      expect(res.body).toMatchObject({
        id: REBUILDING_TRUST_PROGRAM_ID,
        organizationId: null,
        builtIn: true,
        key: content.key,
        programVersion: content.version,
        title: content.title,
        description: content.description,
        version: 1,
      });
      expect(res.body.steps).toEqual(
        content.steps.map((step) => ({
          key: step.key,
          position: step.position,
          title: step.title,
          summary: step.summary,
          practices: step.practices.map((p) => ({ key: p.key, title: p.title, description: p.description })),
        })),
      );
      expect(res.body.steps).toHaveLength(7);
      expect(res.body.steps.flatMap((s: { practices: unknown[] }) => s.practices)).toHaveLength(21);
    });

    it('is present in every organization, in lists too', async () => {
      const other = await signupOrganization(t, 'Second Practice');
      const { key } = await addApiKey(t, other, 'readonly');
      const read = await t.http.get(`/v1/programs/${REBUILDING_TRUST_PROGRAM_ID}`).set('X-API-Key', key);
      expect(read.status).toBe(200);
      const list = await t.http.get('/v1/programs').query({ key: 'rebuilding-trust' }).set(bearer(other.owner.token));
      expect(list.body.data.map((p: { id: string }) => p.id)).toEqual([REBUILDING_TRUST_PROGRAM_ID]);
    });

    it('cannot be changed through the API: its key is reserved and there is no PATCH or DELETE', async () => {
      const before = await t.dataSource.query('SELECT * FROM programs WHERE id = $1', [REBUILDING_TRUST_PROGRAM_ID]);
      const post = await t.http.post('/v1/programs').set(owner).send(programBody('rebuilding-trust'));
      const problem = expectProblem(post, 409, 'PROGRAM_KEY_RESERVED');
      expect(problem.errors).toEqual([{ field: 'key', message: expect.any(String) }]);
      for (const res of [
        await t.http.patch(`/v1/programs/${REBUILDING_TRUST_PROGRAM_ID}`).set(owner).send({ title: 'Mine' }),
        await t.http.delete(`/v1/programs/${REBUILDING_TRUST_PROGRAM_ID}`).set(owner),
        await t.http.put(`/v1/programs/${REBUILDING_TRUST_PROGRAM_ID}`).set(owner).send(programBody('x')),
      ]) {
        expectProblem(res, 405, 'METHOD_NOT_ALLOWED');
        expect(res.headers.allow).toBe('GET, HEAD');
      }
      expect(await t.dataSource.query('SELECT * FROM programs WHERE id = $1', [REBUILDING_TRUST_PROGRAM_ID])).toEqual(before);
      const count = await t.dataSource.query(`SELECT count(*)::int AS n FROM programs WHERE key = 'rebuilding-trust'`);
      expect(count[0].n).toBe(1);
    });
  });

  describe('an organization’s own programs', () => {
    it('creates version 1, then version 2 for the same key; versions are listed newest first', async () => {
      const key = uniqueKey();
      const first = await t.http.post('/v1/programs').set(owner).send(programBody(key, 2));
      expect(first.status).toBe(201);
      expect(first.body).toMatchObject({ key, programVersion: 1, builtIn: false, organizationId: org.organizationId, version: 1 });
      expect(first.body.steps.map((s: { key: string; position: number }) => [s.key, s.position])).toEqual([
        ['step-1', 1],
        ['step-2', 2],
      ]);
      const second = await t.http.post('/v1/programs').set(owner).send(programBody(key, 3));
      expect(second.status).toBe(201);
      expect(second.body.programVersion).toBe(2);
      expect(second.body.id).not.toBe(first.body.id);
      // Version 1 is untouched by version 2.
      const v1 = await t.http.get(`/v1/programs/${first.body.id}`).set(owner);
      expect(v1.body).toEqual(first.body);
      const list = await t.http.get('/v1/programs').query({ key }).set(owner);
      expect(list.body.data.map((p: { programVersion: number }) => p.programVersion)).toEqual([2, 1]);
      const all = await t.http.get('/v1/programs').query({ limit: 100 }).set(owner);
      const ids = all.body.data.map((p: { id: string }) => p.id);
      expect(ids).toEqual(expect.arrayContaining([first.body.id, second.body.id, REBUILDING_TRUST_PROGRAM_ID]));
    });

    it('fills optional texts with empty strings', async () => {
      const res = await t.http
        .post('/v1/programs')
        .set(owner)
        .send({ key: uniqueKey(), title: 'Bare', steps: [{ key: 'only', title: 'Only', practices: [{ key: 'one', title: 'One' }] }] });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ description: '', steps: [{ summary: '', practices: [{ description: '' }] }] });
    });

    it('never shows another organization’s programs, and numbers versions per organization', async () => {
      const key = uniqueKey();
      const mine = await t.http.post('/v1/programs').set(owner).send(programBody(key));
      const other = await signupOrganization(t, 'Other Clinic');
      const as = bearer(other.owner.token);
      expectProblem(await t.http.get(`/v1/programs/${mine.body.id}`).set(as), 404, 'NOT_FOUND');
      const list = await t.http.get('/v1/programs').query({ limit: 100 }).set(as);
      expect(list.body.data.map((p: { id: string }) => p.id)).toEqual([REBUILDING_TRUST_PROGRAM_ID]);
      const theirs = await t.http.post('/v1/programs').set(as).send(programBody(key));
      expect(theirs.body.programVersion).toBe(1);
    });

    it('gives concurrent posts of one key distinct, consecutive versions', async () => {
      const key = uniqueKey();
      const results = await Promise.all(Array.from({ length: 6 }, () => t.http.post('/v1/programs').set(owner).send(programBody(key))));
      expect(results.map((r) => r.status)).toEqual(Array(6).fill(201));
      expect(results.map((r) => r.body.programVersion).sort()).toEqual([1, 2, 3, 4, 5, 6]);
      const rows = await t.dataSource.query('SELECT program_version FROM programs WHERE organization_id = $1 AND key = $2', [org.organizationId, key]);
      expect(rows).toHaveLength(6);
    });

    it.each([
      ['no steps', { steps: [] }, ['steps']],
      ['21 steps', { steps: programBody('x', 21).steps }, ['steps']],
      ['a step without practices', { steps: [{ key: 'a', title: 'A', practices: [] }] }, ['steps[0].practices']],
      ['11 practices', { steps: programBody('x', 1, 11).steps }, ['steps[0].practices']],
      ['a key that is not kebab-case', { key: 'Not Kebab' }, ['key']],
      ['a bad step key', { steps: [{ key: 'Step_1', title: 'A', practices: [{ key: 'p', title: 'P' }] }] }, ['steps[0].key']],
      ['no title', { title: '' }, ['title']],
      ['an unknown property', { colour: 'blue' }, ['colour']],
      [
        'a repeated step key',
        { steps: [{ key: 'a', title: 'A', practices: [{ key: 'p', title: 'P' }] }, { key: 'a', title: 'B', practices: [{ key: 'q', title: 'Q' }] }] },
        ['steps[1].key'],
      ],
      [
        'a practice key repeated in another step',
        { steps: [{ key: 'a', title: 'A', practices: [{ key: 'p', title: 'P' }] }, { key: 'b', title: 'B', practices: [{ key: 'p', title: 'Q' }] }] },
        ['steps[1].practices[0].key'],
      ],
    ])('refuses %s (400) and stores nothing', async (_, change, fields) => {
      const key = uniqueKey();
      const res = await t.http.post('/v1/programs').set(owner).send({ ...programBody(key), ...change });
      const problem = expectProblem(res, 400, 'VALIDATION_FAILED');
      expect([...new Set((problem.errors as { field: string }[]).map((e) => e.field))]).toEqual(fields);
      const rows = await t.dataSource.query('SELECT 1 FROM programs WHERE key = $1', [key]);
      expect(rows).toHaveLength(0);
    });

    it('replays a POST with the same Idempotency-Key instead of making a second version', async () => {
      const key = uniqueKey();
      const idem = randomUUID();
      const first = await t.http.post('/v1/programs').set(owner).set('Idempotency-Key', idem).send(programBody(key));
      const again = await t.http.post('/v1/programs').set(owner).set('Idempotency-Key', idem).send(programBody(key));
      expect(again.status).toBe(201);
      expect(again.body).toEqual(first.body);
      const rows = await t.dataSource.query('SELECT 1 FROM programs WHERE key = $1', [key]);
      expect(rows).toHaveLength(1);
    });
  });

  describe('who may do what', () => {
    it('lets owners and admins create programs; practitioners and integration keys read only', async () => {
      const admin = await addStaff(t, org, 'admin');
      expect((await t.http.post('/v1/programs').set(bearer(admin.token)).send(programBody(uniqueKey()))).status).toBe(201);
      const practitioner = await addStaff(t, org, 'practitioner');
      const integration = await addApiKey(t, org, 'integration');
      const readonly = await addApiKey(t, org, 'readonly');
      const facilitator = await addStaff(t, org, 'facilitator');
      for (const as of [bearer(practitioner.token), { 'X-API-Key': integration.key }, { 'X-API-Key': readonly.key }, bearer(facilitator.token)]) {
        expectProblem(await t.http.post('/v1/programs').set(as).send(programBody(uniqueKey())), 403, 'FORBIDDEN');
        expect((await t.http.get('/v1/programs').set(as)).status).toBe(200);
        expect((await t.http.get(`/v1/programs/${REBUILDING_TRUST_PROGRAM_ID}`).set(as)).status).toBe(200);
      }
    });

    it('answers 400 to a malformed id and 404 to an unknown one', async () => {
      expectProblem(await t.http.get('/v1/programs/not-a-uuid').set(owner), 400, 'VALIDATION_FAILED');
      expectProblem(await t.http.get(`/v1/programs/${randomUUID()}`).set(owner), 404, 'NOT_FOUND');
    });
  });
});
