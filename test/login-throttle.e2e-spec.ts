import { createHash } from 'node:crypto';
import { AuditWriter } from '../src/audit/audit.writer';
import { createTestDatabase } from './support/database';
import { addStaff, Org, PASSWORD, signupOrganization, Staff } from './support/factories';
import { expectProblem } from './support/problem';
import { startTestApp, TestApp } from './support/test-app';

const emailKey = (email: string) => `email:${createHash('sha256').update(email.toLowerCase()).digest('hex')}`;

/** Fires `count` logins at once and tallies the answers by status. */
async function loginsAtOnce(apps: TestApp[], count: number, body: (i: number) => object): Promise<Record<number, number>> {
  const answers = await Promise.all(
    Array.from({ length: count }, (_, i) => apps[i % apps.length].http.post('/v1/auth/login').send(body(i))),
  );
  const tally: Record<number, number> = {};
  for (const res of answers) tally[res.status] = (tally[res.status] ?? 0) + 1;
  return tally;
}

describe('login throttling under concurrency (limits 5 per e-mail, 20 per IP)', () => {
  let t: TestApp;
  let org: Org;

  beforeAll(async () => {
    t = await startTestApp({ LOGIN_MAX_FAILURES_PER_EMAIL: '5', LOGIN_MAX_FAILURES_PER_IP: '20' });
    org = await signupOrganization(t);
  });
  afterAll(() => t.close());

  const failuresOf = async (key: string): Promise<number> =>
    (await t.dataSource.query(`SELECT failures FROM login_throttles WHERE key = $1`, [key]))[0]?.failures ?? 0;

  it('checks no more than 5 of 50 parallel wrong passwords for one e-mail; the rest get 429', async () => {
    const staff = await addStaff(t, org, 'practitioner');
    const tally = await loginsAtOnce([t], 50, () => ({ email: staff.email, password: 'not the password' }));
    expect(tally).toEqual({ 401: 5, 429: 45 });
    expect(await failuresOf(emailKey(staff.email))).toBe(5);
    await t.app.get(AuditWriter).drain();
    const [checked] = await t.dataSource.query(
      `SELECT count(*)::int AS n FROM audit_events WHERE action = 'login' AND status = 401 AND actor_id = $1`,
      [staff.id],
    );
    expect(checked.n).toBe(5);
  });

  it('refuses even the right password until the window has passed, then lets it in and clears the count', async () => {
    const staff = await addStaff(t, org, 'practitioner');
    await loginsAtOnce([t], 10, () => ({ email: staff.email, password: 'not the password' }));
    expectProblem(await t.http.post('/v1/auth/login').send({ email: staff.email, password: PASSWORD }), 429, 'RATE_LIMITED');
    await t.dataSource.query(`UPDATE login_throttles SET window_started_at = now() - interval '16 minutes' WHERE key = $1`, [
      emailKey(staff.email),
    ]);
    const res = await t.http.post('/v1/auth/login').send({ email: staff.email, password: PASSWORD });
    expect(res.status).toBe(200);
    expect(await failuresOf(emailKey(staff.email))).toBe(0);
  });

  it('a right password under the limit is let in and counts nothing against the e-mail or the IP', async () => {
    const staff: Staff = await addStaff(t, org, 'practitioner');
    const [ipBefore] = await t.dataSource.query(`SELECT failures FROM login_throttles WHERE key LIKE 'ip:%'`);
    const tally = await loginsAtOnce([t], 4, () => ({ email: staff.email, password: PASSWORD }));
    expect(tally).toEqual({ 200: 4 });
    const [ipAfter] = await t.dataSource.query(`SELECT failures FROM login_throttles WHERE key LIKE 'ip:%'`);
    expect(ipAfter?.failures ?? 0).toBe(ipBefore?.failures ?? 0);
    expect(await failuresOf(emailKey(staff.email))).toBe(0);
  });

  it('checks no more than 20 of 50 parallel guesses at different e-mails from one IP', async () => {
    const strict = await startTestApp({ LOGIN_MAX_FAILURES_PER_EMAIL: '5', LOGIN_MAX_FAILURES_PER_IP: '20' });
    try {
      const tally = await loginsAtOnce([strict], 50, (i) => ({ email: `guess${i}@example.org`, password: PASSWORD }));
      expect(tally).toEqual({ 401: 20, 429: 30 });
      const [ip] = await strict.dataSource.query(`SELECT failures FROM login_throttles WHERE key LIKE 'ip:%'`);
      expect(ip.failures).toBe(20);
    } finally {
      await strict.close();
    }
  });

  (process.env.TEST_DATABASE_URL ? it : it.skip)('holds across two API processes on one database', async () => {
    const database = await createTestDatabase();
    const config = { LOGIN_MAX_FAILURES_PER_EMAIL: '5', LOGIN_MAX_FAILURES_PER_IP: '20' };
    const first = await startTestApp(config, { database });
    const second = await startTestApp(config, { database: { ...database, drop: async () => undefined } });
    try {
      const shared = await signupOrganization(first);
      const tally = await loginsAtOnce([first, second], 50, () => ({ email: shared.owner.email, password: 'not the password' }));
      expect(tally).toEqual({ 401: 5, 429: 45 });
    } finally {
      await second.close();
      await first.close();
    }
  });
});
