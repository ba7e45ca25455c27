import { randomUUID } from 'node:crypto';
import { hasPermission, Role } from '../src/auth/permissions';
import { addApiKey, addStaff, bearer, Org, signupOrganization } from './support/factories';
import { listRoutes, RouteInfo } from './support/routes';
import { startTestApp, TestApp } from './support/test-app';

describe('access control', () => {
  let t: TestApp;
  let routes: RouteInfo[];

  beforeAll(async () => {
    t = await startTestApp();
    routes = listRoutes(t.app);
  });
  afterAll(() => t.close());

  it('finds the routes', () => {
    expect(routes.length).toBeGreaterThan(5);
  });

  it('gives every route an access decorator: a permission or Public()', () => {
    const undecorated = routes.filter((r) => r.access === undefined).map((r) => `${r.method} ${r.path}`);
    expect(undecorated).toEqual([]);
  });

  it('names each route’s permission (review this snapshot when access changes)', () => {
    const table = routes.map((r) => {
      const access = r.access!;
      const rule = access.public ? 'public' : `${access.permission}${access.staffOnly ? ' (staff only)' : ''}${access.portal ? ' (portal client only)' : ''}`;
      return `${r.method.padEnd(6)} ${r.path.padEnd(48)} ${rule}`;
    });
    expect(table).toMatchSnapshot();
  });

  it('answers 403 exactly when the role lacks the route’s permission', async () => {
    const org: Org = await signupOrganization(t);
    const credentials: Record<Role, Record<string, string>> = {
      owner: bearer(org.owner.token),
      admin: bearer((await addStaff(t, org, 'admin')).token),
      practitioner: bearer((await addStaff(t, org, 'practitioner')).token),
      facilitator: bearer((await addStaff(t, org, 'facilitator')).token),
      integration: { 'X-API-Key': (await addApiKey(t, org, 'integration')).key },
      readonly: { 'X-API-Key': (await addApiKey(t, org, 'readonly')).key },
    };
    // Logging out would end the session used for the rest of the walk, so it goes last.
    const ordered = [...routes.filter((r) => !r.path.endsWith('/logout')), ...routes.filter((r) => r.path.endsWith('/logout'))];
    const mismatches: string[] = [];
    for (const role of Object.keys(credentials) as Role[]) {
      for (const route of ordered) {
        const access = route.access!;
        if (access.public) continue;
        const path = route.path.replace(/:[A-Za-z]+/g, () => randomUUID());
        const res = await t.http[route.method.toLowerCase() as 'get'](path).set(credentials[role]).send({});
        // A portal route does not take a staff token or an API key as a credential at all.
        if (access.portal) {
          if (res.status !== 401) mismatches.push(`${role} ${route.method} ${route.path}: ${res.status} (portal route)`);
          continue;
        }
        const allowed = hasPermission(role, access.permission) && (!access.staffOnly || !['integration', 'readonly'].includes(role));
        if (res.status === 401) mismatches.push(`${role} ${route.method} ${route.path}: 401`);
        if (allowed === (res.status === 403)) mismatches.push(`${role} ${route.method} ${route.path}: ${res.status}`);
      }
    }
    expect(mismatches).toEqual([]);
  });
});
