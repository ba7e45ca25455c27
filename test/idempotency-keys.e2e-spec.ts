import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import {
  claimIdempotencyKey,
  completeIdempotencyKey,
  IdempotencyClaim,
  IdempotentRequest,
  releaseIdempotencyKey,
} from '../src/common/idempotency';
import { dataSourceOptions } from '../src/database/data-source-options';
import { DomainError } from '../src/errors/domain-error';
import { ErrorCode } from '../src/errors/error-code';
import { createTestDatabase, TestDatabase } from './support/database';

describe('idempotency keys on PostgreSQL', () => {
  let db: TestDatabase;
  let dataSource: DataSource;

  beforeAll(async () => {
    db = await createTestDatabase();
    dataSource = new DataSource(dataSourceOptions(db.url, db.poolSize));
    await dataSource.initialize();
  });
  afterAll(async () => {
    await dataSource.destroy();
    await db.drop();
  });

  const aRequest = (hash = 'a'.repeat(64)): IdempotentRequest => ({ organizationId: randomUUID(), key: randomUUID(), requestHash: hash });
  const outcome = (claim: Promise<IdempotencyClaim>) =>
    claim.then(
      (c) => ('replay' in c ? 'replay' : 'claimed'),
      (error: unknown) => (error instanceof DomainError ? error.code : error),
    );
  const claimed = async (request: IdempotentRequest) => {
    const claim = await claimIdempotencyKey(dataSource, request);
    if (!('claimedAt' in claim)) throw new Error('expected to claim the key');
    return claim.claimedAt;
  };
  const age = (request: IdempotentRequest, column: 'created_at' | 'expires_at', by: string) =>
    dataSource.query(`UPDATE idempotency_keys SET ${column} = ${column} - interval '${by}' WHERE organization_id = $1 AND key = $2`, [
      request.organizationId,
      request.key,
    ]);

  it('lets exactly one of several simultaneous identical requests claim the key; the rest get 409', async () => {
    const request = aRequest();
    const results = await Promise.all(Array.from({ length: 8 }, () => outcome(claimIdempotencyKey(dataSource, request))));
    expect(results.filter((r) => r === 'claimed')).toHaveLength(1);
    expect(results.filter((r) => r === ErrorCode.Conflict)).toHaveLength(7);
    const rows = await dataSource.query('SELECT state FROM idempotency_keys WHERE key = $1', [request.key]);
    expect(rows).toEqual([{ state: 'in_progress' }]);
  });

  it('replays the stored answer to the same request, with its status, body and Location', async () => {
    const request = aRequest();
    const claimedAt = await claimed(request);
    const body = { id: 'c1', version: 1, createdAt: '2024-05-01T10:00:00.000Z', tags: ['x'] };
    await completeIdempotencyKey(dataSource, request, claimedAt, { status: 201, body, location: '/v1/clients/c1' });
    expect(await claimIdempotencyKey(dataSource, request)).toEqual({ replay: { status: 201, body, location: '/v1/clients/c1' } });
    const [row] = await dataSource.query(
      'SELECT state, EXTRACT(EPOCH FROM expires_at - created_at)::int AS lifetime FROM idempotency_keys WHERE key = $1',
      [request.key],
    );
    expect(row).toEqual({ state: 'completed', lifetime: 24 * 3600 });
  });

  it('answers 422 when the key comes back with another request, running or completed', async () => {
    const request = aRequest();
    const claimedAt = await claimed(request);
    expect(await outcome(claimIdempotencyKey(dataSource, { ...request, requestHash: 'b'.repeat(64) }))).toBe(ErrorCode.IdempotencyKeyReused);
    await completeIdempotencyKey(dataSource, request, claimedAt, { status: 201, body: {}, location: null });
    expect(await outcome(claimIdempotencyKey(dataSource, { ...request, requestHash: 'b'.repeat(64) }))).toBe(ErrorCode.IdempotencyKeyReused);
  });

  it('gives a released key (after a 5xx) to the retry', async () => {
    const request = aRequest();
    const claimedAt = await claimed(request);
    await releaseIdempotencyKey(dataSource, request, claimedAt);
    expect(await outcome(claimIdempotencyKey(dataSource, request))).toBe('claimed');
  });

  it('scopes keys to the organization', async () => {
    const request = aRequest();
    await claimed(request);
    expect(await outcome(claimIdempotencyKey(dataSource, { ...request, organizationId: randomUUID() }))).toBe('claimed');
  });

  it('reclaims an expired key for any request, in one statement', async () => {
    const request = aRequest();
    const claimedAt = await claimed(request);
    await completeIdempotencyKey(dataSource, request, claimedAt, { status: 201, body: {}, location: null });
    await age(request, 'expires_at', '25 hours');
    const other = { ...request, requestHash: 'c'.repeat(64) };
    const results = await Promise.all([outcome(claimIdempotencyKey(dataSource, other)), outcome(claimIdempotencyKey(dataSource, other))]);
    expect(results.sort()).toEqual([ErrorCode.Conflict, 'claimed'].sort());
  });

  it('takes over a claim abandoned in progress by the same request only, and ignores the old claim afterwards', async () => {
    const request = aRequest();
    const abandoned = await claimed(request);
    expect(await outcome(claimIdempotencyKey(dataSource, request))).toBe(ErrorCode.Conflict);
    await age(request, 'created_at', '3 minutes');
    expect(await outcome(claimIdempotencyKey(dataSource, { ...request, requestHash: 'd'.repeat(64) }))).toBe(ErrorCode.IdempotencyKeyReused);
    const takenOver = await claimed(request);
    expect(takenOver).not.toBe(abandoned);
    // The abandoned request finishing late neither completes nor releases the new claim.
    await completeIdempotencyKey(dataSource, request, abandoned, { status: 201, body: { late: true }, location: null });
    await releaseIdempotencyKey(dataSource, request, abandoned);
    expect(await outcome(claimIdempotencyKey(dataSource, request))).toBe(ErrorCode.Conflict);
    await completeIdempotencyKey(dataSource, request, takenOver, { status: 201, body: { late: false }, location: null });
    expect(await claimIdempotencyKey(dataSource, request)).toEqual({ replay: { status: 201, body: { late: false }, location: null } });
  });

  it('keeps the claim time to the microsecond, so the owner of a claim is recognized', async () => {
    const request = aRequest();
    const claimedAt = await claimed(request);
    expect(claimedAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/);
  });
});
