import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { AuditWriter } from '../../src/audit/audit.writer';
import { bearer, signupOrganization } from '../support/factories';
import { PgFaultProxy } from '../support/pg-fault-proxy';
import { startTestApp, TestApp } from '../support/test-app';

const server = process.env.TEST_DATABASE_URL;
const WRITERS = 8;
const WRITES_EACH = 12;
/**
 * Faults are injected for this long, then stop, and the writers finish what they began. A fixed
 * window keeps the fault rate from outrunning a busy machine's write rate (with faults every few
 * hundred milliseconds forever, a slow enough machine never gets a write through).
 */
const FAULT_WINDOW_MS = 6_000;

interface Tally {
  acknowledged: Map<string, string>; // last name → id answered
  maxHangMs: number;
  recoveries: number[];
}

/**
 * Careful clients write under faults: PostgreSQL out of reach for a while, its backends terminated,
 * COMMIT replies lost. Each client retries with its Idempotency-Key until it gets an answer. After:
 * nothing acknowledged is missing, nothing is stored twice, every stored record has its audit event.
 */
(server ? describe : describe.skip)('writes under faults', () => {
  let proxy: PgFaultProxy;
  let t: TestApp;
  let admin: Client;

  beforeAll(async () => {
    const target = new URL(server!);
    proxy = await PgFaultProxy.start({ host: target.hostname, port: Number(target.port || 5432) });
    t = await startTestApp({ DATABASE_ACQUIRE_TIMEOUT_MS: '1000' }, { connectVia: (url) => proxy.urlFor(url) });
    admin = new Client({ connectionString: t.database.url });
    admin.on('error', () => undefined);
    await admin.connect();
  });
  afterAll(async () => {
    await admin?.end().catch(() => undefined);
    await t?.close();
    await proxy?.stop();
  });

  it('loses nothing, doubles nothing and audits everything', async () => {
    const org = await signupOrganization(t);
    const owner = bearer(org.owner.token);
    const tally: Tally = { acknowledged: new Map(), maxHangMs: 0, recoveries: [] };
    const inFlight = new Set<string>();
    let faultEndedAt: number | undefined;

    const writeOne = async (lastName: string) => {
      const key = randomUUID();
      inFlight.add(lastName);
      for (let attempt = 0; attempt < 60; attempt += 1) {
        const started = Date.now();
        const res = await t.http.post('/v1/clients').set(owner).set('Idempotency-Key', key).send({ firstName: 'Noor', lastName }).catch(() => undefined);
        tally.maxHangMs = Math.max(tally.maxHangMs, Date.now() - started);
        if (res?.status === 201) {
          tally.acknowledged.set(lastName, res.body.id);
          if (faultEndedAt !== undefined) {
            tally.recoveries.push(Date.now() - faultEndedAt);
            faultEndedAt = undefined;
          }
          inFlight.delete(lastName);
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, 50 + attempt * 20));
      }
      inFlight.delete(lastName);
    };
    const writer = async (n: number) => {
      for (let i = 0; i < WRITES_EACH; i += 1) await writeOne(`Load-${n}-${i}-${randomUUID().slice(0, 6)}`);
    };

    let running = true;
    const faults = { outages: 0, terminations: 0, lostCommits: 0 };
    let acknowledgedUnderFaults = 0;
    const faultsEnd = Date.now() + FAULT_WINDOW_MS;
    // On a busy machine the first writes can take longer than the window: faults go on until a
    // write has been acknowledged under them, for at most 30 s (none by then is a failure).
    const faultsCap = Date.now() + 30_000;
    const injecting = () => Date.now() < faultsEnd || (tally.acknowledged.size === 0 && Date.now() < faultsCap);
    const injector = (async () => {
      for (let round = 0; running && injecting(); round += 1) {
        await new Promise((resolve) => setTimeout(resolve, 150));
        if (!running) break;
        if (round % 3 === 0) {
          proxy.refuse();
          faults.outages += 1;
          await new Promise((resolve) => setTimeout(resolve, 250));
          proxy.accept();
          faultEndedAt = Date.now();
        } else if (round % 3 === 1) {
          const { rowCount } = await admin.query(
            `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`,
          );
          faults.terminations += rowCount ?? 0;
        } else {
          const [any] = inFlight;
          if (any) {
            proxy.loseCommitReplyAfter(any);
            faults.lostCommits += 1;
          }
        }
      }
      acknowledgedUnderFaults = tally.acknowledged.size;
    })();
    await Promise.all(Array.from({ length: WRITERS }, (_, n) => writer(n)));
    running = false;
    await injector;
    await t.app.get(AuditWriter).drain();

    const names = [...tally.acknowledged.keys()];
    const rows: { id: string; last_name: string }[] = await admin.query(`SELECT id, last_name FROM clients WHERE last_name LIKE 'Load-%'`).then((r) => r.rows);
    const stored = new Map<string, string[]>();
    for (const row of rows) stored.set(row.last_name, [...(stored.get(row.last_name) ?? []), row.id]);
    const lost = names.filter((name) => !stored.get(name)?.includes(tally.acknowledged.get(name)!)).length;
    const duplicated = [...stored.values()].filter((ids) => ids.length > 1).length;
    const audited: { resource_id: string }[] = await admin
      .query(`SELECT resource_id FROM audit_events WHERE action = 'createClient' AND status = 201 AND resource_id = ANY($1::text[])`, [rows.map((r) => r.id)])
      .then((r) => r.rows);
    const auditMissing = rows.filter((row) => !audited.some((a) => a.resource_id === row.id)).length;

    const table = [
      ['faults', `${faults.outages} outages, ${faults.terminations} backends terminated, ${faults.lostCommits} COMMIT replies lost (${proxy.dropped} hit)`],
      ['writes attempted', String(WRITERS * WRITES_EACH)],
      ['acknowledged', `${tally.acknowledged.size} (${acknowledgedUnderFaults} while faults were injected)`],
      ['lost', String(lost)],
      ['duplicated', String(duplicated)],
      ['audit rows missing', String(auditMissing)],
      ['max hang', `${tally.maxHangMs} ms`],
      ['recovery after an outage (max)', `${Math.max(0, ...tally.recoveries)} ms`],
    ];
    process.stdout.write(`\nWrites under faults\n${table.map(([k, v]) => `| ${k.padEnd(31)} | ${v}`).join('\n')}\n`);

    expect(faults.outages).toBeGreaterThan(0);
    expect(faults.terminations).toBeGreaterThan(0);
    expect(acknowledgedUnderFaults).toBeGreaterThan(0);
    expect(tally.acknowledged.size).toBe(WRITERS * WRITES_EACH);
    expect(lost).toBe(0);
    expect(duplicated).toBe(0);
    expect(auditMissing).toBe(0);
    expect(tally.maxHangMs).toBeLessThan(10_000);
  }, 180_000);
});
