import { randomUUID } from 'node:crypto';
import { builtInExerciseId } from '../src/exercises/built-in/exercise-ids';
import { TRUST_CHECK_IN_INSTRUMENT_ID } from '../src/instruments/built-in/trust-check-in';
import { addApiKey, bearer, createCouple, signupOrganization } from './support/factories';
import { invitePortalClient, PortalClientSession } from './support/portal';
import { listRoutes, RouteInfo } from './support/routes';
import { startTestApp, TestApp } from './support/test-app';

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

describe('portal and staff credentials, route by route', () => {
  let t: TestApp;
  let routes: RouteInfo[];
  let owner: Record<string, string>;
  let apiKey: Record<string, string>;
  let couple: { id: string; a: string; b: string };
  let a: PortalClientSession;
  let b: PortalClientSession;

  beforeAll(async () => {
    t = await startTestApp();
    routes = listRoutes(t.app);
    const org = await signupOrganization(t);
    owner = bearer(org.owner.token);
    apiKey = { 'X-API-Key': (await addApiKey(t, org, 'integration')).key };
    couple = await createCouple(t, owner);
    a = await invitePortalClient(t, owner, couple.a);
    b = await invitePortalClient(t, owner, couple.b);
  });
  afterAll(() => t.close());

  const isPortal = (route: RouteInfo) => route.access !== undefined && !route.access.public && route.access.portal;
  const concrete = (path: string, id: () => string = randomUUID) => path.replace(/:date\b/, '2026-01-05').replace(/:[A-Za-z]+/g, () => id());
  /** A body each body-validated portal route accepts, so that a walk reaches the record, not the validator. */
  const validBody = (route: RouteInfo): object => {
    if (route.path.endsWith('/occurrences/:date')) return { viewpoint: 'committer', outcome: 'kept' };
    if (route.path.endsWith('/breaches')) return { breachedBy: couple.a, occurredAt: '2026-01-05T20:00:00Z', severity: 'minor' };
    if (route.method === 'PATCH' && route.path.startsWith('/v1/portal/assignments/')) return { status: 'in_progress' };
    return {};
  };
  const call = (route: RouteInfo, path: string, headers: Record<string, string>) =>
    t.http[route.method.toLowerCase() as Method](path).set(headers).send(validBody(route));

  it('lists portal routes under /v1/portal and nowhere else', () => {
    const portal = routes.filter(isPortal);
    expect(portal.length).toBeGreaterThan(10);
    expect(portal.filter((route) => !route.path.startsWith('/v1/portal/'))).toEqual([]);
  });

  it('refuses a portal token on every staff route (401 or 403)', async () => {
    const staffRoutes = routes.filter((route) => route.access && !route.access.public && !isPortal(route));
    const mismatches: string[] = [];
    for (const route of staffRoutes) {
      const res = await call(route, concrete(route.path), bearer(a.accessToken));
      if (res.status !== 401 && res.status !== 403) mismatches.push(`${route.method} ${route.path}: ${res.status}`);
    }
    expect(mismatches).toEqual([]);
    // The portal session is untouched by all that.
    expect((await t.http.get('/v1/portal/me').set(bearer(a.accessToken))).status).toBe(200);
  });

  it('refuses a staff token and an API key on every portal route (401)', async () => {
    const ordered = [...routes.filter((r) => isPortal(r) && !r.path.endsWith('/logout')), ...routes.filter((r) => isPortal(r) && r.path.endsWith('/logout'))];
    const mismatches: string[] = [];
    for (const route of ordered) {
      for (const [name, headers] of [['staff', owner], ['apiKey', apiKey]] as const) {
        const res = await call(route, concrete(route.path), headers);
        if (res.status !== 401) mismatches.push(`${name} ${route.method} ${route.path}: ${res.status}`);
      }
    }
    expect(mismatches).toEqual([]);
    expect((await t.http.get('/v1/me').set(owner)).status).toBe(200);
  });

  it('answers partner A 404 on every portal route with an id, given partner B’s private records', async () => {
    const assignment = await t.http.post('/v1/assignments').set(owner).send({ exerciseId: builtInExerciseId('write-a-specific-apology'), clientId: couple.b });
    const measurement = await t.http
      .post('/v1/portal/measurements')
      .set(bearer(b.accessToken))
      .send({ instrumentId: TRUST_CHECK_IN_INSTRUMENT_ID, coupleId: couple.id, answers: [{ index: 0, value: 2 }, { index: 1, value: 3 }, { index: 2, value: 4 }] });
    const ownCommitment = await t.http
      .post('/v1/commitments')
      .set(owner)
      .send({ clientId: couple.b, committerId: couple.b, description: 'Walk every morning.', schedule: { kind: 'once', dueOn: '2026-01-05' } });
    expect([assignment.status, measurement.status, ownCommitment.status]).toEqual([201, 201, 201]);
    const privateIds = [assignment.body.assignments[0].id as string, measurement.body.id as string, ownCommitment.body.id as string];

    const withIds = routes.filter((route) => isPortal(route) && route.path.includes(':id'));
    expect(withIds.length).toBeGreaterThan(8);
    const mismatches: string[] = [];
    for (const route of withIds) {
      for (const id of privateIds) {
        const res = await call(route, concrete(route.path, () => id), bearer(a.accessToken));
        // Every route is sent a body it accepts, so each answer is about the record: 404.
        if (res.status !== 404) mismatches.push(`${route.method} ${route.path} with ${id}: ${res.status}`);
      }
    }
    expect(mismatches).toEqual([]);
    // Partner B reaches each of them.
    expect((await t.http.get(`/v1/portal/assignments/${privateIds[0]}`).set(bearer(b.accessToken))).status).toBe(200);
    expect((await t.http.get(`/v1/portal/measurements/${privateIds[1]}`).set(bearer(b.accessToken))).status).toBe(200);
    expect((await t.http.get(`/v1/portal/commitments/${privateIds[2]}`).set(bearer(b.accessToken))).status).toBe(200);
  });
});
