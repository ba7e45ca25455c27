import { builtInExerciseId } from '../src/exercises/built-in/exercise-ids';
import { REBUILDING_TRUST_PROGRAM_ID } from '../src/programs/built-in/rebuilding-trust';
import { addStaff, bearer, createClient, createCouple, signupOrganization } from './support/factories';
import { invitePortalClient } from './support/portal';
import { expectProblem } from './support/problem';
import { startTestApp, TestApp } from './support/test-app';

/**
 * Reads that check access in their own statement answer exactly as a separate check did: another
 * organization's record and one outside the caseload are both 404, and a caseload sees its own.
 */
describe('by-id reads that check access in their statement', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('answer 404 outside the caseload and in another organization, even where the record has children', async () => {
    const org = await signupOrganization(t);
    const other = await signupOrganization(t, 'Elsewhere Counseling');
    const mine = bearer((await addStaff(t, org, 'practitioner')).token);
    const outsider = bearer((await addStaff(t, org, 'practitioner')).token);
    const client = await createClient(t, mine);
    const couple = await createCouple(t, mine);
    const enrollment = await t.http.post('/v1/enrollments').set(mine).send({ programId: REBUILDING_TRUST_PROGRAM_ID, coupleId: couple.id });
    expect(enrollment.status).toBe(201);
    const paths = [
      `/v1/clients/${client.id}`,
      `/v1/couples/${couple.id}`,
      `/v1/enrollments/${enrollment.body.id}`,
      `/v1/enrollments/${enrollment.body.id}/events`,
    ];
    for (const path of paths) {
      expect((await t.http.get(path).set(mine)).status).toBe(200);
      expectProblem(await t.http.get(path).set(outsider), 404, 'NOT_FOUND');
      expectProblem(await t.http.get(path).set(bearer(other.owner.token)), 404, 'NOT_FOUND');
    }
    const events = await t.http.get(`/v1/enrollments/${enrollment.body.id}/events`).set(mine);
    expect(events.body.data.length).toBeGreaterThan(0);
    // An empty page of a reachable enrollment is an empty page, not a 404.
    const none = await t.http.get(`/v1/enrollments/${enrollment.body.id}/events`).query({ type: 'setback' }).set(mine);
    expect(none.status).toBe(200);
    expect(none.body.data).toEqual([]);
  });

  it('answer 404 for sessions and assignments out of reach, and a client in the portal reads only their own assignment', async () => {
    const org = await signupOrganization(t);
    const other = await signupOrganization(t, 'Elsewhere Counseling');
    const mine = bearer((await addStaff(t, org, 'practitioner')).token);
    const outsider = bearer((await addStaff(t, org, 'practitioner')).token);
    const facilitator = bearer((await addStaff(t, org, 'facilitator')).token);
    const client = await createClient(t, mine);
    const stranger = await createClient(t, bearer(org.owner.token));
    const session = await t.http
      .post('/v1/sessions')
      .set(mine)
      .send({ kind: 'individual', clientId: client.id, startsAt: '2031-06-01T10:00:00.000Z', durationMinutes: 50, modality: 'video' });
    expect(session.status).toBe(201);
    const given = await t.http.post('/v1/assignments').set(mine).send({ exerciseId: builtInExerciseId('write-a-specific-apology'), clientId: client.id });
    expect(given.status).toBe(201);
    const assignment = given.body.assignments[0].id as string;
    for (const path of [`/v1/sessions/${session.body.id}`, `/v1/assignments/${assignment}`]) {
      expect((await t.http.get(path).set(mine)).status).toBe(200);
      for (const reader of [outsider, facilitator, bearer(other.owner.token)]) expectProblem(await t.http.get(path).set(reader), 404, 'NOT_FOUND');
    }
    const own = bearer((await invitePortalClient(t, mine, client.id)).accessToken);
    const someoneElse = bearer((await invitePortalClient(t, bearer(org.owner.token), stranger.id)).accessToken);
    expect((await t.http.get(`/v1/portal/assignments/${assignment}`).set(own)).body).toMatchObject({ id: assignment, clientId: client.id });
    expectProblem(await t.http.get(`/v1/portal/assignments/${assignment}`).set(someoneElse), 404, 'NOT_FOUND');
  });
});
