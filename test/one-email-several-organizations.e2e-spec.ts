import { randomUUID } from 'node:crypto';
import { bearer, PASSWORD, signupOrganizationThroughApi } from './support/factories';
import { startTestApp, TestApp } from './support/test-app';

/**
 * One person, one email: signing up twice does not make a second organization (whose logins would
 * then be ambiguous). Someone who works for two organizations is added as staff by the second one's
 * owner, and a login whose email and password open both lists them by name.
 */
describe('one email in several organizations', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startTestApp()));
  afterAll(async () => t?.close());

  const signup = (email: string, organizationName = 'Harbor Counseling', password = PASSWORD) =>
    t.http.post('/v1/auth/signup').send({ organizationName, email, displayName: 'Olive', password });
  const countOrganizations = async () => Number((await t.dataSource.query('SELECT count(*)::int AS n FROM organizations'))[0].n);
  const staffWith = async (email: string) =>
    Number((await t.dataSource.query('SELECT count(*)::int AS n FROM staff_users WHERE email_normalized = $1', [email.toLowerCase()]))[0].n);

  it('refuses a second signup with the same email, whatever its case, and creates nothing', async () => {
    const email = `twice-${randomUUID()}@example.org`;
    expect((await signup(email)).status).toBe(201);
    const organizations = await countOrganizations();

    const again = await signup(email.toUpperCase(), 'Harbor Counseling again');
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ code: 'EMAIL_TAKEN', detail: expect.stringContaining('Log in') });
    expect(await countOrganizations()).toBe(organizations);
    expect(await staffWith(email)).toBe(1);

    // The first signup's login still works without naming an organization.
    expect((await t.http.post('/v1/auth/login').send({ email, password: PASSWORD })).status).toBe(200);
  });

  it('lets exactly one of several simultaneous signups with one email through', async () => {
    const email = `race-${randomUUID()}@example.org`;
    const organizations = await countOrganizations();
    const answers = await Promise.all(Array.from({ length: 5 }, (_, n) => signup(email, `Race ${n}`)));
    expect(answers.map((res) => res.status).sort()).toEqual([201, 409, 409, 409, 409]);
    expect(await countOrganizations()).toBe(organizations + 1);
    expect(await staffWith(email)).toBe(1);
  });

  it('lists the organizations by name when the email and password open several, and logs in to the one named', async () => {
    const harbor = await signupOrganizationThroughApi(t, 'Harbor Counseling');
    const willow = await signupOrganizationThroughApi(t, 'Willow Couples Clinic');
    const email = `shared-${randomUUID()}@example.org`;
    for (const org of [willow, harbor]) {
      const added = await t.http.post('/v1/staff').set(bearer(org.owner.token)).send({ email, displayName: 'Priya', role: 'practitioner', password: PASSWORD });
      expect(added.status).toBe(201);
    }

    const ambiguous = await t.http.post('/v1/auth/login').send({ email, password: PASSWORD });
    expect(ambiguous.status).toBe(409);
    expect(ambiguous.body).toMatchObject({ code: 'ORGANIZATION_CHOICE_REQUIRED' });
    expect(ambiguous.body.organizations).toEqual([
      { id: harbor.organizationId, name: 'Harbor Counseling' },
      { id: willow.organizationId, name: 'Willow Couples Clinic' },
    ]);
    expect(ambiguous.body).not.toHaveProperty('accessToken');

    const chosen = await t.http.post('/v1/auth/login').send({ email, password: PASSWORD, organizationId: willow.organizationId });
    expect(chosen.status).toBe(200);
    expect(chosen.body.organization).toMatchObject({ id: willow.organizationId, name: 'Willow Couples Clinic' });

    // Without the password nobody learns which organizations the email belongs to.
    const wrong = await t.http.post('/v1/auth/login').send({ email, password: 'not the password at all' });
    expect(wrong.status).toBe(401);
    expect(wrong.body).not.toHaveProperty('organizations');
  });

  it('logs straight in when the password opens only one of the organizations', async () => {
    const harbor = await signupOrganizationThroughApi(t, 'Harbor Counseling');
    const willow = await signupOrganizationThroughApi(t, 'Willow Couples Clinic');
    const email = `two-passwords-${randomUUID()}@example.org`;
    await t.http.post('/v1/staff').set(bearer(harbor.owner.token)).send({ email, displayName: 'Priya', role: 'practitioner', password: PASSWORD }).expect(201);
    await t.http.post('/v1/staff').set(bearer(willow.owner.token)).send({ email, displayName: 'Priya', role: 'practitioner', password: 'another long passphrase' }).expect(201);

    const res = await t.http.post('/v1/auth/login').send({ email, password: 'another long passphrase' });
    expect(res.status).toBe(200);
    expect(res.body.organization.id).toBe(willow.organizationId);
  });
});
