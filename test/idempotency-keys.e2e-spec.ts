import { randomUUID } from 'node:crypto';
import { IdempotencyKeys, IdempotentRequest, StoredResponse } from '../src/common/idempotency';
import { Transactions } from '../src/database/transactions';
import { DomainError } from '../src/errors/domain-error';
import { ErrorCode } from '../src/errors/error-code';
import { startTestApp, TestApp } from './support/test-app';

/** The Idempotency-Key protocol against PostgreSQL: keys are taken and answered inside the write's transaction. */
describe('idempotency keys on PostgreSQL', () => {
  let t: TestApp;
  let keys: IdempotencyKeys;
  let db: Transactions;

  beforeAll(async () => {
    t = await startTestApp();
    keys = t.app.get(IdempotencyKeys);
    db = t.app.get(Transactions);
  });
  afterAll(() => t.close());

  const aRequest = (hash = 'a'.repeat(64)): IdempotentRequest => ({ organizationId: randomUUID(), key: randomUUID(), requestHash: hash });
  const answer: StoredResponse = { status: 201, body: { id: 'c1', version: 1, tags: ['x'] }, location: '/v1/clients/c1' };
  /** A whole write: claim, then store the answer, in one transaction; what the claim found. */
  const write = (request: IdempotentRequest, response = answer) =>
    db.run(async () => {
      const stored = await keys.claim(request);
      if (!stored) await keys.store(request, response);
      return stored;
    });
  const codeOf = (work: Promise<unknown>) => work.then(() => 'ok', (error: unknown) => (error instanceof DomainError ? error.code : error));
  const rowsOf = (request: IdempotentRequest) =>
    t.dataSource.query('SELECT state, response_status FROM idempotency_keys WHERE organization_id = $1 AND key = $2', [request.organizationId, request.key]);

  it('runs the first request, then replays its answer with status, body and Location', async () => {
    const request = aRequest();
    expect(await write(request)).toBeUndefined();
    expect(await write(request)).toEqual(answer);
    expect(await rowsOf(request)).toEqual([{ state: 'completed', response_status: 201 }]);
  });

  it('leaves nothing behind when the write rolls back, so the retry runs', async () => {
    const request = aRequest();
    await expect(
      db.run(async () => {
        await keys.claim(request);
        await keys.store(request, answer);
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    expect(await rowsOf(request)).toEqual([]);
    expect(await write(request)).toBeUndefined();
  });

  it('answers 409 to a claim while another transaction holds the key, and replays once it commits', async () => {
    if (t.database.mode === 'embedded') return; // one connection: a second transaction can't be open at once
    const request = aRequest();
    let release!: () => void;
    const holding = db.run(async () => {
      await keys.claim(request);
      await new Promise<void>((resolve) => (release = resolve));
      await keys.store(request, answer);
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await codeOf(db.run(() => keys.claim(request)))).toBe(ErrorCode.Conflict);
    release();
    await holding;
    expect(await write(request)).toEqual(answer);
  });

  it('answers 422 when the key comes back with another request', async () => {
    const request = aRequest();
    await write(request);
    expect(await codeOf(write({ ...request, requestHash: 'b'.repeat(64) }))).toBe(ErrorCode.IdempotencyKeyReused);
  });

  it('answers 409 to a second request of this process while the first is in flight', async () => {
    const request = aRequest();
    let release!: () => void;
    const first = keys.exclusively(request, () => new Promise<void>((resolve) => (release = resolve)));
    expect(await codeOf(keys.exclusively(request, async () => undefined))).toBe(ErrorCode.Conflict);
    release();
    await first;
    expect(await codeOf(keys.exclusively(request, async () => undefined))).toBe('ok');
  });

  it('scopes keys to the organization', async () => {
    const request = aRequest();
    await write(request);
    expect(await write({ ...request, organizationId: randomUUID() })).toBeUndefined();
  });

  it('lets an expired key, or a claim left in progress by an older version, be used again', async () => {
    const expired = aRequest();
    await write(expired);
    await t.dataSource.query(`UPDATE idempotency_keys SET expires_at = now() - interval '1 second' WHERE key = $1`, [expired.key]);
    expect(await write({ ...expired, requestHash: 'c'.repeat(64) })).toBeUndefined();

    const abandoned = aRequest();
    await t.dataSource.query(
      `INSERT INTO idempotency_keys (organization_id, key, request_hash, state, created_at, expires_at)
       VALUES ($1, $2, $3, 'in_progress', now(), now() + interval '1 day')`,
      [abandoned.organizationId, abandoned.key, abandoned.requestHash],
    );
    expect(await write(abandoned)).toBeUndefined();
    expect(await rowsOf(abandoned)).toEqual([{ state: 'completed', response_status: 201 }]);
  });
});
