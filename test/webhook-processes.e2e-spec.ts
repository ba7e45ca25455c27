import { ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { Client } from 'pg';
import { Webhook as StandardWebhook } from 'standardwebhooks';
import { createTestDatabase, TestDatabase } from './support/database';
import { freePort } from './support/free-port';
import { WebhookReceiver } from './support/webhook-receiver';

const server = process.env.TEST_DATABASE_URL;
const ROOT = join(__dirname, '..');

/** TrustPath as its own process (`main.ts`), delivering webhooks, on the given database and port. */
async function startProcess(databaseUrl: string, port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['-r', '@swc-node/register', join(ROOT, 'src', 'main.ts')], {
    cwd: ROOT,
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      HOST: '127.0.0.1',
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      WEBHOOKS_ALLOW_PRIVATE_TARGETS: 'true',
      WEBHOOK_RETRY_DELAY_SECONDS: '1',
    },
    stdio: 'ignore',
  });
  for (let i = 0; i < 300; i += 1) {
    const ready = await fetch(`http://127.0.0.1:${port}/health/ready`).then((r) => r.ok, () => false);
    if (ready) return child;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  child.kill('SIGKILL');
  throw new Error('the API process did not become ready');
}

async function stop(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

/**
 * Two API processes share one database, and so one delivery queue: every change reaches each
 * webhook once per attempt, whichever process recorded it and whichever delivers it.
 */
(server ? describe : describe.skip)('webhook delivery from two API processes', () => {
  let db: TestDatabase;
  let admin: Client;
  const processes: ChildProcess[] = [];
  const receiver = new WebhookReceiver();

  beforeAll(async () => {
    db = await createTestDatabase();
    admin = new Client({ connectionString: db.url });
    await admin.connect();
  });

  afterAll(async () => {
    for (const child of processes) await stop(child);
    await receiver.stop();
    await admin?.end();
    await db?.drop();
  });

  it('delivers each change once per attempt to each webhook', async () => {
    const base = await receiver.start();
    // `/flaky` fails the first attempt of each message and takes the second: two arrivals per change.
    const seen = new Set<string>();
    receiver.answer = () => 200;
    const ports = [await freePort(), await freePort()];
    processes.push(...(await Promise.all(ports.map((port) => startProcess(db.url, port)))));
    const urls = ports.map((port) => `http://127.0.0.1:${port}`);

    const signup = (await fetch(`${urls[0]}/v1/auth/signup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ organizationName: 'Two Process Clinic', email: `owner-${randomUUID()}@example.org`, displayName: 'Olive', password: 'correct horse battery staple' }),
    }).then((r) => r.json())) as { accessToken: string };
    const headers = { 'content-type': 'application/json', authorization: `Bearer ${signup.accessToken}` };
    const subscribe = async (path: string) =>
      (await fetch(`${urls[1]}/v1/webhooks`, { method: 'POST', headers, body: JSON.stringify({ url: `${base}${path}`, eventTypes: ['client.created'] }) }).then((r) =>
        r.json(),
      )) as { id: string; secret: string };
    const steady = await subscribe('/steady');
    const flaky = await subscribe('/flaky');
    receiver.answer = (path) => {
      if (path !== '/flaky') return 200;
      const id = String(receiver.received[receiver.received.length - 1].headers['webhook-id']);
      if (seen.has(id)) return 200;
      seen.add(id);
      return 503;
    };

    const count = 40;
    const created = await Promise.all(
      Array.from({ length: count }, (_, i) =>
        fetch(`${urls[i % 2]}/v1/clients`, { method: 'POST', headers, body: JSON.stringify({ firstName: 'Noor', lastName: `Two-${i}` }) }).then(
          async (r) => {
            expect(r.status).toBe(201);
            return ((await r.json()) as { id: string }).id;
          },
        ),
      ),
    );

    const steadyArrivals = await receiver.waitFor('/steady', count, 60_000);
    const flakyArrivals = await receiver.waitFor('/flaky', count * 2, 90_000);
    // Anything doubled would arrive within the next moments.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    const perMessage = (path: string) => {
      const counts = new Map<string, number>();
      for (const r of receiver.received.filter((one) => one.path === path)) counts.set(String(r.headers['webhook-id']), (counts.get(String(r.headers['webhook-id'])) ?? 0) + 1);
      return counts;
    };
    expect([...perMessage('/steady').values()]).toEqual(Array(count).fill(1));
    expect([...perMessage('/flaky').values()]).toEqual(Array(count).fill(2));
    const delivered = steadyArrivals.map((r) => (JSON.parse(r.body) as { data: { resourceId: string } }).data.resourceId);
    expect(new Set(delivered)).toEqual(new Set(created));
    for (const arrival of [...steadyArrivals, ...flakyArrivals]) {
      const secret = arrival.path === '/steady' ? steady.secret : flaky.secret;
      expect(() => new StandardWebhook(secret).verify(arrival.body, arrival.headers as Record<string, string>)).not.toThrow();
    }
    const attempts = await admin.query(
      `SELECT webhook_id, status, attempts, count(*)::int AS n FROM webhook_deliveries GROUP BY 1, 2, 3 ORDER BY 1`,
    );
    expect(attempts.rows).toEqual(
      expect.arrayContaining([
        { webhook_id: steady.id, status: 'succeeded', attempts: 1, n: count },
        { webhook_id: flaky.id, status: 'succeeded', attempts: 2, n: count },
      ]),
    );
  });
});
