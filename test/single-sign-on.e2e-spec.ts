import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import Provider from 'oidc-provider';
import { AuditWriter } from '../src/audit/audit.writer';
import { AppConfig, loadConfig } from '../src/config/app-config';
import { SSO_CLIENT_SECRETS } from '../src/notes/encrypted-columns.repository';
import { LOCAL_NOTE_KEY_ID, NoteCipherService } from '../src/notes/note-cipher.service';
import { NoteRekeying } from '../src/notes/note-rekeying.service';
import { InstanceSecrets } from '../src/secrets/secrets.service';
import { addStaff, bearer, Org, PASSWORD, signupOrganization, Staff } from './support/factories';
import { freePort } from './support/free-port';
import { expectProblem } from './support/problem';
import { startTestApp, TestApp } from './support/test-app';

const PUBLIC_URL = 'http://trustpath.test';
const CALLBACK = `${PUBLIC_URL}/v1/auth/sso/callback`;
const FRONTEND = 'https://app.northside-clinic.org/sso-done';
const CLIENT_SECRET = 'provider-client-secret-0123456789abcdef';

function signingKey(kid: string) {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    private: { ...privateKey.export({ format: 'jwk' }), kid, alg: 'RS256', use: 'sig' },
    public: { ...publicKey.export({ format: 'jwk' }), kid, alg: 'RS256', use: 'sig' },
  };
}

/**
 * A real OpenID Connect provider (oidc-provider) on a local port. Its login and consent pages are
 * replaced by one step that signs in whichever account the test names next; `/jwks` can be made to
 * publish another key than the one tokens are signed with.
 */
class TestIdentityProvider {
  readonly accounts = new Map<string, { email: string; email_verified: boolean }>();
  nextAccount = '';
  publishOtherKey = false;
  private server?: Server;
  private readonly key = signingKey('k1');
  private readonly otherKey = signingKey('k1');
  issuer = '';
  provider?: Provider;

  async start(): Promise<void> {
    const port = await freePort();
    this.issuer = `http://127.0.0.1:${port}`;
    const accounts = this.accounts;
    const provider = new Provider(this.issuer, {
      clients: [{ client_id: 'trustpath', client_secret: CLIENT_SECRET, redirect_uris: [CALLBACK], token_endpoint_auth_method: 'client_secret_post' }],
      findAccount: async (_ctx: unknown, sub: string) =>
        accounts.has(sub) ? { accountId: sub, claims: async () => ({ sub, ...accounts.get(sub)! }) } : undefined,
      claims: { openid: ['sub'], email: ['email', 'email_verified'] },
      // As Entra ID and Google do: the e-mail claims in the ID token itself.
      conformIdTokenClaims: false,
      features: { devInteractions: { enabled: false } },
      interactions: { url: (_ctx: unknown, interaction: { uid: string }) => `/interaction/${interaction.uid}` },
      jwks: { keys: [this.key.private] },
      cookies: { keys: ['test-cookie-signing-key'] },
    });
    this.provider = provider;
    const handle = provider.callback();
    this.server = createServer((req, res) => void this.route(req, res, handle));
    await new Promise<void>((resolve) => this.server!.listen(port, '127.0.0.1', resolve));
  }

  private async route(req: IncomingMessage, res: ServerResponse, handle: (req: IncomingMessage, res: ServerResponse) => unknown) {
    const provider = this.provider!;
    if (req.url?.startsWith('/interaction/')) {
      const details = await provider.interactionDetails(req, res);
      const grant = new provider.Grant({ accountId: this.nextAccount, clientId: String(details.params.client_id) });
      grant.addOIDCScope('openid email');
      const grantId = await grant.save();
      await provider.interactionFinished(req, res, { login: { accountId: this.nextAccount }, consent: { grantId } }, { mergeWithLastSubmission: false });
      return;
    }
    if (req.url === '/jwks' && this.publishOtherKey) {
      res.setHeader('content-type', 'application/jwk-set+json');
      res.end(JSON.stringify({ keys: [this.otherKey.public] }));
      return;
    }
    handle(req, res);
  }

