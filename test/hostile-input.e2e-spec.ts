import { addStaff, bearer, createClient, Org, signupOrganization } from './support/factories';
import { expectProblem } from './support/problem';
import { startTestApp, TestApp } from './support/test-app';

/** Input an outside fuzzer found to crash a handler: each is a clear 400 now, and changes nothing. */
describe('hostile input', () => {
  let t: TestApp;
  let org: Org;
  let owner: Record<string, string>;
  beforeAll(async () => {
    t = await startTestApp();
    org = await signupOrganization(t);
    owner = bearer(org.owner.token);
  });
  afterAll(() => t.close());

  it('refuses a completion without a note', async () => {
    const client = await createClient(t, owner);
    const session = await t.http
      .post('/v1/sessions')
      .set(owner)
      .send({ kind: 'individual', clientId: client.id, startsAt: '2020-03-02T09:00:00Z', durationMinutes: 50, modality: 'video' });
    expect(session.status).toBe(201);
    const res = await t.http.post(`/v1/sessions/${session.body.id}/complete`).set(owner).send({ attendance: [{ clientId: client.id, attended: true }], stepsAddressed: [] });
    expectProblem(res, 400, 'VALIDATION_FAILED');
  });

  it('refuses null targets of an assignment', async () => {
    for (const body of [{ clientId: null }, { coupleId: null }]) {
      expectProblem(await t.http.post('/v1/assignments').set(owner).send({ exerciseId: '00000000-0000-4000-8000-000000000001', ...body }), 400, 'VALIDATION_FAILED');
    }
  });

  it('refuses null for a staff member’s name or role', async () => {
    const staff = await addStaff(t, org, 'practitioner');
    for (const body of [{ displayName: null }, { role: null }]) {
      expectProblem(await t.http.patch(`/v1/staff/${staff.id}`).set(owner).send(body), 400, 'VALIDATION_FAILED');
    }
  });

  it('refuses time-zone offsets that do not exist', async () => {
    for (const from of ['2024-01-01T00:00:00+16:00', '2024-01-01T00:00:00-23:59', '2024-01-01T00:00:00+99:00']) {
      expectProblem(await t.http.get('/v1/audit-events').query({ from }).set(owner), 400, 'VALIDATION_FAILED');
    }
  });

  it('refuses a body nested deeper than 32 levels, without overflowing the stack', async () => {
    const deep = '{"a":'.repeat(10_000) + '1' + '}'.repeat(10_000);
    const res = await t.http.post('/v1/clients').set(owner).set('content-type', 'application/json').send(deep);
    expectProblem(res, 400, 'VALIDATION_FAILED');
  });
});
