import { addStaff, bearer, createClient, Org, signupOrganization } from './support/factories';
import { expectProblem } from './support/problem';
import { startTestApp, TestApp } from './support/test-app';

describe('couples and safety screenings', () => {
  let t: TestApp;
  let org: Org;
  let owner: Record<string, string>;

  beforeAll(async () => {
    t = await startTestApp();
    org = await signupOrganization(t);
    owner = bearer(org.owner.token);
  });
  afterAll(() => t.close());

  const screen = (clientId: string, result: string, as = owner) =>
    t.http.post(`/v1/clients/${clientId}/safety-screenings`).set(as).send({ result });

  it('creates a couple of two partners and shows both with names', async () => {
    const a = (await createClient(t, owner, { firstName: 'Ana' })).id;
    const b = (await createClient(t, owner, { firstName: 'Ben' })).id;
    const res = await t.http
      .post('/v1/couples')
      .set(owner)
      .send({ partnerIds: [a, b], label: 'A & B', presentingConcern: 'Rebuilding after a breach of trust', startDate: '2026-01-15' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ label: 'A & B', status: 'active', safetyStatus: 'missing', version: 1 });
    expect(res.body.partners.map((p: { id: string; firstName: string }) => [p.id, p.firstName])).toEqual([
      [a, 'Ana'],
      [b, 'Ben'],
    ]);
    const read = await t.http.get(`/v1/couples/${res.body.id}`).set(owner);
    expect(read.headers.etag).toBe('"1"');
  });

  it('refuses one partner twice, a wrong count, a day that does not exist, and a stranger (404)', async () => {
    const a = (await createClient(t, owner)).id;
    expectProblem(await t.http.post('/v1/couples').set(owner).send({ partnerIds: [a, a] }), 400, 'VALIDATION_FAILED');
    expectProblem(await t.http.post('/v1/couples').set(owner).send({ partnerIds: [a] }), 400, 'VALIDATION_FAILED');
    const b = (await createClient(t, owner)).id;
    for (const startDate of ['2026-02-30', '0000-01-01']) {
      const res = await t.http.post('/v1/couples').set(owner).send({ partnerIds: [a, b], startDate });
      expect((expectProblem(res, 400, 'VALIDATION_FAILED').errors as { field: string }[]).map((e) => e.field)).toEqual(['startDate']);
    }
    const other = await signupOrganization(t, 'Elsewhere');
    const foreign = (await createClient(t, bearer(other.owner.token))).id;
    expectProblem(await t.http.post('/v1/couples').set(owner).send({ partnerIds: [a, foreign] }), 404, 'NOT_FOUND');
  });

  it('allows one open couple per pair (409 naming it), in either order, until it ends', async () => {
    const a = (await createClient(t, owner)).id;
    const b = (await createClient(t, owner)).id;
    const first = await t.http.post('/v1/couples').set(owner).send({ partnerIds: [a, b] });
    const again = await t.http.post('/v1/couples').set(owner).send({ partnerIds: [b, a] });
    const problem = expectProblem(again, 409, 'COUPLE_EXISTS');
    expect(problem.coupleId).toBe(first.body.id);
    await t.http.patch(`/v1/couples/${first.body.id}`).set(owner).send({ status: 'ended' });
    expect((await t.http.post('/v1/couples').set(owner).send({ partnerIds: [b, a] })).status).toBe(201);
  });

  it('derives safety from both partners’ latest screenings', async () => {
    const a = (await createClient(t, owner)).id;
    const b = (await createClient(t, owner)).id;
    const couple = (await t.http.post('/v1/couples').set(owner).send({ partnerIds: [a, b] })).body.id;
    const safety = async () => (await t.http.get(`/v1/couples/${couple}`).set(owner)).body.safetyStatus;
    expect(await safety()).toBe('missing');
    expect((await screen(a, 'clear')).status).toBe(201);
    expect(await safety()).toBe('missing');
    await screen(b, 'concern');
    expect(await safety()).toBe('concern');
    await screen(a, 'unsafe');
    expect(await safety()).toBe('unsafe');
    await screen(a, 'clear');
    await screen(b, 'clear');
    expect(await safety()).toBe('clear');
    const list = await t.http.get(`/v1/clients/${a}/safety-screenings`).set(owner);
    expect(list.body.data.map((s: { result: string }) => s.result)).toEqual(['clear', 'unsafe', 'clear']);
    expectProblem(await t.http.post(`/v1/clients/${a}/safety-screenings`).set(owner).send({ result: 'fine' }), 400, 'VALIDATION_FAILED');
    const future = new Date(Date.now() + 86400000).toISOString();
    expectProblem(await t.http.post(`/v1/clients/${a}/safety-screenings`).set(owner).send({ result: 'clear', screenedAt: future }), 400, 'VALIDATION_FAILED');
  });

  it('lets a practitioner on the couple’s care team see the couple and both partners, and no one else', async () => {
    const practitioner = await addStaff(t, org, 'practitioner');
    const a = (await createClient(t, owner)).id;
    const b = (await createClient(t, owner)).id;
    const couple = (await t.http.post('/v1/couples').set(owner).send({ partnerIds: [a, b] })).body.id;
    const as = bearer(practitioner.token);
    expectProblem(await t.http.get(`/v1/couples/${couple}`).set(as), 404, 'NOT_FOUND');
    expectProblem(await t.http.get(`/v1/clients/${a}`).set(as), 404, 'NOT_FOUND');
    expect((await t.http.put(`/v1/couples/${couple}/care-team/${practitioner.id}`).set(owner)).status).toBe(200);
    expect((await t.http.get(`/v1/couples/${couple}`).set(as)).status).toBe(200);
    expect((await t.http.get(`/v1/clients/${a}`).set(as)).status).toBe(200);
    expect((await t.http.get(`/v1/clients/${b}`).set(as)).status).toBe(200);
    const list = await t.http.get('/v1/couples').set(as);
    expect(list.body.data.map((c: { id: string }) => c.id)).toEqual([couple]);
  });

  it('archives, lists and restores couples, and answers 404 to another organization', async () => {
    const a = (await createClient(t, owner)).id;
    const b = (await createClient(t, owner)).id;
    const couple = (await t.http.post('/v1/couples').set(owner).send({ partnerIds: [a, b] })).body;
    const other = bearer((await signupOrganization(t, 'Elsewhere Two')).owner.token);
    const attempts = [
      t.http.get(`/v1/couples/${couple.id}`).set(other),
      t.http.patch(`/v1/couples/${couple.id}`).set(other).send({ label: 'x' }),
      t.http.delete(`/v1/couples/${couple.id}`).set(other),
      t.http.post(`/v1/couples/${couple.id}/restore`).set(other),
      t.http.put(`/v1/couples/${couple.id}/care-team/${org.owner.id}`).set(other),
      t.http.delete(`/v1/couples/${couple.id}/care-team/${org.owner.id}`).set(other),
    ];
    for (const res of await Promise.all(attempts)) expectProblem(res, 404, 'NOT_FOUND');
    expect((await t.http.delete(`/v1/couples/${couple.id}`).set(owner).set('If-Match', '"1"')).status).toBe(200);
    const listed = await t.http.get('/v1/couples').query({ clientId: a }).set(owner);
    expect(listed.body.data).toEqual([]);
    const all = await t.http.get('/v1/couples').query({ clientId: a, includeArchived: 'true' }).set(owner);
    expect(all.body.data.map((c: { id: string }) => c.id)).toEqual([couple.id]);
    expect((await t.http.post(`/v1/couples/${couple.id}/restore`).set(owner)).body.archivedAt).toBeNull();
  });
});
