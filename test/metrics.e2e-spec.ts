import { randomUUID } from 'node:crypto';
import { bearer, signupOrganization } from './support/factories';
import { expectProblem } from './support/problem';
import { startTestApp, TestApp } from './support/test-app';
import { freePort } from './support/free-port';

const TOKEN = 'metrics-token-for-tests-0123456789';

/** Prometheus metrics, only for a scraper that holds the token or reaches the private port. */
describe('metrics', () => {
  let t: TestApp;
  let port: number;
  beforeAll(async () => {
    port = await freePort();
    t = await startTestApp({ METRICS_TOKEN: TOKEN, METRICS_PORT: String(port) });
  });
  afterAll(() => t.close());

  const scrape = () => t.http.get('/metrics').set('Authorization', `Bearer ${TOKEN}`);
  const valueOf = (text: string, series: string) => Number(text.split('\n').find((line) => line.startsWith(series + ' '))?.split(' ')[1]);

  it('refuses a scraper without the token', async () => {
    expectProblem(await t.http.get('/metrics'), 401, 'UNAUTHENTICATED');
    expectProblem(await t.http.get('/metrics').set('Authorization', 'Bearer not-the-token-at-all-00000'), 401, 'UNAUTHENTICATED');
  });

  it('measures requests by route and status, the pool, the audit backlog and replays', async () => {
    const org = await signupOrganization(t);
    const owner = bearer(org.owner.token);
    expect((await t.http.get('/v1/me').set(owner)).status).toBe(200);
    const key = randomUUID();
    const create = () => t.http.post('/v1/clients').set(owner).set('Idempotency-Key', key).send({ firstName: 'Noor', lastName: 'Metric' });
    expect((await create()).status).toBe(201);
    const before = valueOf((await scrape()).text, 'trustpath_idempotency_replays_total');
    expect((await create()).headers['idempotency-replayed']).toBe('true');

    const res = await scrape();
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    expect(res.text).toMatch(/trustpath_http_request_duration_seconds_count\{method="GET",route="\/v1\/me",status="200"\} [1-9]/);
    expect(res.text).toMatch(/trustpath_db_pool_connections\{state="idle"\} \d+/);
    expect(res.text).toMatch(/trustpath_audit_backlog \d+/);
    expect(valueOf(res.text, 'trustpath_idempotency_replays_total')).toBe(before + 1);
    expect(res.text).not.toContain('Metric');
  });

  it('serves the same on the private port, without a token', async () => {
    const res = await fetch(`http://127.0.0.1:${port}/metrics`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('trustpath_http_request_duration_seconds');
  });
});

describe('metrics left off', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('are not served', async () => {
    expectProblem(await t.http.get('/metrics'), 404, 'ROUTE_NOT_FOUND');
  });
});