  async stop(): Promise<void> {
    await new Promise((resolve) => this.server?.close(resolve));
  }
}

describe('single sign-on with OpenID Connect', () => {
  const idp = new TestIdentityProvider();
  let t: TestApp;
  let org: Org;
  let slugCount = 0;

  beforeAll(async () => {
    await idp.start();
    t = await startTestApp({ PUBLIC_URL, SSO_ALLOW_HTTP_ISSUERS: 'true' });
    org = await signupOrganization(t);
  });
  afterAll(async () => {
    await t.close();
    await idp.stop();
  });

  async function configure(owner: Org['owner'], overrides: Record<string, unknown> = {}, status = 200) {
    slugCount += 1;
    const body = {
      slug: `northside-${slugCount}`,
      issuer: idp.issuer,
      clientId: 'trustpath',
      clientSecret: CLIENT_SECRET,
      allowedDomains: ['northside-clinic.org'],
      redirectUris: [FRONTEND],
      ...overrides,
    };
    const res = await t.http.put('/v1/organization/sso').set(bearer(owner.token)).send(body);
    expect(res.status).toBe(status);
    return body.slug as string;
  }

  /** A staff member whose work account at the provider has `email`. */
  async function staffWithAccount(of: Org, email: string): Promise<Staff> {
    const staff = await addStaff(t, of, 'practitioner');
    await t.dataSource.query(`UPDATE staff_users SET email = $2, email_normalized = lower($2) WHERE id = $1`, [staff.id, email]);
    idp.accounts.set(staff.id, { email, email_verified: true });
    return { ...staff, email };
  }

  /** Starts a sign-in as `account` and follows the browser's redirects through the provider; answers TrustPath's callback URL. */
  async function throughProvider(slug: string, account: string): Promise<URL> {
    idp.nextAccount = account;
    const start = await t.http.get(`/v1/auth/sso/${slug}/start`).query({ redirectUri: FRONTEND });
    expect(start.status).toBe(302);
    let location = String(start.headers.location);
    const cookies = new Map<string, string>();
    for (let hops = 0; location.startsWith(idp.issuer); hops++) {
      if (hops > 10) throw new Error('too many redirects at the provider');
      const res = await fetch(location, {
        redirect: 'manual',
        headers: { cookie: [...cookies].map(([name, value]) => `${name}=${value}`).join('; ') },
      });
      for (const cookie of res.headers.getSetCookie()) {
        const pair = cookie.split(';')[0];
        cookies.set(pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1));
      }
      const next = res.headers.get('location');
      if (!next) throw new Error(`the provider answered ${res.status} without a redirect: ${await res.text()}`);
      location = new URL(next, location).toString();
    }
    expect(location.startsWith(`${CALLBACK}?`)).toBe(true);
    return new URL(location);
  }

  const callback = (url: URL) => t.http.get(`${url.pathname}${url.search}`);
  const exchange = (code: string) => t.http.post('/v1/auth/sso/exchange').send({ code });

  it('signs a staff member in: provider, callback with a one-time code for the frontend, exchange for tokens', async () => {
    const slug = await configure(org.owner);
    const staff = await staffWithAccount(org, `dana-${slugCount}@northside-clinic.org`);
    const answered = await callback(await throughProvider(slug, staff.id));
    expect(answered.status).toBe(302);
    const back = new URL(String(answered.headers.location));
    expect(`${back.origin}${back.pathname}`).toBe(FRONTEND);
    expect([...back.searchParams.keys()]).toEqual(['code']);
    const tokens = await exchange(back.searchParams.get('code')!);
    expect(tokens.status).toBe(200);
    const me = await t.http.get('/v1/me').set(bearer(tokens.body.accessToken));
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ kind: 'user', user: { id: staff.id } });
    // The code works once.
    expectProblem(await exchange(back.searchParams.get('code')!), 401, 'UNAUTHENTICATED');
  });

  it('keeps the client secret encrypted and never returns it', async () => {
    const before = await signupOrganization(t, 'Westside Clinic');
    const unset = await t.http.get('/v1/organization/sso').set(bearer(before.owner.token));
    expect(unset.body).toMatchObject({ configured: false, slug: null, clientSecretSet: false, callbackUrl: CALLBACK });
    await configure(org.owner);
    const res = await t.http.get('/v1/organization/sso').set(bearer(org.owner.token));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ configured: true, clientId: 'trustpath', clientSecretSet: true, callbackUrl: CALLBACK });
    expect(JSON.stringify(res.body)).not.toContain(CLIENT_SECRET);
    const [row] = await t.dataSource.query(`SELECT client_secret_encrypted FROM sso_connections WHERE organization_id = $1`, [org.organizationId]);
    expect(row.client_secret_encrypted).not.toContain(CLIENT_SECRET);
    const admin = await addStaff(t, org, 'admin');
    const valid = { slug: 'by-an-admin', issuer: idp.issuer, clientId: 'trustpath', clientSecret: 'x', allowedDomains: ['example.org'], redirectUris: [FRONTEND] };
    expectProblem(await t.http.put('/v1/organization/sso').set(bearer(admin.token)).send(valid), 403, 'FORBIDDEN');
  });

  it('moves the client secret to a new note key with the rest, and signs in once the old key is gone', async () => {
    const keyed = (id: string) => `${id}:${randomBytes(32).toString('base64')}`;
    const [oldKey, newKey] = [keyed('sso-old'), keyed('sso-new')];
    // The other connections of this suite are under the generated development key: it stays listed until rotation is over.
    const localKey = `${LOCAL_NOTE_KEY_ID}:${await t.app.get(InstanceSecrets).noteKey(LOCAL_NOTE_KEY_ID)}`;
    const restartWithKeys = (keys: string, current: string) =>
      t.app.get(NoteCipherService).reload(loadConfig({ NODE_ENV: 'test', NOTES_ENCRYPTION_KEYS: keys, NOTES_ENCRYPTION_KEY_ID: current }));
    const rotating = await signupOrganization(t, 'Key Rotation Clinic');
    const stored = async () =>
      ((await t.dataSource.query(`SELECT client_secret_encrypted AS value FROM sso_connections WHERE organization_id = $1`, [rotating.organizationId])) as { value: string }[])[0].value;
    try {
      await restartWithKeys(`${localKey},${oldKey}`, 'sso-old');
      const slug = await configure(rotating.owner, { allowedDomains: ['rotation-clinic.org'] });
      expect(await stored()).toMatch(/^v1:sso-old:/);

      await restartWithKeys(`${localKey},${oldKey},${newKey}`, 'sso-new');
      const { rekeyed } = await t.app.get(NoteRekeying).rekey(t.app.get(NoteCipherService).cipher);
      expect(rekeyed.sso_connections).toBeGreaterThanOrEqual(1);
      expect(await stored()).toMatch(/^v1:sso-new:/);
      expect(Object.keys(await t.app.get(NoteRekeying).keyUsage())).toEqual(['sso-new']);

      // With the old key gone the secret still opens, under the organization's binding, and a sign-in
      // (the connection's cached provider set aside) authenticates to the provider with it.
      await restartWithKeys(newKey, 'sso-new');
      expect(t.app.get(NoteCipherService).cipher.decrypt(await stored(), SSO_CLIENT_SECRETS.aad(rotating.organizationId, rotating.organizationId))).toBe(CLIENT_SECRET);
      await t.dataSource.query(`UPDATE sso_connections SET version = version + 1 WHERE organization_id = $1`, [rotating.organizationId]);
      const staff = await staffWithAccount(rotating, 'rene@rotation-clinic.org');
      const answered = await callback(await throughProvider(slug, staff.id));
      expect(answered.status).toBe(302);
      const code = new URL(String(answered.headers.location)).searchParams.get('code');
      expect((await exchange(code!)).status).toBe(200);
    } finally {
      // Back to the development key for the rest of the suite.
      await restartWithKeys(`${localKey},${newKey}`, LOCAL_NOTE_KEY_ID);
      await t.app.get(NoteRekeying).rekey(t.app.get(NoteCipherService).cipher);
      await t.app.get(NoteCipherService).reload(t.app.get(AppConfig));
    }
  });

  it('refuses a replayed callback', async () => {
    const slug = await configure(org.owner);
    const staff = await staffWithAccount(org, `replay-${slugCount}@northside-clinic.org`);
    const url = await throughProvider(slug, staff.id);
    expect((await callback(url)).status).toBe(302);
    expectProblem(await callback(url), 401, 'UNAUTHENTICATED');
  });

  it('refuses an expired state', async () => {
    const slug = await configure(org.owner);
    const staff = await staffWithAccount(org, `late-${slugCount}@northside-clinic.org`);
    const url = await throughProvider(slug, staff.id);
    await t.dataSource.query(`UPDATE sso_sign_ins SET expires_at = now() - interval '1 second' WHERE answered_at IS NULL`);
    expectProblem(await callback(url), 401, 'UNAUTHENTICATED');
  });

  it('forgets sign-ins an hour after they can no longer be used', async () => {
    const slug = await configure(org.owner);
    const staff = await staffWithAccount(org, `stale-${slugCount}@northside-clinic.org`);
    await callback(await throughProvider(slug, staff.id));
    await t.dataSource.query(
      `UPDATE sso_sign_ins SET started_at = now() - interval '3 hours', expires_at = now() - interval '2 hours',
              code_expires_at = CASE WHEN code_expires_at IS NULL THEN NULL ELSE now() - interval '2 hours' END
        WHERE organization_id = $1`,
      [org.organizationId],
    );
    const [{ stale }] = await t.dataSource.query(`SELECT count(*)::int AS stale FROM sso_sign_ins WHERE organization_id = $1`, [org.organizationId]);
    expect(stale).toBeGreaterThan(0);
    await throughProvider(slug, staff.id);
    const left: { expired: boolean }[] = await t.dataSource.query(`SELECT expires_at < now() AS expired FROM sso_sign_ins WHERE organization_id = $1`, [org.organizationId]);
    expect(left).toEqual([{ expired: false }]);
  });

  it('refuses an ID token whose nonce is not the one the sign-in sent', async () => {
    const slug = await configure(org.owner);
    const staff = await staffWithAccount(org, `nonce-${slugCount}@northside-clinic.org`);
    const url = await throughProvider(slug, staff.id);
    await t.dataSource.query(`UPDATE sso_sign_ins SET nonce = 'another-nonce-entirely' WHERE answered_at IS NULL`);
    expectProblem(await callback(url), 401, 'UNAUTHENTICATED');
  });

  it('refuses an e-mail outside the allowed domains', async () => {
    const slug = await configure(org.owner);
    const staff = await staffWithAccount(org, `outsider-${slugCount}@elsewhere.example`);
    expectProblem(await callback(await throughProvider(slug, staff.id)), 401, 'UNAUTHENTICATED');
  });

  it('refuses a staff member deactivated since, and e-mails no staff member has', async () => {
    const slug = await configure(org.owner);
    const staff = await staffWithAccount(org, `leaver-${slugCount}@northside-clinic.org`);
    await t.dataSource.query(`UPDATE staff_users SET deactivated_at = now() WHERE id = $1`, [staff.id]);
    expectProblem(await callback(await throughProvider(slug, staff.id)), 401, 'UNAUTHENTICATED');
    idp.accounts.set('stranger', { email: `stranger-${slugCount}@northside-clinic.org`, email_verified: true });
    expectProblem(await callback(await throughProvider(slug, 'stranger')), 401, 'UNAUTHENTICATED');
  });

  it('refuses a redirect URI the organization has not allowed, and an unknown organization', async () => {
    const slug = await configure(org.owner);
    expectProblem(await t.http.get(`/v1/auth/sso/${slug}/start`).query({ redirectUri: 'https://evil.example/steal' }), 400, 'VALIDATION_FAILED');
    expectProblem(await t.http.get(`/v1/auth/sso/no-such-clinic/start`).query({ redirectUri: FRONTEND }), 404, 'NOT_FOUND');
  });

  it('refuses an ID token signed by a key other than the one the provider publishes', async () => {
    const other = await signupOrganization(t, 'Eastside Clinic');
    const slug = await configure(other.owner);
    const staff = await staffWithAccount(other, `keys-${slugCount}@northside-clinic.org`);
    idp.publishOtherKey = true;
    try {
      expectProblem(await callback(await throughProvider(slug, staff.id)), 401, 'UNAUTHENTICATED');
    } finally {
      idp.publishOtherKey = false;
    }
  });

  it('refuses passwords in an organization that requires single sign-on, but for its break-glass owner', async () => {
    const strict = await signupOrganization(t, 'Southside Clinic');
    const staff = await addStaff(t, strict, 'practitioner');
    const login = (email: string, password = PASSWORD) => t.http.post('/v1/auth/login').send({ email, password });
    expect((await login(staff.email)).status).toBe(200);
    await configure(strict.owner, { passwordsAllowed: false, breakGlassUserId: staff.id }, 400);
    await configure(strict.owner, { passwordsAllowed: false, breakGlassUserId: strict.owner.id });
    expectProblem(await login(staff.email), 403, 'SSO_REQUIRED');
    // Only the right password learns it: a wrong one is the usual 401.
    expectProblem(await login(staff.email, 'not the password at all'), 401, 'INVALID_CREDENTIALS');
    expect((await login(strict.owner.email)).status).toBe(200);
    const settings = await t.http.get('/v1/organization/sso').set(bearer(strict.owner.token));
    expect(settings.body).toMatchObject({ passwordsAllowed: false, breakGlassUserId: strict.owner.id });
  });

  it('creates a staff member with the chosen role for an unknown e-mail of an allowed domain, when told to', async () => {
    const slug = await configure(org.owner, { unknownEmails: 'create' }, 400);
    expect(slug).toBeDefined();
    const creating = await configure(org.owner, { unknownEmails: 'create', newStaffRole: 'facilitator' });
    idp.accounts.set('newcomer', { email: `newcomer-${slugCount}@northside-clinic.org`, email_verified: true });
    const answered = await callback(await throughProvider(creating, 'newcomer'));
    expect(answered.status).toBe(302);
    const tokens = await exchange(new URL(String(answered.headers.location)).searchParams.get('code')!);
    expect(tokens.status).toBe(200);
    expect(tokens.body.user).toMatchObject({ role: 'facilitator', email: `newcomer-${slugCount}@northside-clinic.org`, active: true });
    // The second sign-in finds the staff member made by the first.
    const again = await callback(await throughProvider(creating, 'newcomer'));
    const second = await exchange(new URL(String(again.headers.location)).searchParams.get('code')!);
    expect(second.body.user.id).toBe(tokens.body.user.id);
  });

  it('records refused and successful sign-ins in the audit trail, without codes or tokens', async () => {
    await t.app.get(AuditWriter).drain();
    const events: { status: number; detail: { reason?: string } | null }[] = await t.dataSource.query(
      `SELECT status, detail FROM audit_events WHERE action = 'ssoLogin'`,
    );
    const reasons = events.map((e) => `${e.status}:${e.detail?.reason ?? ''}`);
    for (const expected of ['200:', '401:codeRefused', '401:unknownState', '401:providerAnswerRefused', '401:domainNotAllowed', '401:deactivated', '401:unknownEmail']) {
      expect(reasons).toContain(expected);
    }
  });
});
