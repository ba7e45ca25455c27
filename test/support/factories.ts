import { randomUUID } from 'node:crypto';
import { hashPassword } from '../../src/auth/passwords';
import { StaffRole } from '../../src/auth/permissions';
import { AuthSessionsService } from '../../src/auth/auth-sessions.service';
import { Transactions } from '../../src/database/transactions';
import { StaffUser } from '../../src/staff/staff-user.entity';
import { Seed } from './seed';
import { TestApp } from './test-app';

export const PASSWORD = 'correct horse battery staple';

export interface Org {
  organizationId: string;
  owner: { id: string; email: string; token: string; refreshToken: string };
}

export interface Staff {
  id: string;
  email: string;
  role: StaffRole;
  token: string;
  refreshToken: string;
}

export const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

let passwordHash: Promise<string> | undefined;

/** The argon2id hash of PASSWORD, computed once: hashing is deliberately slow, and every seeded user shares it. */
function hashOfPassword(): Promise<string> {
  passwordHash ??= hashPassword(PASSWORD);
  return passwordHash;
}

/** A staff row that can log in with PASSWORD, inserted directly. */
async function seedStaff(t: TestApp, organizationId: string, role: StaffRole, displayName: string, overrides: Partial<StaffUser> = {}) {
  return new Seed(t.dataSource).staff(organizationId, role, { displayName, passwordHash: await hashOfPassword(), ...overrides });
}

/** The token pair a login would answer with, from a session opened in-process. */
async function openSession(t: TestApp, organizationId: string, id: string) {
  const db = t.app.get(Transactions);
  const sessions = t.app.get(AuthSessionsService);
  return db.run(async () => sessions.open(await db.manager.findOneByOrFail(StaffUser, { organizationId, id })));
}

/** A new organization with its owner logged in, inserted directly (no signup request, no audit event). */
export async function signupOrganization(t: TestApp, name = 'Harbor Counseling'): Promise<Org> {
  const { organizationId } = await new Seed(t.dataSource).organization(name);
  const owner = await seedStaff(t, organizationId, 'owner', 'Olive Owner');
  const session = await openSession(t, organizationId, owner.id);
  return { organizationId, owner: { id: owner.id, email: owner.email, token: session.accessToken, refreshToken: session.refreshToken } };
}

/** A new organization through the public signup, with its owner logged in: for tests of signup and its audit trail. */
export async function signupOrganizationThroughApi(t: TestApp, name = 'Harbor Counseling'): Promise<Org> {
  const email = `owner-${randomUUID()}@example.org`;
  const res = await t.http
    .post('/v1/auth/signup')
    .send({ organizationName: name, email, displayName: 'Olive Owner', password: PASSWORD });
  if (res.status !== 201) throw new Error(`signup failed: ${res.status} ${res.text}`);
  return {
    organizationId: res.body.organization.id,
    owner: { id: res.body.user.id, email, token: res.body.accessToken, refreshToken: res.body.refreshToken },
  };
}

export async function login(t: TestApp, email: string, password = PASSWORD) {
  const res = await t.http.post('/v1/auth/login').send({ email, password });
  if (res.status !== 200) throw new Error(`login failed: ${res.status} ${res.text}`);
  return res.body as { accessToken: string; refreshToken: string; user: { id: string } };
}

/** A logged-in staff user of the given role, inserted directly (no request, no audit event); they can also log in with PASSWORD. */
export async function addStaff(t: TestApp, org: Org, role: StaffRole): Promise<Staff> {
  const staff = await seedStaff(t, org.organizationId, role, `Test ${role}`, { lastLoginAt: new Date() });
  const session = await openSession(t, org.organizationId, staff.id);
  return { id: staff.id, email: staff.email, role, token: session.accessToken, refreshToken: session.refreshToken };
}

/** A staff user of the given role, added by the owner and logged in through the API: for tests of those routes and their audit trail. */
export async function addStaffThroughApi(t: TestApp, org: Org, role: StaffRole): Promise<Staff> {
  const email = `${role}-${randomUUID()}@example.org`;
  const res = await t.http
    .post('/v1/staff')
    .set(bearer(org.owner.token))
    .send({ email, displayName: `Test ${role}`, role, password: PASSWORD });
  if (res.status !== 201) throw new Error(`adding staff failed: ${res.status} ${res.text}`);
  const session = await login(t, email);
  return { id: res.body.id, email, role, token: session.accessToken, refreshToken: session.refreshToken };
}

export async function addApiKey(t: TestApp, org: Org, role: 'integration' | 'readonly') {
  const res = await t.http.post('/v1/api-keys').set(bearer(org.owner.token)).send({ name: `${role} key`, role });
  if (res.status !== 201) throw new Error(`creating key failed: ${res.status} ${res.text}`);
  return { id: res.body.id as string, key: res.body.key as string };
}

type Headers = Record<string, string>;

export interface CreatedClient {
  id: string;
  version: number;
  firstName: string;
  lastName: string;
}

/**
 * A client created through the API, named `Noor <lastNamePrefix>-<random>` so that each is unique;
 * `body` adds or overrides fields (a test that looks for a name or contact detail gives it here).
 */
export async function createClient(
  t: TestApp,
  as: Headers,
  body: Record<string, unknown> = {},
  { lastNamePrefix = 'Client' }: { lastNamePrefix?: string } = {},
): Promise<CreatedClient> {
  const lastName = `${lastNamePrefix}-${randomUUID().slice(0, 8)}`;
  const res = await t.http.post('/v1/clients').set(as).send({ firstName: 'Noor', lastName, ...body });
  if (res.status !== 201) throw new Error(`create client: ${res.status} ${res.text}`);
  return res.body as CreatedClient;
}

/** A couple of two new clients (`a` and `b`, in that order), created through the API. */
export async function createCouple(t: TestApp, as: Headers) {
  const [a, b] = [(await createClient(t, as)).id, (await createClient(t, as)).id];
  const res = await t.http.post('/v1/couples').set(as).send({ partnerIds: [a, b] });
  if (res.status !== 201) throw new Error(`create couple: ${res.status} ${res.text}`);
  return { id: res.body.id as string, version: res.body.version as number, a, b };
}

/** The body of a small organization program with one step of one practice. */
export function programBody(key = `own-${randomUUID().slice(0, 8)}`) {
  return {
    key,
    title: 'Reconnecting After Distance',
    steps: [{ key: 'step-1', title: 'Step 1', summary: 'What step 1 is about.', practices: [{ key: 'practice-1', title: 'Practice 1', description: 'Do it.' }] }],
  };
}
