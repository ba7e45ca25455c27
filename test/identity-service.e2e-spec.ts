import type { FastifyRequest } from 'fastify';
import { ApiKeysService } from '../src/api-keys/api-keys.service';
import { Actor } from '../src/auth/actor';
import { AuthService } from '../src/auth/auth.service';
import { AuthSessionsService } from '../src/auth/auth-sessions.service';
import { Authenticator } from '../src/auth/authenticator.service';
import { MeService } from '../src/auth/me.service';
import { SessionTokensDto } from '../src/auth/dto/auth.dto';
import { StaffRole } from '../src/auth/permissions';
import { DomainError } from '../src/errors/domain-error';
import { ErrorCode } from '../src/errors/error-code';
import { StaffRepository } from '../src/staff/staff.repository';
import { StaffService } from '../src/staff/staff.service';
import { Seed } from './support/seed';
import { startTestApp, TestApp } from './support/test-app';

describe('identity services', () => {
  let t: TestApp;
  let seed: Seed;
  let authenticator: Authenticator;
  let sessions: AuthSessionsService;
  let staff: StaffService;

  beforeAll(async () => {
    t = await startTestApp();
    seed = new Seed(t.dataSource);
    authenticator = t.app.get(Authenticator);
    sessions = t.app.get(AuthSessionsService);
    staff = t.app.get(StaffService);
  });
  afterAll(() => t.close());

  /** The error code a promise is refused with. */
  const refusal = (work: Promise<unknown>) =>
    work.then(
      () => 'succeeded',
      (error: unknown) => (error instanceof DomainError ? error.code : error),
    );
  const withBearer = (tokens: SessionTokensDto) => ({ headers: { authorization: `Bearer ${tokens.accessToken}` } }) as FastifyRequest;
  const withApiKey = (key: string) => ({ headers: { 'x-api-key': key } }) as unknown as FastifyRequest;

  /** An organization with an owner, and a logged-in staff user of `role`. */
  async function loggedIn(role: StaffRole = 'practitioner') {
    const { organizationId } = await seed.organization();
    const owner = await seed.staff(organizationId, 'owner');
    const user = await seed.staff(organizationId, role);
    const tokens = await sessions.open(await t.app.get(StaffRepository).findOrFail(organizationId, user.id));
    return { organizationId, owner, user, tokens };
  }

  const sessionRow = async (organizationId: string, userId: string) => {
    const [row] = await t.dataSource.query(`SELECT id, revoked_at, revoked_reason FROM auth_sessions WHERE organization_id = $1 AND user_id = $2`, [
      organizationId,
      userId,
    ]);
    return row as { id: string; revoked_at: Date | null; revoked_reason: string | null };
  };

  describe('the authenticator', () => {
    it('takes the role from the staff row, so a demotion applies to the next request', async () => {
      const { organizationId, owner, user, tokens } = await loggedIn('admin');
      expect(await authenticator.authenticate(withBearer(tokens))).toMatchObject({ kind: 'user', id: user.id, role: 'admin' });
      await staff.update(owner.actor, user.id, { role: 'practitioner' });
      const actor = await authenticator.authenticate(withBearer(tokens));
      expect(actor).toEqual({ kind: 'user', id: user.id, organizationId, role: 'practitioner', sessionId: (await sessionRow(organizationId, user.id)).id });
    });

    it("refuses a deactivated user's token at once, and ends their sessions", async () => {
      const { organizationId, owner, user, tokens } = await loggedIn();
      await staff.update(owner.actor, user.id, { active: false });
      expect(await refusal(authenticator.authenticate(withBearer(tokens)))).toBe(ErrorCode.Unauthenticated);
      expect(await sessionRow(organizationId, user.id)).toMatchObject({ revoked_reason: 'deactivated' });
      expect((await sessionRow(organizationId, user.id)).revoked_at).toBeInstanceOf(Date);
    });

    it('refuses the token of a session ended by logout', async () => {
      const { organizationId, user, tokens } = await loggedIn();
      const actor = await authenticator.authenticate(withBearer(tokens));
      await t.app.get(AuthService).logout(actor);
      expect(await refusal(authenticator.authenticate(withBearer(tokens)))).toBe(ErrorCode.Unauthenticated);
      expect(await sessionRow(organizationId, user.id)).toMatchObject({ revoked_reason: 'logout' });
    });

    it('refuses a revoked API key, and stamps the last use of a working one', async () => {
      const { organizationId, owner } = await loggedIn();
      const keys = t.app.get(ApiKeysService);
      const created = await keys.create(owner.actor, { name: 'Clinic EHR', role: 'readonly' });
      expect(await authenticator.authenticate(withApiKey(created.key))).toEqual({ kind: 'apiKey', id: created.id, organizationId, role: 'readonly' });
      const [{ last_used_at }] = await t.dataSource.query(`SELECT last_used_at FROM api_keys WHERE id = $1`, [created.id]);
      expect(last_used_at).toBeInstanceOf(Date);
      await keys.revoke(owner.actor, created.id);
      expect(await refusal(authenticator.authenticate(withApiKey(created.key)))).toBe(ErrorCode.Unauthenticated);
    });
  });

  describe('refresh tokens', () => {
    it('rotate: the old token is marked used, and the new pair works', async () => {
      const { organizationId, user, tokens } = await loggedIn();
      const outcome = await sessions.rotate(tokens.refreshToken);
      if (outcome.kind !== 'ok') throw new Error(`expected a rotation, got ${outcome.kind}`);
      expect(outcome.tokens.refreshToken).not.toBe(tokens.refreshToken);
      const [used] = await t.dataSource.query(`SELECT used_at FROM refresh_tokens WHERE id = $1`, [tokens.refreshToken.split('.')[0]]);
      expect(used.used_at).toBeInstanceOf(Date);
      expect(await authenticator.authenticate(withBearer(outcome.tokens))).toMatchObject({ id: user.id, organizationId });
    });

    it('reuse of a used token ends the session, and its newer tokens with it', async () => {
      const { organizationId, user, tokens } = await loggedIn();
      const first = await sessions.rotate(tokens.refreshToken);
      if (first.kind !== 'ok') throw new Error('expected a rotation');
      const reuse = await sessions.rotate(tokens.refreshToken);
      expect(reuse).toMatchObject({ kind: 'reused', organizationId, holderId: user.id });
      expect(await sessionRow(organizationId, user.id)).toMatchObject({ revoked_reason: 'refresh_reuse' });
      expect(await sessions.rotate(first.tokens.refreshToken)).toEqual({ kind: 'invalid', organizationId, holderId: user.id });
      expect(await refusal(authenticator.authenticate(withBearer(first.tokens)))).toBe(ErrorCode.Unauthenticated);
    });

    it('refuses a user deactivated behind the sessions\' back: no rotation, no request', async () => {
      const { organizationId, user, tokens } = await loggedIn();
      await t.dataSource.query(`UPDATE staff_users SET deactivated_at = now() WHERE id = $1`, [user.id]);
      expect(await sessions.rotate(tokens.refreshToken)).toEqual({ kind: 'invalid', organizationId, holderId: user.id });
      expect(await refusal(authenticator.authenticate(withBearer(tokens)))).toBe(ErrorCode.Unauthenticated);
      expect((await sessionRow(organizationId, user.id)).revoked_at).toBeNull();
    });
  });

  describe('staff changes', () => {
    it('demoting a practitioner to facilitator takes them off every care team, and bumps the records', async () => {
      const { organizationId, owner, user } = await loggedIn('practitioner');
      const client = await seed.client(organizationId);
      await seed.careTeam('client', organizationId, client.id, user.id);
      await staff.update(owner.actor, user.id, { role: 'facilitator' });
      expect(await t.dataSource.query(`SELECT 1 FROM client_care_team WHERE user_id = $1`, [user.id])).toEqual([]);
      const [{ version }] = await t.dataSource.query(`SELECT version FROM clients WHERE id = $1`, [client.id]);
      expect(version).toBe(2);
    });

    it('keeps care teams when the new role still holds a caseload', async () => {
      const { organizationId, owner, user } = await loggedIn('practitioner');
      const client = await seed.client(organizationId);
      await seed.careTeam('client', organizationId, client.id, user.id);
      await staff.update(owner.actor, user.id, { role: 'admin' });
      expect(await t.dataSource.query(`SELECT 1 FROM client_care_team WHERE user_id = $1`, [user.id])).toHaveLength(1);
    });

    it('keeps the last active owner: neither demoted nor deactivated, until another owner exists', async () => {
      const { organizationId, owner } = await loggedIn();
      expect(await refusal(staff.update(owner.actor, owner.id, { role: 'admin' }))).toBe(ErrorCode.LastOwner);
      expect(await refusal(staff.update(owner.actor, owner.id, { active: false }))).toBe(ErrorCode.LastOwner);
      await seed.staff(organizationId, 'owner');
      expect((await staff.update(owner.actor, owner.id, { role: 'admin' })).role).toBe('admin');
      const [row] = await t.dataSource.query(`SELECT role FROM staff_users WHERE id = $1`, [owner.id]);
      expect(row.role).toBe('admin');
    });

    it('lets only an owner change an owner, and answers a duplicate email with EMAIL_TAKEN', async () => {
      const { organizationId, owner } = await loggedIn();
      const admin = await seed.staff(organizationId, 'admin');
      expect(await refusal(staff.update(admin.actor, owner.id, { active: false }))).toBe(ErrorCode.Forbidden);
      const dto = { email: 'Ana@Example.org', displayName: 'Ana', role: 'practitioner' as const, password: 'a long enough password' };
      await staff.create(owner.actor, dto);
      expect(await refusal(staff.create(owner.actor, { ...dto, email: 'ana@example.org' }))).toBe(ErrorCode.EmailTaken);
    });
  });

  it('describes an API key credential with its organization', async () => {
    const { organizationId, owner } = await loggedIn();
    const created = await t.app.get(ApiKeysService).create(owner.actor, { name: 'Reports', role: 'integration' });
    const actor: Actor = { kind: 'apiKey', id: created.id, organizationId, role: 'integration' };
    const me = await t.app.get(MeService).describe(actor);
    expect(me).toMatchObject({ kind: 'apiKey', role: 'integration', organization: { id: organizationId }, apiKey: { id: created.id, name: 'Reports' } });
    expect('user' in me).toBe(false);
  });
});
