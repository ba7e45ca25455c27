import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startTestApp, TestApp } from './support/test-app';

const run = promisify(execFile);

/** The shell block between the README's walkthrough markers, pointed at `base` instead of localhost:3000. */
function walkthrough(base: string): string {
  const readme = readFileSync(join(__dirname, '..', 'README.md'), 'utf8');
  const section = /<!-- walkthrough:start -->\s*```sh\n([\s\S]*?)```\s*<!-- walkthrough:end -->/.exec(readme);
  if (!section) throw new Error('README.md has no walkthrough block between its markers');
  return section[1].replaceAll('localhost:3000', base);
}

/**
 * The README's first session is pasted into shells by people trying TrustPath, often twice. It runs
 * here as written (bash, curl, jq) against the real app on a port, twice, and must succeed both
 * times without making a second organization or a second client.
 */
describe('the README walkthrough', () => {
  let t: TestApp;
  let base: string;
  beforeAll(async () => {
    t = await startTestApp();
    await t.app.listen(0, '127.0.0.1');
    const { port } = t.app.getHttpServer().address() as AddressInfo;
    base = `127.0.0.1:${port}`;
  });
  afterAll(async () => t?.close());

  it('runs as written, twice, and leaves one organization with one client', async () => {
    const script = `set -euo pipefail\n${walkthrough(base)}`;
    const first = await run('bash', ['-c', script]);
    const second = await run('bash', ['-c', script]);

    const caseload = (out: string) => out.trim().split('\n').filter((line) => line.includes('"firstName"') && line.startsWith('{"id"'));
    expect(caseload(first.stdout)).toHaveLength(1);
    expect(caseload(second.stdout)).toEqual(caseload(first.stdout));
    expect(second.stdout).toContain('"code": "EMAIL_TAKEN"');
    expect(first.stdout).toContain('"organization": "Harbor Counseling"');

    const [{ n: organizations }] = await t.dataSource.query(
      `SELECT count(*)::int AS n FROM staff_users WHERE email_normalized = 'owner@example.org'`,
    );
    expect(organizations).toBe(1);
    const [{ n: clients }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM clients WHERE external_id = 'EHR-1001'`);
    expect(clients).toBe(1);
  });
});
