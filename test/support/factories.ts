import { randomUUID } from 'node:crypto';
import { StaffRole } from '../../src/auth/permissions';
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

/** A new organization through the public signup, with its owner logged in. */
export async function signupOrganization(t: TestApp, name = 'Harbor Counseling'): Promise<Org> {
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

/** A staff user of the given role, added by the owner and logged in. */
export async function addStaff(t: TestApp, org: Org, role: StaffRole): Promise<Staff> {
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

/** A client with a unique name, created through the API. */
export async function createClient(t: TestApp, as: Headers, body: Record<string, unknown> = {}) {
  const res = await t.http.post('/v1/clients').set(as).send({ firstName: 'Noor', lastName: `Client-${randomUUID().slice(0, 8)}`, ...body });
  if (res.status !== 201) throw new Error(`create client: ${res.status} ${res.text}`);
  return res.body as { id: string; version: number };
}

/** A couple of two new clients, created through the API. */
export async function createCouple(t: TestApp, as: Headers) {
  const partners = [await createClient(t, as), await createClient(t, as)];
  const res = await t.http.post('/v1/couples').set(as).send({ partnerIds: partners.map((p) => p.id) });
  if (res.status !== 201) throw new Error(`create couple: ${res.status} ${res.text}`);
  return res.body as { id: string; version: number };
}

/** The body of a small organization program with one step of one practice. */
export function programBody(key = `own-${randomUUID().slice(0, 8)}`) {
  return {
    key,
    title: 'Reconnecting After Distance',
    steps: [{ key: 'step-1', title: 'Step 1', summary: 'What step 1 is about.', practices: [{ key: 'practice-1', title: 'Practice 1', description: 'Do it.' }] }],
  };
}
