import { randomUUID } from 'node:crypto';

const PASSWORD = 'bench password, long enough';

/** Credentials the scenarios send. Seeded through the public API, as a clinic would set up. */
export interface Seed {
  organizationId: string;
  /** Access token of an admin (not the owner) logged in with email and password. */
  staffToken: string;
  /** An `integration` API key. */
  apiKey: string;
}

async function call<T>(origin: string, path: string, expected: number, body: unknown, token?: string): Promise<T> {
  const response = await fetch(`${origin}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  if (response.status !== expected) {
    throw new Error(`seeding: POST ${path} answered ${response.status}: ${await response.text()}`);
  }
  return (await response.json()) as T;
}

export async function seedThroughApi(origin: string): Promise<Seed> {
  const owner = await call<{ accessToken: string; organization: { id: string } }>(origin, '/v1/auth/signup', 201, {
    organizationName: 'Bench Counseling',
    email: `owner-${randomUUID()}@example.org`,
    displayName: 'Bench Owner',
    password: PASSWORD,
  });
  const adminEmail = `admin-${randomUUID()}@example.org`;
  await call(origin, '/v1/staff', 201, { email: adminEmail, displayName: 'Bench Admin', role: 'admin', password: PASSWORD }, owner.accessToken);
  const admin = await call<{ accessToken: string }>(origin, '/v1/auth/login', 200, { email: adminEmail, password: PASSWORD });
  const key = await call<{ key: string }>(origin, '/v1/api-keys', 201, { name: 'Bench integration', role: 'integration' }, owner.accessToken);
  return { organizationId: owner.organization.id, staffToken: admin.accessToken, apiKey: key.key };
}
