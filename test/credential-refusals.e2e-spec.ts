import { randomUUID } from 'node:crypto';
import { JwtService } from '@nestjs/jwt';
import { AuditWriter } from '../src/audit/audit.writer';
import { addApiKey, addStaff, bearer, Org, PASSWORD, signupOrganization, Staff } from './support/factories';
import { expectProblem } from './support/problem';
import { startTestApp, TestApp } from './support/test-app';

interface AuditRow {
  organization_id: string | null;
  actor_type: string;
  actor_id: string | null;
  action: string;
  resource_type: string | null;
  resource_id: string | null;
  detail: Record<string, unknown> | null;
  status: number;
}

describe('every refused credential leaves an audit event, without the credential', () => {
  let t: TestApp;
  let org: Org;
  let staff: Staff;
  const presented: string[] = [];

  beforeAll(async () => {
    t = await startTestApp({ LOGIN_MAX_FAILURES_PER_EMAIL: '1' });
    org = await signupOrganization(t);
    staff = await addStaff(t, org, 'practitioner');
  });
  afterAll(() => t.close());

  const claimsOf = (token: string) => JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString());
  const signer = async () =>
    new JwtService({ secret: (await t.dataSource.query(`SELECT value FROM instance_settings WHERE key = 'jwt_secret'`))[0].value });

  /** Calls GET /v1/me with `headers` under a user agent no other request uses, and answers the audit events it left. */
  async function refusedWith(headers: Record<string, string>): Promise<AuditRow[]> {
    const agent = `refusal-${randomUUID()}`;
    expectProblem(await t.http.get('/v1/me').set(headers).set('User-Agent', agent), 401, 'UNAUTHENTICATED');
    await t.app.get(AuditWriter).drain();
    return t.dataSource.query(`SELECT * FROM audit_events WHERE user_agent = $1`, [agent]);
  }

  /** The event of a refused token: `by` the user a token signed by us names; `claiming` the user a token failing its checks names. */
  const bearerRefusal = (reason: string, by?: Staff, claiming?: Staff) => ({
    organization_id: by || claiming ? org.organizationId : null,
    actor_type: by ? 'user' : 'anonymous',
    actor_id: by?.id ?? null,
    action: 'authenticate',
    resource_type: 'auth',
    status: 401,
    detail: { credential: 'bearer', reason, ...(claiming ? { claimedUserId: claiming.id } : {}) },
  });

  it('an expired token, naming whom its (valid) signature vouches for', async () => {
    const { sub, org: organization, role, sid } = claimsOf(staff.token);
    const now = Math.floor(Date.now() / 1000);
    const expired = (await signer()).sign(
      { sub, org: organization, role, sid, iat: now - 120, exp: now - 60 },
      { issuer: 'trustpath', audience: 'trustpath-api' },
    );
    presented.push(expired);
    expect(await refusedWith(bearer(expired))).toEqual([expect.objectContaining(bearerRefusal('expired', staff))]);
  });

  it('a tampered token, told to the organization it claims, naming its user as claimed only', async () => {
    const [header, payload, signature] = staff.token.split('.');
    const elevated = Buffer.from(JSON.stringify({ ...claimsOf(staff.token), role: 'owner' })).toString('base64url');
    const tampered = `${header}.${elevated}.${signature}`;
    presented.push(tampered);
    expect(payload).not.toBe(elevated);
    expect(await refusedWith(bearer(tampered))).toEqual([expect.objectContaining(bearerRefusal('invalidToken', undefined, staff))]);
    const listed = await t.http.get('/v1/audit-events').query({ action: 'authenticate' }).set(bearer(org.owner.token));
    expect(listed.status).toBe(200);
    expect(listed.body.data).toEqual(expect.arrayContaining([expect.objectContaining({ actorType: 'anonymous', status: 401 })]));
  });

  it('alg none, likewise', async () => {
    const none = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${staff.token.split('.')[1]}.`;
    presented.push(none);
    expect(await refusedWith(bearer(none))).toEqual([expect.objectContaining(bearerRefusal('invalidToken', undefined, staff))]);
    expect(await refusedWith(bearer('not.a.token'))).toEqual([expect.objectContaining(bearerRefusal('invalidToken'))]);
  });

  it('a well-signed token of a session that does not exist', async () => {
    const { sub, org: organization, role } = claimsOf(staff.token);
    const unknown = (await signer()).sign(
      { sub, org: organization, role, sid: randomUUID() },
      { issuer: 'trustpath', audience: 'trustpath-api', expiresIn: 60 },
    );
    presented.push(unknown);
    expect(await refusedWith(bearer(unknown))).toEqual([expect.objectContaining(bearerRefusal('sessionEnded', staff))]);
  });

  it('the token of a deactivated user', async () => {
    const leaver = await addStaff(t, org, 'practitioner');
    expect((await t.http.get('/v1/me').set(bearer(leaver.token))).status).toBe(200);
    await t.dataSource.query(`UPDATE staff_users SET deactivated_at = now() WHERE id = $1`, [leaver.id]);
    presented.push(leaver.token);
    expect(await refusedWith(bearer(leaver.token))).toEqual([expect.objectContaining(bearerRefusal('sessionEnded', leaver))]);
  });

  it('an Authorization header that is not a bearer token', async () => {
    expect(await refusedWith({ Authorization: 'Basic c2VjcmV0OnNlY3JldA==' })).toEqual([
      expect.objectContaining(bearerRefusal('malformedHeader')),
    ]);
    presented.push('c2VjcmV0OnNlY3JldA==');
  });

  it('wrong, unknown, revoked and malformed API keys', async () => {
    const { id, key } = await addApiKey(t, org, 'readonly');
    const wrong = `${key.slice(0, -4)}AAAA`;
    const unknown = `tp_0123456789ab_${'x'.repeat(40)}`;
    presented.push(wrong.slice(16), unknown.slice(16), key.slice(16));
    const keyRefusal = (reason: string, named: boolean) => ({
      organization_id: named ? org.organizationId : null,
      actor_type: named ? 'apiKey' : 'anonymous',
      actor_id: named ? id : null,
      resource_id: named ? id : null,
      action: 'authenticateApiKey',
      status: 401,
      detail: { credential: 'apiKey', reason },
    });
    expect(await refusedWith({ 'X-API-Key': wrong })).toEqual([expect.objectContaining(keyRefusal('wrongSecret', true))]);
    expect(await refusedWith({ 'X-API-Key': unknown })).toEqual([expect.objectContaining(keyRefusal('unknown', false))]);
    expect(await refusedWith({ 'X-API-Key': 'tp_nonsense' })).toEqual([expect.objectContaining(keyRefusal('malformed', false))]);
    expect((await t.http.delete(`/v1/api-keys/${id}`).set(bearer(org.owner.token))).status).toBe(200);
    expect(await refusedWith({ 'X-API-Key': key })).toEqual([expect.objectContaining(keyRefusal('revoked', true))]);
  });

  it('a login refused by the throttle (429), naming the account the address names', async () => {
    const agent = `refusal-${randomUUID()}`;
    const first = await t.http.post('/v1/auth/login').set('User-Agent', agent).send({ email: staff.email, password: 'not the password' });
    expect(first.status).toBe(401);
    const blocked = await t.http.post('/v1/auth/login').set('User-Agent', agent).send({ email: staff.email, password: PASSWORD });
    expectProblem(blocked, 429, 'RATE_LIMITED');
    await t.app.get(AuditWriter).drain();
    const events: AuditRow[] = await t.dataSource.query(`SELECT * FROM audit_events WHERE user_agent = $1 ORDER BY occurred_at, id`, [agent]);
    expect(events.map((e) => `${e.action}:${e.status}`)).toEqual(['login:401', 'login:429']);
    expect(events[1]).toMatchObject({ organization_id: org.organizationId, actor_type: 'user', actor_id: staff.id, resource_type: 'auth' });
    expect(events[1].detail).toEqual({ reason: 'throttled' });
  });

  it('holds no token, key or password material', async () => {
    await t.app.get(AuditWriter).drain();
    const everything = JSON.stringify(await t.dataSource.query('SELECT * FROM audit_events'));
    expect(presented.length).toBeGreaterThanOrEqual(9);
    for (const secret of presented) {
      for (const part of secret.split('.').filter((p) => p.length >= 16)) expect(everything).not.toContain(part);
    }
    expect(everything).not.toContain(PASSWORD);
    expect(everything).not.toContain(staff.email);
  });
});
