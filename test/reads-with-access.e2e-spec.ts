import { REBUILDING_TRUST_PROGRAM_ID } from '../src/programs/built-in/rebuilding-trust';
import { addStaff, bearer, createClient, createCouple, signupOrganization } from './support/factories';
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
});
