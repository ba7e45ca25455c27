import { Response } from 'supertest';
import { builtInExerciseId } from '../src/exercises/built-in/exercise-ids';
import { REBUILDING_TRUST_PROGRAM_ID } from '../src/programs/built-in/rebuilding-trust';
import { bearer, createClient, createCouple, signupOrganization } from './support/factories';
import { spec } from './support/openapi-schema';
import { componentErrors } from './support/response-contract';
import { expectProblem } from './support/problem';
import { startTestApp, TestApp } from './support/test-app';

type Headers = Record<string, string>;

const problemSchema = spec.components.schemas.Problem;

/**
 * What in a problem the spec does not say: a member the Problem schema has no property for, or a
 * value that breaks its documented type.
 */
function undocumented(res: Response): string[] {
  const body = JSON.parse(res.text) as Record<string, unknown>;
  const unknown = Object.keys(body).filter((name) => !(name in (problemSchema.properties ?? {}))).map((name) => `${name}: not in the Problem schema`);
  return [...unknown, ...componentErrors('Problem', body)];
}

let hour = 0;
const nextStart = () => new Date(Date.UTC(2034, 0, 1) + hour++ * 3_600_000).toISOString();

describe('problems carry documented members', () => {
  let t: TestApp;
  let owner: Headers;
  let client: { id: string };
  beforeAll(async () => {
    t = await startTestApp();
    owner = bearer((await signupOrganization(t)).owner.token);
    client = await createClient(t, owner);
  });
  afterAll(() => t.close());

  const schedule = async (body: Record<string, unknown> = {}) => {
    const res = await t.http
      .post('/v1/sessions')
      .set(owner)
      .send({ kind: 'individual', clientId: client.id, startsAt: nextStart(), durationMinutes: 50, modality: 'video', ...body });
    expect(res.status).toBe(201);
    return res.body as { id: string; startsAt: string };
  };

  it('names the session’s status when a session that is not scheduled is changed', async () => {
    const session = await schedule();
    expect((await t.http.patch(`/v1/sessions/${session.id}`).set(owner).send({ status: 'cancelled' })).status).toBe(200);
    const res = await t.http.patch(`/v1/sessions/${session.id}`).set(owner).send({ location: 'Room 2' });
    expect(expectProblem(res, 409, 'SESSION_NOT_SCHEDULED').sessionStatus).toBe('cancelled');
    expect(undocumented(res)).toEqual([]);
  });

  it('names the assignment’s status when it is closed or already in the state asked for', async () => {
    const batch = await t.http.post('/v1/assignments').set(owner).send({ exerciseId: builtInExerciseId('hear-and-reflect-the-hurt'), clientId: client.id });
    const id = batch.body.assignments[0].id as string;
    const again = await t.http.patch(`/v1/assignments/${id}`).set(owner).send({ status: 'in_progress' }).then(() => t.http.patch(`/v1/assignments/${id}`).set(owner).send({ status: 'in_progress' }));
    expect(expectProblem(again, 409, 'ASSIGNMENT_ALREADY_IN_STATE').assignmentStatus).toBe('in_progress');
    expect((await t.http.patch(`/v1/assignments/${id}`).set(owner).send({ status: 'skipped' })).status).toBe(200);
    const closed = await t.http.patch(`/v1/assignments/${id}`).set(owner).send({ response: 'Later.' });
    expect(expectProblem(closed, 409, 'ASSIGNMENT_CLOSED').assignmentStatus).toBe('skipped');
    expect([...undocumented(again), ...undocumented(closed)]).toEqual([]);
  });

  it('documents every member of the refusals that carry them', async () => {
    const refusals: Response[] = [];
    const first = await schedule();
    refusals.push(await t.http.post('/v1/sessions').set(owner).send({ kind: 'individual', clientId: client.id, startsAt: first.startsAt, durationMinutes: 50, modality: 'video' }));
    const couple = await createCouple(t, owner);
    refusals.push(await t.http.post('/v1/couples').set(owner).send({ partnerIds: [couple.b, couple.a] }));
    refusals.push(await t.http.post('/v1/sessions').set(owner).send({ kind: 'couple', coupleId: couple.id, startsAt: nextStart(), durationMinutes: 50, modality: 'video' }));
    await t.http.post('/v1/enrollments').set(owner).send({ programId: REBUILDING_TRUST_PROGRAM_ID, coupleId: couple.id });
    refusals.push(await t.http.post('/v1/enrollments').set(owner).send({ programId: REBUILDING_TRUST_PROGRAM_ID, coupleId: couple.id }));
    const group = (await t.http.post('/v1/groups').set(owner).send({ name: 'Full circle', capacity: 1 })).body;
    await t.http.put(`/v1/groups/${group.id}/members/${couple.a}`).set(owner);
    refusals.push(await t.http.put(`/v1/groups/${group.id}/members/${couple.b}`).set(owner));
    refusals.push(await t.http.post('/v1/exercises').set(owner).send({ key: 'hear-and-reflect-the-hurt', stepKey: 'acknowledge-the-hurt', title: 'T', instructions: 'I' }));
    refusals.push(await t.http.post('/v1/clients').set(owner).send({ firstName: '', lastName: 'L' }));

    expect(refusals.map((res) => JSON.parse(res.text).code)).toEqual([
      'SESSION_OVERLAP',
      'COUPLE_EXISTS',
      'SAFETY_SCREENING_REQUIRED',
      'ENROLLMENT_EXISTS',
      'GROUP_FULL',
      'EXERCISE_KEY_RESERVED',
      'VALIDATION_FAILED',
    ]);
    expect(refusals.map((res) => Object.keys(JSON.parse(res.text)).filter((name) => !['type', 'title', 'status', 'detail', 'code', 'requestId'].includes(name)))).toEqual([
      ['conflictingSessionId'],
      ['coupleId'],
      ['safetyStatus'],
      ['enrollmentId'],
      ['capacity'],
      ['errors'],
      ['errors'],
    ]);
    expect(refusals.flatMap(undocumented)).toEqual([]);
  });
});
