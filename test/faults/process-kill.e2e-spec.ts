import { ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { Client } from 'pg';
import { createTestDatabase, TestDatabase } from '../support/database';
import { freePort } from '../support/free-port';

const server = process.env.TEST_DATABASE_URL;
const ROOT = join(__dirname, '..', '..');

/** The API as its own process, as in production: `main.ts` with the given database and port. */
async function startProcess(databaseUrl: string, port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['-r', '@swc-node/register', join(ROOT, 'src', 'main.ts')], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: databaseUrl, PORT: String(port), HOST: '127.0.0.1', NODE_ENV: 'test', LOG_LEVEL: 'silent', SHUTDOWN_TIMEOUT_MS: '4000' },
    stdio: 'ignore',
  });
  for (let i = 0; i < 150; i += 1) {
    const ready = await fetch(`http://127.0.0.1:${port}/health/ready`).then((r) => r.ok, () => false);
    if (ready) return child;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  child.kill('SIGKILL');
  throw new Error('the API process did not become ready');
}

function exited(child: ChildProcess): Promise<number | null> {
  return child.exitCode !== null ? Promise.resolve(child.exitCode) : new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

/**
 * The process dies under write load: killed outright (SIGKILL), and stopped (SIGTERM). Careful
 * clients retry with their Idempotency-Keys against the restarted process; nothing they were told
 * is stored may be missing or doubled, and every stored record has its audit event.
 */
(server ? describe : describe.skip)('the API process killed and stopped under write load', () => {
  let db: TestDatabase;
  let admin: Client;
  beforeAll(async () => {
    db = await createTestDatabase();
    admin = new Client({ connectionString: db.url });
    await admin.connect();
  });
  afterAll(async () => {
    await admin?.end();
    await db?.drop();
  });

  it('loses nothing and doubles nothing across SIGKILL and SIGTERM', async () => {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    let child = await startProcess(db.url, port);
    const signup = await fetch(`${base}/v1/auth/signup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ organizationName: 'Kill Clinic', email: `owner-${randomUUID()}@example.org`, displayName: 'Olive', password: 'correct horse battery staple' }),
    }).then((r) => r.json() as Promise<{ accessToken: string }>);

    const acknowledged = new Map<string, string>();
    let maxHangMs = 0;
    let interrupted = 0;
    const writeOne = async (lastName: string) => {
      const key = randomUUID();
      for (let attempt = 0; attempt < 200; attempt += 1) {
        const started = Date.now();
        const res = await fetch(`${base}/v1/clients`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${signup.accessToken}`, 'idempotency-key': key },
          body: JSON.stringify({ firstName: 'Noor', lastName }),
        }).catch(() => undefined);
        maxHangMs = Math.max(maxHangMs, Date.now() - started);
        if (res?.status === 201) {
          acknowledged.set(lastName, ((await res.json()) as { id: string }).id);
          return;
        }
        interrupted += 1;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    };
    let writing = true;
    const writers = Array.from({ length: 6 }, async (_, n) => {
      for (let i = 0; writing || i < 5; i += 1) await writeOne(`Kill-${n}-${i}-${randomUUID().slice(0, 6)}`);
    });

    await new Promise((resolve) => setTimeout(resolve, 700));
    child.kill('SIGKILL');
    await exited(child);
    child = await startProcess(db.url, port);
    await new Promise((resolve) => setTimeout(resolve, 700));
    child.kill('SIGTERM');
    const termExit = await exited(child);
    child = await startProcess(db.url, port);
    await new Promise((resolve) => setTimeout(resolve, 500));
    writing = false;
    await Promise.all(writers);
    child.kill('SIGTERM');
    await exited(child);

    const rows: { id: string; last_name: string }[] = (await admin.query(`SELECT id, last_name FROM clients WHERE last_name LIKE 'Kill-%'`)).rows;
    const byName = new Map<string, string[]>();
    for (const row of rows) byName.set(row.last_name, [...(byName.get(row.last_name) ?? []), row.id]);
    const lost = [...acknowledged].filter(([name, id]) => !byName.get(name)?.includes(id)).length;
    const duplicated = [...byName.values()].filter((ids) => ids.length > 1).length;
    const audited = new Set(
      (await admin.query(`SELECT resource_id FROM audit_events WHERE action = 'createClient' AND status = 201`)).rows.map((r: { resource_id: string }) => r.resource_id),
    );
    const auditMissing = rows.filter((row) => !audited.has(row.id)).length;
    process.stdout.write(
      `\nThe API process under SIGKILL and SIGTERM\n` +
        [
          ['acknowledged', acknowledged.size],
          ['interrupted attempts (retried)', interrupted],
          ['lost', lost],
          ['duplicated', duplicated],
          ['audit rows missing', auditMissing],
          ['exit code after SIGTERM', termExit],
          ['max hang', `${maxHangMs} ms`],
        ]
          .map(([k, v]) => `| ${String(k).padEnd(31)} | ${v}`)
          .join('\n') +
        '\n',
    );
    expect(acknowledged.size).toBeGreaterThan(10);
    expect(lost).toBe(0);
    expect(duplicated).toBe(0);
    expect(auditMissing).toBe(0);
    expect(termExit).toBe(0);
  }, 120_000);
});
