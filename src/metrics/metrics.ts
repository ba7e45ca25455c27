import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/**
 * TrustPath's Prometheus metrics, one registry for the process (prom-client's usual shape: the
 * metrics are module values that the code measuring them updates). What each one means, and what to
 * do when it alerts, is in docs/operations.md.
 */
export const registry = new Registry();
collectDefaultMetrics({ register: registry, prefix: 'trustpath_' });

export const requestDuration = new Histogram({
  name: 'trustpath_http_request_duration_seconds',
  help: 'Time to answer a request, by method, route template and status.',
  labelNames: ['method', 'route', 'status'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  registers: [registry],
});

export const databaseFailures = new Counter({
  name: 'trustpath_database_failures_total',
  help: 'Requests answered 503 because the database was unavailable or too slow, by kind (unavailable, timeout) and reason (SQLSTATE or client code).',
  labelNames: ['kind', 'reason'] as const,
  registers: [registry],
});

export const idempotencyReplays = new Counter({
  name: 'trustpath_idempotency_replays_total',
  help: 'Retries answered with the stored answer of their Idempotency-Key.',
  registers: [registry],
});

/** Where the gauges read their values when scraped: set by whoever owns the value. */
const sources = {
  pool: (): { total: number; idle: number; waiting: number } => ({ total: 0, idle: 0, waiting: 0 }),
  auditBacklog: (): number => 0,
};

export function measurePool(read: typeof sources.pool): void {
  sources.pool = read;
}

export function measureAuditBacklog(read: typeof sources.auditBacklog): void {
  sources.auditBacklog = read;
}

new Gauge({
  name: 'trustpath_db_pool_connections',
  help: 'Database connections of this process: in_use, idle, and requests waiting for one.',
  labelNames: ['state'] as const,
  registers: [registry],
  collect() {
    const pool = sources.pool();
    this.set({ state: 'in_use' }, pool.total - pool.idle);
    this.set({ state: 'idle' }, pool.idle);
    this.set({ state: 'waiting' }, pool.waiting);
  },
});

new Gauge({
  name: 'trustpath_audit_backlog',
  help: 'Audit events recorded but not yet stored; new requests are refused at AUDIT_BACKLOG_LIMIT.',
  registers: [registry],
  collect() {
    this.set(sources.auditBacklog());
  },
});
