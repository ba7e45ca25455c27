import { randomUUID } from 'node:crypto';
import { builtInExerciseId } from '../src/exercises/built-in/exercise-ids';
import { addStaff, bearer, createClient, createCouple, Org, signupOrganization, Staff } from './support/factories';
import { invitePortalClient, PortalClientSession } from './support/portal';
import { expectProblem } from './support/problem';
import { startTestApp, TestApp } from './support/test-app';

const HEAR = builtInExerciseId('hear-and-reflect-the-hurt');
const REFLECTION = 'I heard how alone she felt that winter.';

describe('sharing an assignment’s reflection with the group’s facilitator', () => {
  let t: TestApp;
  let org: Org;
  let owner: Record<string, string>;
  let facilitator: Staff;
  let couple: { id: string; a: string; b: string };
  let member: string;
  let a: PortalClientSession;
  let b: PortalClientSession;
  let c: PortalClientSession;
  let groupId: string;
  let mine: string;
  const as = (session: PortalClientSession) => bearer(session.accessToken);

  beforeAll(async () => {
    t = await startTestApp();
    org = await signupOrganization(t);
    owner = bearer(org.owner.token);
    facilitator = await addStaff(t, org, 'facilitator');
    couple = await createCouple(t, owner);
    member = (await createClient(t, owner)).id;
    const group = await t.http.post('/v1/groups').set(bearer(facilitator.token)).send({ name: `Circle ${randomUUID().slice(0, 6)}` });
    expect(group.status).toBe(201);
    groupId = group.body.id;
    for (const id of [couple.a, member]) expect((await t.http.put(`/v1/groups/${groupId}/members/${id}`).set(bearer(facilitator.token))).status).toBeLessThan(300);
    const given = await t.http.post('/v1/assignments').set(bearer(facilitator.token)).send({ exerciseId: HEAR, groupId });
    expect(given.status).toBe(201);
    mine = (given.body.assignments as { id: string; clientId: string }[]).find((x) => x.clientId === couple.a)!.id;
    a = await invitePortalClient(t, owner, couple.a);
    b = await invitePortalClient(t, owner, couple.b);
    c = await invitePortalClient(t, owner, member);
  });
  afterAll(() => t.close());

  const facilitatorView = async () => {
    const one = await t.http.get(`/v1/assignments/${mine}`).set(bearer(facilitator.token));
    expect(one.status).toBe(200);
    const list = await t.http.get('/v1/assignments').query({ groupId, clientId: couple.a }).set(bearer(facilitator.token));
    expect(list.status).toBe(200);
    expect(list.body.data).toHaveLength(1);
    expect(list.body.data[0]).toMatchObject({ id: mine, response: one.body.response, shareReflection: one.body.shareReflection });
    return one.body;
  };

  it('shows the facilitator the status without the reflection until the client shares it', async () => {
    const done = await t.http.patch(`/v1/portal/assignments/${mine}`).set(as(a)).send({ status: 'completed', reflection: REFLECTION });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ status: 'completed', response: REFLECTION, responseBy: { type: 'client', id: couple.a }, shareReflection: false });

    expect(await facilitatorView()).toMatchObject({ status: 'completed', response: null, responseBy: null, shareReflection: false });
    const summary = await t.http.get(`/v1/groups/${groupId}/assignments/summary`).set(bearer(facilitator.token));
    expect(summary.body.members.find((m: { clientId: string }) => m.clientId === couple.a)).toMatchObject({ completed: 1 });
    expect(JSON.stringify(summary.body)).not.toContain(REFLECTION);

    // Staff who read the client's record see it, marked as the client's.
    const byOwner = await t.http.get(`/v1/assignments/${mine}`).set(owner);
    expect(byOwner.body).toMatchObject({ response: REFLECTION, responseBy: { type: 'client', id: couple.a }, shareReflection: false });
  });

  it('shows it to the facilitator once shared (a completed assignment may still be shared), and hides it again when unshared', async () => {
    expectProblem(await t.http.patch(`/v1/portal/assignments/${mine}`).set(as(a)).send({ shareReflection: 'yes' }), 400, 'VALIDATION_FAILED');
    expectProblem(await t.http.patch(`/v1/portal/assignments/${mine}`).set(as(a)).send({ shareReflection: null }), 400, 'VALIDATION_FAILED');
    const shared = await t.http.patch(`/v1/portal/assignments/${mine}`).set(as(a)).send({ shareReflection: true });
    expect(shared.status).toBe(200);
    expect(shared.body).toMatchObject({ status: 'completed', response: REFLECTION, shareReflection: true });
    expect(await facilitatorView()).toMatchObject({ response: REFLECTION, responseBy: { type: 'client', id: couple.a }, shareReflection: true });

    expect((await t.http.patch(`/v1/portal/assignments/${mine}`).set(as(a)).send({ shareReflection: false })).status).toBe(200);
    expect(await facilitatorView()).toMatchObject({ response: null, shareReflection: false });
    // Staff cannot set the client's choice for them.
    expectProblem(await t.http.patch(`/v1/assignments/${mine}`).set(owner).send({ shareReflection: true }), 400, 'VALIDATION_FAILED');
    expect((await t.http.patch(`/v1/portal/assignments/${mine}`).set(as(a)).send({ shareReflection: true })).status).toBe(200);
  });

  it('never shows it to the partner or another group member, shared or not', async () => {
    for (const other of [b, c]) {
      expectProblem(await t.http.get(`/v1/portal/assignments/${mine}`).set(as(other)), 404, 'NOT_FOUND');
      expectProblem(await t.http.patch(`/v1/portal/assignments/${mine}`).set(as(other)).send({ shareReflection: false }), 404, 'NOT_FOUND');
      const list = await t.http.get('/v1/portal/assignments').query({ limit: 100 }).set(as(other));
      expect(list.status).toBe(200);
      expect(JSON.stringify(list.body)).not.toContain(REFLECTION);
    }
    // The other member's own assignment from the same group is theirs alone.
    const theirs = await t.http.get('/v1/portal/assignments').set(as(c));
    expect(theirs.body.data.map((x: { clientId: string }) => x.clientId)).toEqual([member]);
    expect((await t.http.get(`/v1/assignments/${mine}`).set(bearer(facilitator.token))).body.response).toBe(REFLECTION);
  });
});
