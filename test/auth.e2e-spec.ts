import { JwtService } from '@nestjs/jwt';
import { AuditWriter } from '../src/audit/audit.writer';
import { addApiKey, addStaffThroughApi, bearer, login, Org, PASSWORD, signupOrganizationThroughApi } from './support/factories';
import { expectProblem } from './support/problem';
import { startTestApp, TestApp } from './support/test-app';

describe('identity and sessions', () => {
  let t: TestApp;
  let org: Org;

  beforeAll(async () => {
    t = await startTestApp({ LOGIN_MAX_FAILURES_PER_EMAIL: '3', LOGIN_MAX_FAILURES_PER_IP: '1000' });
    org = await signupOrganizationThroughApi(t);
  });
  afterAll(() => t.close());

  const me = (token: string) => t.http.get('/v1/me').set(bearer(token));
  const secret = async () => (await t.dataSource.query(`SELECT value FROM instance_settings WHERE key = 'jwt_secret'`))[0].value;

  describe('signup', () => {
    it('creates the organization and its owner, and never returns the password', async () => {
      const res = await t.http
        .post('/v1/auth/signup')
        .send({ organizationName: 'Northside Couples Clinic', email: 'Founder@Example.org', displayName: 'Fay', password: PASSWORD });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ tokenType: 'Bearer', user: { role: 'owner', email: 'Founder@Example.org', active: true } });
      expect(res.body.organization.name).toBe('Northside Couples Clinic');
      expect(JSON.stringify(res.body)).not.toContain(PASSWORD);
      expect(JSON.stringify(res.body)).not.toMatch(/passwordHash|password_hash/);
      const who = await me(res.body.accessToken);
      expect(who.status).toBe(200);
      expect(who.body).toMatchObject({ kind: 'user', role: 'owner', organization: { id: res.body.organization.id } });
      expect(who.body.permissions).toContain('staff:manage');
    });

    it('refuses a short password and unknown fields, naming them, and creates nothing', async () => {
      const before = await t.dataSource.query('SELECT count(*)::int AS n FROM organizations');
      const res = await t.http
        .post('/v1/auth/signup')
        .send({ organizationName: 'X', email: 'not-an-email', displayName: 'Y', password: 'short', role: 'owner' });
      const body = expectProblem(res, 400, 'VALIDATION_FAILED');
      const fields = (body.errors as { field: string }[]).map((e) => e.field).sort();
      expect(fields).toEqual(['email', 'password', 'role']);
      const after = await t.dataSource.query('SELECT count(*)::int AS n FROM organizations');
      expect(after[0].n).toBe(before[0].n);
    });

    it('can be turned off', async () => {
      const closed = await startTestApp({ SIGNUP_ENABLED: 'false' });
      try {
        const res = await closed.http
          .post('/v1/auth/signup')
          .send({ organizationName: 'X', email: 'x@example.org', displayName: 'Y', password: PASSWORD });
        expectProblem(res, 403, 'SIGNUP_DISABLED');
      } finally {
        await closed.close();
      }
    });
  });

  describe('login', () => {
    it('logs in case-insensitively by email', async () => {
      const session = await login(t, org.owner.email.toUpperCase());
      expect((await me(session.accessToken)).status).toBe(200);
    });

    it('answers an unknown email and a wrong password identically', async () => {
      const unknown = await t.http.post('/v1/auth/login').send({ email: 'nobody@example.org', password: PASSWORD });
      const wrong = await t.http.post('/v1/auth/login').send({ email: org.owner.email, password: 'wrong password!!' });
      const a = expectProblem(unknown, 401, 'INVALID_CREDENTIALS');
      const b = expectProblem(wrong, 401, 'INVALID_CREDENTIALS');
      expect(a.detail).toBe(b.detail);
    });

    it('rate-limits repeated failures for one email with 429 and Retry-After, even for the right password', async () => {
      const staff = await addStaffThroughApi(t, org, 'practitioner');
      for (let i = 0; i < 3; i++) {
        const res = await t.http.post('/v1/auth/login').send({ email: staff.email, password: 'not the password' });
        expect(res.status).toBe(401);
      }
      const blocked = await t.http.post('/v1/auth/login').send({ email: staff.email, password: PASSWORD });
      expectProblem(blocked, 429, 'RATE_LIMITED');
      expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    });

    it('rate-limits repeated failures from one IP', async () => {
      const strict = await startTestApp({ LOGIN_MAX_FAILURES_PER_IP: '2' });
      try {
        for (const n of [1, 2]) {
          const res = await strict.http.post('/v1/auth/login').send({ email: `guess${n}@example.org`, password: PASSWORD });
          expect(res.status).toBe(401);
        }
        const res = await strict.http.post('/v1/auth/login').send({ email: 'guess3@example.org', password: PASSWORD });
        expectProblem(res, 429, 'RATE_LIMITED');
      } finally {
        await strict.close();
      }
    });
  });

  describe('access tokens', () => {
    it('refuses a missing, malformed or tampered token', async () => {
      expectProblem(await t.http.get('/v1/me'), 401, 'UNAUTHENTICATED');
      expectProblem(await t.http.get('/v1/me').set('Authorization', 'Basic abc'), 401, 'UNAUTHENTICATED');
      const [header, payload, signature] = org.owner.token.split('.');
      const flipped = signature.slice(0, -2) + (signature.endsWith('AA') ? 'BB' : 'AA');
      expectProblem(await me(`${header}.${payload}.${flipped}`), 401, 'UNAUTHENTICATED');
      const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
      const elevated = Buffer.from(JSON.stringify({ ...claims, role: 'owner', org: '00000000-0000-4000-8000-000000000000' })).toString('base64url');
      expectProblem(await me(`${header}.${elevated}.${signature}`), 401, 'UNAUTHENTICATED');
    });

    it('refuses alg none', async () => {
      const claims = JSON.parse(Buffer.from(org.owner.token.split('.')[1], 'base64url').toString());
      const none = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.`;
      expectProblem(await me(none), 401, 'UNAUTHENTICATED');
    });

    it('refuses the wrong issuer, the wrong audience and an expired token, even when signed with the right key', async () => {
      const claims = JSON.parse(Buffer.from(org.owner.token.split('.')[1], 'base64url').toString());
      const { sub, org: organization, role, sid } = claims;
      const jwt = new JwtService({ secret: await secret() });
      const good = jwt.sign({ sub, org: organization, role, sid }, { issuer: 'trustpath', audience: 'trustpath-api', expiresIn: 60 });
      expect((await me(good)).status).toBe(200);
      const wrongIssuer = jwt.sign({ sub, org: organization, role, sid }, { issuer: 'elsewhere', audience: 'trustpath-api', expiresIn: 60 });
      const wrongAudience = jwt.sign({ sub, org: organization, role, sid }, { issuer: 'trustpath', audience: 'other', expiresIn: 60 });
      const now = Math.floor(Date.now() / 1000);
      const expired = jwt.sign(
        { sub, org: organization, role, sid, iat: now - 120, exp: now - 60 },
        { issuer: 'trustpath', audience: 'trustpath-api' },
      );
      for (const token of [wrongIssuer, wrongAudience, expired]) expectProblem(await me(token), 401, 'UNAUTHENTICATED');
    });
  });

  describe('sessions', () => {
    it('end after the idle timeout', async () => {
      const staff = await addStaffThroughApi(t, org, 'practitioner');
      expect((await me(staff.token)).status).toBe(200);
      await t.dataSource.query(`UPDATE auth_sessions SET last_seen_at = now() - interval '31 minutes' WHERE user_id = $1`, [staff.id]);
      expectProblem(await me(staff.token), 401, 'UNAUTHENTICATED');
      const refreshed = await t.http.post('/v1/auth/refresh').send({ refreshToken: staff.refreshToken });
      expectProblem(refreshed, 401, 'UNAUTHENTICATED');
    });

    it('end at the absolute limit however active', async () => {
      const staff = await addStaffThroughApi(t, org, 'practitioner');
      await t.dataSource.query(`UPDATE auth_sessions SET expires_at = now() - interval '1 second' WHERE user_id = $1`, [staff.id]);
      expectProblem(await me(staff.token), 401, 'UNAUTHENTICATED');
    });

    it('rotate refresh tokens; reusing one ends the whole session', async () => {
      const staff = await addStaffThroughApi(t, org, 'facilitator');
      const first = await t.http.post('/v1/auth/refresh').send({ refreshToken: staff.refreshToken });
      expect(first.status).toBe(200);
      expect(first.body.refreshToken).not.toBe(staff.refreshToken);
      expect((await me(first.body.accessToken)).status).toBe(200);

      const reuse = await t.http.post('/v1/auth/refresh').send({ refreshToken: staff.refreshToken });
      expectProblem(reuse, 401, 'UNAUTHENTICATED');
      expectProblem(await me(first.body.accessToken), 401, 'UNAUTHENTICATED');
      expectProblem(await t.http.post('/v1/auth/refresh').send({ refreshToken: first.body.refreshToken }), 401, 'UNAUTHENTICATED');
      const [session] = await t.dataSource.query(`SELECT revoked_reason FROM auth_sessions WHERE user_id = $1`, [staff.id]);
      expect(session.revoked_reason).toBe('refresh_reuse');
    });

    it('refuse a forged refresh token without touching the session', async () => {
      const staff = await addStaffThroughApi(t, org, 'practitioner');
      const [id] = staff.refreshToken.split('.');
      expectProblem(await t.http.post('/v1/auth/refresh').send({ refreshToken: `${id}.forgedforgedforgedforged` }), 401, 'UNAUTHENTICATED');
      expect((await me(staff.token)).status).toBe(200);
    });

    it('logout stops the access and refresh tokens at once', async () => {
      const staff = await addStaffThroughApi(t, org, 'practitioner');
      const out = await t.http.post('/v1/auth/logout').set(bearer(staff.token));
      expect(out.status).toBe(204);
      expectProblem(await me(staff.token), 401, 'UNAUTHENTICATED');
      expectProblem(await t.http.post('/v1/auth/refresh').send({ refreshToken: staff.refreshToken }), 401, 'UNAUTHENTICATED');
    });
  });

  describe('API keys', () => {
    it('authenticate clinic software and record when they were used', async () => {
      const { id, key } = await addApiKey(t, org, 'integration');
      expect(key).toMatch(/^tp_[0-9a-f]{12}_/);
      const res = await t.http.get('/v1/me').set('X-API-Key', key);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ kind: 'apiKey', role: 'integration', apiKey: { id, prefix: key.slice(0, 15) } });
      expect(JSON.stringify(res.body)).not.toContain(key.slice(16));
      const [row] = await t.dataSource.query('SELECT last_used_at, secret_hash FROM api_keys WHERE id = $1', [id]);
      expect(row.last_used_at).not.toBeNull();
      expect(row.secret_hash).not.toContain(key.slice(16));
    });

    it('refuse a wrong or malformed key', async () => {
      const { key } = await addApiKey(t, org, 'readonly');
      expectProblem(await t.http.get('/v1/me').set('X-API-Key', `${key.slice(0, -4)}AAAA`), 401, 'UNAUTHENTICATED');
      expectProblem(await t.http.get('/v1/me').set('X-API-Key', 'tp_nonsense'), 401, 'UNAUTHENTICATED');
    });

    it('may not log out, manage staff or keys', async () => {
      const { key } = await addApiKey(t, org, 'integration');
      expectProblem(await t.http.post('/v1/auth/logout').set('X-API-Key', key), 403, 'FORBIDDEN');
      expectProblem(await t.http.post('/v1/api-keys').set('X-API-Key', key).send({ name: 'x', role: 'readonly' }), 403, 'FORBIDDEN');
    });
  });

  describe('audit trail of authentication', () => {
    it('records logins, failures, refreshes and logouts without secrets or names', async () => {
      const staff = await addStaffThroughApi(t, org, 'admin');
      await t.http.post('/v1/auth/login').send({ email: staff.email, password: 'not the password' });
      const refreshed = await t.http.post('/v1/auth/refresh').send({ refreshToken: staff.refreshToken });
      await t.http.post('/v1/auth/logout').set(bearer(refreshed.body.accessToken));
      await t.app.get(AuditWriter).drain();
      const events: { action: string; status: number }[] = await t.dataSource.query(
        `SELECT action, status FROM audit_events WHERE actor_id = $1 ORDER BY occurred_at, id`,
        [staff.id],
      );
      expect(events.map((e) => `${e.action}:${e.status}`)).toEqual(['login:200', 'login:401', 'refresh:200', 'logout:204']);
      const everything = JSON.stringify(await t.dataSource.query('SELECT * FROM audit_events'));
      expect(everything).not.toContain(PASSWORD);
      expect(everything).not.toContain(staff.email);
      expect(everything).not.toContain(staff.refreshToken.split('.')[1]);
      expect(everything).not.toContain('Test admin');
    });

    it('is append-only in the database itself', async () => {
      await expect(t.dataSource.query(`UPDATE audit_events SET status = 200`)).rejects.toThrow(/append-only/);
      await expect(t.dataSource.query(`DELETE FROM audit_events`)).rejects.toThrow(/append-only/);
      await expect(t.dataSource.query(`TRUNCATE audit_events`)).rejects.toThrow(/append-only/);
    });
  });
});
