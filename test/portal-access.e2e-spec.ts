import { addApiKey, addStaff, bearer, createClient, Org, signupOrganization } from './support/factories';
import { Inbox, invitePortalClient, PASSPHRASE } from './support/portal';
import { expectProblem } from './support/problem';
import { startTestApp, TestApp } from './support/test-app';

describe('portal invitations, sign-in and revocation', () => {
  const inbox = new Inbox();
  let t: TestApp;
  let org: Org;
  let owner: Record<string, string>;

  beforeAll(async () => {
    const smtpUrl = await inbox.start();
    t = await startTestApp({ SMTP_URL: smtpUrl, MAIL_FROM: 'Harbor Counseling <care@harbor.example>', LOGIN_MAX_FAILURES_PER_EMAIL: '3' });
    org = await signupOrganization(t, 'Harbor Counseling');
    owner = bearer(org.owner.token);
  });
  afterAll(async () => {
    await t.close();
    await inbox.stop();
  });

  const me = (token: string) => t.http.get('/v1/portal/me').set(bearer(token));

  describe('invitations', () => {
    it('e-mails a single-use link naming the practice, keeps only its hash, and lets the client choose a passphrase', async () => {
      const client = await createClient(t, owner, { email: 'Noor.Invited@Example.org' });
      const res = await t.http.post(`/v1/clients/${client.id}/portal-invitations`).set(owner).send({});
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ clientId: client.id, email: 'noor.invited@example.org', emailed: true });
      expect(res.body.token).toMatch(/^tpi_/);
      const hours = (new Date(res.body.expiresAt).getTime() - Date.now()) / 3_600_000;
      expect(hours).toBeGreaterThan(71.9);
      expect(hours).toBeLessThanOrEqual(72);

      const stored = await t.dataSource.query(`SELECT token_hash FROM portal_invitations WHERE id = $1`, [res.body.id]);
      expect(stored[0].token_hash).not.toContain(res.body.token);
      expect(JSON.stringify(await t.dataSource.query(`SELECT * FROM portal_invitations`))).not.toContain(res.body.token);

      const mail = await inbox.to('noor.invited@example.org');
      expect(mail.from?.text).toContain('care@harbor.example');
      expect(mail.subject).toContain('Harbor Counseling');
      expect(mail.text).toContain('Harbor Counseling');
      expect(mail.text).toContain(res.body.acceptUrl);
      expect(mail.html).toContain('Harbor Counseling');
      expect(mail.html).toContain(encodeURIComponent(res.body.token));
      // The practice and the link, nothing of the client's record.
      for (const body of [mail.text ?? '', String(mail.html)]) expect(body).not.toContain(client.lastName);

      const accepted = await t.http.post('/v1/portal/auth/accept').send({ token: res.body.token, passphrase: PASSPHRASE });
      expect(accepted.status).toBe(201);
      expect(accepted.body).toMatchObject({ tokenType: 'Bearer', client: { id: client.id }, practice: { id: org.organizationId, name: 'Harbor Counseling' } });
      const who = await me(accepted.body.accessToken);
      expect(who.status).toBe(200);
      expect(who.body).toMatchObject({ id: client.id, lastName: client.lastName, practice: { name: 'Harbor Counseling' } });

      const access = await t.http.get(`/v1/clients/${client.id}/portal-access`).set(owner);
      expect(access.status).toBe(200);
      expect(access.body).toMatchObject({ clientId: client.id, hasAccess: true, email: 'noor.invited@example.org', revokedAt: null, pendingInvitation: null });
      expect(access.body.since).toBeTruthy();
    });

    it('refuses a used, replaced or expired invitation, and a short passphrase, changing nothing', async () => {
      const client = await createClient(t, owner);
      const invite = () => t.http.post(`/v1/clients/${client.id}/portal-invitations`).set(owner).send({ email: `r-${client.id}@example.org` });
      const first = await invite();
      const second = await invite();
      expectProblem(await t.http.post('/v1/portal/auth/accept').send({ token: first.body.token, passphrase: PASSPHRASE }), 400, 'INVITATION_NOT_USABLE');
      expectProblem(await t.http.post('/v1/portal/auth/accept').send({ token: second.body.token, passphrase: 'too short' }), 400, 'VALIDATION_FAILED');
      expect((await t.http.get(`/v1/clients/${client.id}/portal-access`).set(owner)).body.hasAccess).toBe(false);

      expect((await t.http.post('/v1/portal/auth/accept').send({ token: second.body.token, passphrase: PASSPHRASE })).status).toBe(201);
      expectProblem(await t.http.post('/v1/portal/auth/accept').send({ token: second.body.token, passphrase: PASSPHRASE }), 400, 'INVITATION_NOT_USABLE');
      expectProblem(await t.http.post('/v1/portal/auth/accept').send({ token: 'tpi_unknown-token-of-nobody', passphrase: PASSPHRASE }), 400, 'INVITATION_NOT_USABLE');

      const later = await createClient(t, owner);
      const expiring = await t.http.post(`/v1/clients/${later.id}/portal-invitations`).set(owner).send({ email: `e-${later.id}@example.org` });
      await t.dataSource.query(`UPDATE portal_invitations SET expires_at = now() - interval '1 second' WHERE id = $1`, [expiring.body.id]);
      expectProblem(await t.http.post('/v1/portal/auth/accept').send({ token: expiring.body.token, passphrase: PASSPHRASE }), 400, 'INVITATION_NOT_USABLE');
      const rows = await t.dataSource.query(`SELECT count(*)::int AS n FROM portal_accounts WHERE client_id = $1`, [later.id]);
      expect(rows[0].n).toBe(0);
    });

    it('needs an address, refuses one another client signs in with, and answers 404 outside the organization or caseload', async () => {
      const noEmail = await createClient(t, owner);
      expectProblem(await t.http.post(`/v1/clients/${noEmail.id}/portal-invitations`).set(owner).send({}), 400, 'VALIDATION_FAILED');

      const taken = await invitePortalClient(t, owner, (await createClient(t, owner)).id);
      expectProblem(
        await t.http.post(`/v1/clients/${noEmail.id}/portal-invitations`).set(owner).send({ email: taken.email }),
        409,
        'PORTAL_EMAIL_TAKEN',
      );

      const other = await signupOrganization(t, 'Elsewhere');
      const practitioner = await addStaff(t, org, 'practitioner');
      for (const as of [bearer(other.owner.token), bearer(practitioner.token)]) {
        expectProblem(await t.http.post(`/v1/clients/${noEmail.id}/portal-invitations`).set(as).send({ email: 'x@example.org' }), 404, 'NOT_FOUND');
        expectProblem(await t.http.get(`/v1/clients/${noEmail.id}/portal-access`).set(as), 404, 'NOT_FOUND');
        expectProblem(await t.http.delete(`/v1/clients/${noEmail.id}/portal-access`).set(as), 404, 'NOT_FOUND');
      }
    });
  });

  describe('sign-in', () => {
    it('logs in with e-mail and passphrase, rotates refresh tokens and ends the session on reuse', async () => {
      const session = await invitePortalClient(t, owner, (await createClient(t, owner)).id);
      expectProblem(await t.http.post('/v1/portal/auth/login').send({ email: session.email, passphrase: 'not the passphrase' }), 401, 'INVALID_CREDENTIALS');
      const login = await t.http.post('/v1/portal/auth/login').send({ email: session.email.toUpperCase(), passphrase: PASSPHRASE });
      expect(login.status).toBe(200);
      expect(login.body.client.id).toBe(session.clientId);

      const rotated = await t.http.post('/v1/portal/auth/refresh').send({ refreshToken: login.body.refreshToken });
      expect(rotated.status).toBe(200);
      expect((await me(rotated.body.accessToken)).status).toBe(200);
      expectProblem(await t.http.post('/v1/portal/auth/refresh').send({ refreshToken: login.body.refreshToken }), 401, 'UNAUTHENTICATED');
      // Reuse ended the whole session: the newer pair no longer works either.
      expectProblem(await me(rotated.body.accessToken), 401, 'UNAUTHENTICATED');
      expectProblem(await t.http.post('/v1/portal/auth/refresh').send({ refreshToken: rotated.body.refreshToken }), 401, 'UNAUTHENTICATED');
      // The session from accepting the invitation is another one, still open.
      expect((await me(session.accessToken)).status).toBe(200);
    });

    it('keeps staff and portal refresh tokens apart', async () => {
      const session = await invitePortalClient(t, owner, (await createClient(t, owner)).id);
      expectProblem(await t.http.post('/v1/auth/refresh').send({ refreshToken: session.refreshToken }), 401, 'UNAUTHENTICATED');
      expectProblem(await t.http.post('/v1/portal/auth/refresh').send({ refreshToken: org.owner.refreshToken }), 401, 'UNAUTHENTICATED');
      expect((await t.http.post('/v1/portal/auth/refresh').send({ refreshToken: session.refreshToken })).status).toBe(200);
    });

    it('logs out: the access token stops working at once', async () => {
      const session = await invitePortalClient(t, owner, (await createClient(t, owner)).id);
      expect((await t.http.post('/v1/portal/auth/logout').set(bearer(session.accessToken))).status).toBe(204);
      expectProblem(await me(session.accessToken), 401, 'UNAUTHENTICATED');
      expectProblem(await t.http.post('/v1/portal/auth/refresh').send({ refreshToken: session.refreshToken }), 401, 'UNAUTHENTICATED');
    });

    it('ends a session idle too long or past its absolute end', async () => {
      const idle = await invitePortalClient(t, owner, (await createClient(t, owner)).id);
      await t.dataSource.query(`UPDATE auth_sessions SET last_seen_at = now() - interval '31 minutes' WHERE client_id = $1`, [idle.clientId]);
      expectProblem(await me(idle.accessToken), 401, 'UNAUTHENTICATED');
      expectProblem(await t.http.post('/v1/portal/auth/refresh').send({ refreshToken: idle.refreshToken }), 401, 'UNAUTHENTICATED');

      const old = await invitePortalClient(t, owner, (await createClient(t, owner)).id);
      await t.dataSource.query(`UPDATE auth_sessions SET expires_at = now() - interval '1 second' WHERE client_id = $1`, [old.clientId]);
      expectProblem(await me(old.accessToken), 401, 'UNAUTHENTICATED');
    });

    it('limits failed logins per address (429 with Retry-After), then refuses even the right passphrase', async () => {
      const session = await invitePortalClient(t, owner, (await createClient(t, owner)).id);
      for (let i = 0; i < 3; i += 1) {
        expectProblem(await t.http.post('/v1/portal/auth/login').send({ email: session.email, passphrase: `wrong passphrase ${i}` }), 401, 'INVALID_CREDENTIALS');
      }
      const refused = await t.http.post('/v1/portal/auth/login').send({ email: session.email, passphrase: PASSPHRASE });
      expectProblem(refused, 429, 'RATE_LIMITED');
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    });

    it('keeps each kind of credential to its own routes', async () => {
      const session = await invitePortalClient(t, owner, (await createClient(t, owner)).id);
      const key = await addApiKey(t, org, 'integration');
      expectProblem(await t.http.get('/v1/clients').set(bearer(session.accessToken)), 401, 'UNAUTHENTICATED');
      expectProblem(await t.http.get('/v1/me').set(bearer(session.accessToken)), 401, 'UNAUTHENTICATED');
      expectProblem(await t.http.get('/v1/portal/me').set(owner), 401, 'UNAUTHENTICATED');
      expectProblem(await t.http.get('/v1/portal/me').set({ 'X-API-Key': key.key }), 401, 'UNAUTHENTICATED');
      expectProblem(await t.http.get('/v1/portal/me'), 401, 'UNAUTHENTICATED');
    });
  });

  describe('revocation', () => {
    it('puts the client out at once: sessions, refresh tokens and login all refused, and the trail names who did what', async () => {
      const session = await invitePortalClient(t, owner, (await createClient(t, owner)).id);
      const second = await t.http.post('/v1/portal/auth/login').send({ email: session.email, passphrase: PASSPHRASE });
      expect((await me(session.accessToken)).status).toBe(200);

      expect((await t.http.delete(`/v1/clients/${session.clientId}/portal-access`).set(owner)).status).toBe(204);
      expectProblem(await me(session.accessToken), 401, 'UNAUTHENTICATED');
      expectProblem(await me(second.body.accessToken), 401, 'UNAUTHENTICATED');
      expectProblem(await t.http.post('/v1/portal/auth/refresh').send({ refreshToken: session.refreshToken }), 401, 'UNAUTHENTICATED');
      expectProblem(await t.http.post('/v1/portal/auth/login').send({ email: session.email, passphrase: PASSPHRASE }), 401, 'INVALID_CREDENTIALS');
      const access = await t.http.get(`/v1/clients/${session.clientId}/portal-access`).set(owner);
      expect(access.body).toMatchObject({ hasAccess: false, since: null });
      expect(access.body.revokedAt).toBeTruthy();

      // A new invitation opens it again, with a new passphrase.
      const again = await invitePortalClient(t, owner, session.clientId, session.email, 'another long passphrase');
      expect((await me(again.accessToken)).status).toBe(200);
    });

    it('ends portal access when the client is archived', async () => {
      const client = await createClient(t, owner);
      const session = await invitePortalClient(t, owner, client.id);
      const archived = await t.http.delete(`/v1/clients/${client.id}`).set(owner).set('If-Match', `"${client.version}"`);
      expect(archived.status).toBe(200);
      expectProblem(await me(session.accessToken), 401, 'UNAUTHENTICATED');
    });
  });
});
