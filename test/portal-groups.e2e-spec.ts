import { randomUUID } from 'node:crypto';
import { builtInExerciseId } from '../src/exercises/built-in/exercise-ids';
import { TRUST_CHECK_IN_INSTRUMENT_ID } from '../src/instruments/built-in/trust-check-in';
import { bearer, createClient, signupOrganization } from './support/factories';
import { invitePortalClient, PortalClientSession } from './support/portal';
import { startTestApp, TestApp } from './support/test-app';

/** Support-group members in the portal: each sees their own work, never a fellow member's. */
describe('portal: members of one support group', () => {
  let t: TestApp;
  let owner: Record<string, string>;
  let first: PortalClientSession;
  let second: PortalClientSession;
  let firstAssignment: string;
  let secondAssignment: string;

  beforeAll(async () => {
    t = await startTestApp();
    const org = await signupOrganization(t);
    owner = bearer(org.owner.token);
    const [one, two] = [await createClient(t, owner), await createClient(t, owner)];
    const group = await t.http.post('/v1/groups').set(owner).send({ name: `Circle ${randomUUID().slice(0, 6)}` });
    expect(group.status).toBe(201);
    for (const member of [one, two]) expect((await t.http.put(`/v1/groups/${group.body.id}/members/${member.id}`).set(owner)).status).toBeLessThan(300);
    const assigned = await t.http.post('/v1/assignments').set(owner).send({ exerciseId: builtInExerciseId('write-a-specific-apology'), groupId: group.body.id });
    expect(assigned.status).toBe(201);
    const byClient = new Map<string, string>((assigned.body.assignments as Array<{ id: string; clientId: string }>).map((a) => [a.clientId, a.id]));
    firstAssignment = byClient.get(one.id)!;
    secondAssignment = byClient.get(two.id)!;
    expect([firstAssignment, secondAssignment].every(Boolean)).toBe(true);
    first = await invitePortalClient(t, owner, one.id);
    second = await invitePortalClient(t, owner, two.id);
  });
  afterAll(() => t.close());

  it('lists only the member’s own assignment of the group’s exercise', async () => {
    const mine = await t.http.get('/v1/portal/assignments').set(bearer(second.accessToken));
    expect(mine.status).toBe(200);
    expect(mine.body.data.map((a: { id: string }) => a.id)).toEqual([secondAssignment]);
  });

  it('answers 404 for a fellow member’s assignment, to read it or to write in it, and changes nothing', async () => {
    const reflection = 'What I wrote is mine to share.';
    const done = await t.http
      .patch(`/v1/portal/assignments/${firstAssignment}`)
      .set(bearer(first.accessToken))
      .send({ status: 'completed', reflection });
    expect(done.status).toBe(200);

    expect((await t.http.get(`/v1/portal/assignments/${firstAssignment}`).set(bearer(second.accessToken))).status).toBe(404);
    const meddled = await t.http.patch(`/v1/portal/assignments/${firstAssignment}`).set(bearer(second.accessToken)).send({ status: 'in_progress' });
    expect(meddled.status).toBe(404);
    const still = await t.http.get(`/v1/portal/assignments/${firstAssignment}`).set(bearer(first.accessToken));
    expect(still.body).toMatchObject({ status: 'completed', version: done.body.version });
    expect(JSON.stringify((await t.http.get('/v1/portal/assignments').set(bearer(second.accessToken))).body)).not.toContain(reflection);
  });

  it('keeps a member’s check-in answers from every other member', async () => {
    const answered = await t.http
      .post('/v1/portal/measurements')
      .set(bearer(first.accessToken))
      .send({ instrumentId: TRUST_CHECK_IN_INSTRUMENT_ID, answers: [{ index: 0, value: 1 }, { index: 1, value: 2 }, { index: 2, value: 3 }] });
    expect(answered.status).toBe(201);
    expect((await t.http.get(`/v1/portal/measurements/${answered.body.id}`).set(bearer(second.accessToken))).status).toBe(404);
    const theirs = await t.http.get('/v1/portal/measurements').set(bearer(second.accessToken));
    expect(theirs.status).toBe(200);
    expect(theirs.body.data.map((m: { id: string }) => m.id)).not.toContain(answered.body.id);
    expect((await t.http.get(`/v1/portal/measurements/${answered.body.id}`).set(bearer(first.accessToken))).status).toBe(200);
  });
});
