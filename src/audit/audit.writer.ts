import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { originOf, RequestContext, RequestOrigin } from '../context/request-context';
import { AppConfig } from '../config/app-config';
import { databaseFailureOf } from '../database/database-failure';
import { describeForLog } from '../errors/problem.filter';
import { measureAuditBacklog } from '../metrics/metrics';
import { Transactions } from '../database/transactions';
import { AuditRepository, NewAuditEvent } from './audit.repository';

export interface AuditRecord {
  organizationId: string | null;
  actorType: 'user' | 'apiKey' | 'client' | 'anonymous';
  actorId: string | null;
  action: string;
  resourceType: string | null;
  resourceId: string | null;
  status: number;
  detail?: Record<string, unknown> | null;
  /** The request id, client IP and user agent; the current request's (from its context) when left out. */
  origin?: RequestOrigin;
}

/**
 * Query parameters whose values are recorded as given. Any other value (a name search, a tag)
 * is recorded as "[redacted]": the audit trail must not hold client data.
 */
const RECORDED_PARAMS = new Set([
  'limit',
  'cursor',
  'status',
  'updatedSince',
  'includeArchived',
  'careTeam',
  'clientId',
  'coupleId',
  'groupId',
  'programId',
  'enrollmentId',
  'sessionId',
  'staffId',
  'actorId',
  'actorType',
  'resourceType',
  'resourceId',
  'action',
  'from',
  'to',
  'kind',
  'role',
  'overdue',
  'dueBefore',
  'dueAfter',
  'exerciseId',
  'stepKey',
  'practiceKey',
  'audience',
  'instrumentId',
  'includeSuperseded',
]);

const MAX_BATCH = 500;
const RETRY_FIRST_MS = 100;
const RETRY_MAX_MS = 5_000;
const SHUTDOWN_GRACE_MS = 10_000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function auditDetail(request: FastifyRequest): Record<string, unknown> | null {
  const detail: Record<string, unknown> = {};
  const params = (request.params ?? {}) as Record<string, string>;
  for (const [name, value] of Object.entries(params)) if (name !== 'id') detail[name] = value;
  const query = (request.query ?? {}) as Record<string, unknown>;
  const recorded: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(query)) recorded[name] = RECORDED_PARAMS.has(name) ? value : '[redacted]';
  if (Object.keys(recorded).length > 0) detail.query = recorded;
  return Object.keys(detail).length > 0 ? detail : null;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Set once the request's own transaction has stored its audit event. */
    auditedInTransaction?: boolean;
  }
}

/** The audit event of an authenticated API request with the given answer; null for any other request. */
export function auditEventOf(request: FastifyRequest, status: number): AuditRecord | null {
  const actor = request.actor;
  const action = request.auditAction;
  if (!actor || !action) return null;
  const id = (request.params as Record<string, string> | undefined)?.id;
  return {
    organizationId: actor.organizationId,
    actorType: actor.kind,
    actorId: actor.id,
    action: action.action,
    resourceType: action.resourceType,
    resourceId: id ?? null,
    detail: auditDetail(request),
    status,
    origin: originOf(request),
  };
}

/**
 * Writes audit events off the request path. Events queue while one multi-row INSERT is in flight
 * and go in the next, so under load a single statement carries many events; when idle each event
 * is written at once. No event is dropped: while the database can't take them, the batch is retried
 * with backoff; an event whose data the database refuses (which sanitising should prevent) is
 * stored on its own, and if it is refused again, without its detail, so it never takes the others
 * of its batch down. The backlog is bounded by refusing new requests (503) while it is full, not by
 * dropping events. On shutdown the queue is drained for up to `SHUTDOWN_GRACE_MS`.
 */
@Injectable()
export class AuditWriter {
  private readonly logger = new Logger('Audit');
  private readonly queue: NewAuditEvent[] = [];
  private flushing?: Promise<void>;
  private giveUpAt?: number;

  constructor(
    private readonly events: AuditRepository,
    private readonly context: RequestContext,
    private readonly db: Transactions,
    private readonly config: AppConfig,
  ) {
    measureAuditBacklog(() => this.backlog);
  }

  /** Events recorded but not yet stored. */
  get backlog(): number {
    return this.queue.length;
  }

  /** While true, new requests are refused with 503 until the backlog drains. */
  get saturated(): boolean {
    return this.queue.length >= this.config.AUDIT_BACKLOG_LIMIT;
  }

  record(event: AuditRecord): void {
    this.queue.push(toNewAuditEvent({ ...event, origin: event.origin ?? this.context.origin }));
    this.flushing ??= this.flush();
  }

  /** Stores the event in the open transaction: it commits with the change it records, or not at all. */
  recordInTransaction(event: AuditRecord): Promise<void> {
    return this.events.insertMany([toNewAuditEvent({ ...event, origin: event.origin ?? this.context.origin })]);
  }

  /** Resolves once every event recorded so far is in the database. */
  async drain(): Promise<void> {
    while (this.flushing) await this.flushing;
  }

  /** For shutdown: drains, retrying for at most the grace period; what is still unstored then is logged as lost. */
  async close(graceMs = SHUTDOWN_GRACE_MS): Promise<void> {
    this.giveUpAt = Date.now() + graceMs;
    await this.drain();
  }

  private async flush(): Promise<void> {
    let delay = RETRY_FIRST_MS;
    try {
      while (this.queue.length > 0) {
        try {
          await this.storeFront();
          delay = RETRY_FIRST_MS;
        } catch (error) {
          if (this.giveUpAt !== undefined && Date.now() >= this.giveUpAt) {
            this.logger.error({ msg: 'audit events lost at shutdown: the database could not take them', count: this.queue.length });
            this.queue.length = 0;
            return;
          }
          this.logger.warn({ msg: 'audit events not stored yet; retrying', backlog: this.queue.length, error: describeForLog(error) });
          await new Promise((resolve) => setTimeout(resolve, delay));
          delay = Math.min(delay * 2, RETRY_MAX_MS);
        }
      }
    } finally {
      this.flushing = undefined;
    }
  }

  /** Stores the events at the front of the queue and takes them off it; throws when the database can't take them now. */
  private async storeFront(): Promise<void> {
    const batch = this.queue.slice(0, MAX_BATCH);
    try {
      await this.insert(batch);
      this.queue.splice(0, batch.length);
      return;
    } catch (error) {
      if (databaseFailureOf(error)) throw error;
    }
    // The data of some event was refused: each on its own, so the others are stored.
    for (let i = 0; i < batch.length; i += 1) {
      const event = this.queue[0];
      try {
        await this.insert([event]);
      } catch (error) {
        if (databaseFailureOf(error)) throw error;
        this.logger.error({ msg: 'audit event stored without its detail: the database refused it', action: event.action, error: describeForLog(error) });
        await this.insert([{ ...event, detail: { unstorable: true }, resourceId: null, userAgent: null }]);
      }
      this.queue.shift();
    }
  }

  /** On the pool: an event recorded inside a transaction must not roll back with it, nor use its connection after it ends. */
  private insert(batch: NewAuditEvent[]): Promise<void> {
    return this.db.outside(() => this.events.insertMany(batch));
  }
}

/** PostgreSQL text can't hold NUL: it is taken out of every string an event carries, names included. */
function withoutNul<T>(value: T): T {
  if (typeof value === 'string') return value.replace(/\u0000/g, '') as T;
  if (Array.isArray(value)) return value.map(withoutNul) as T;
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    return Object.fromEntries(Object.entries(value).map(([name, inner]) => [withoutNul(name), withoutNul(inner)])) as T;
  }
  return value;
}

function toNewAuditEvent(event: AuditRecord): NewAuditEvent {
  return withoutNul({
    id: randomUUID(),
    occurredAt: new Date(),
    organizationId: event.organizationId,
    actorType: event.actorType,
    actorId: event.actorId,
    action: event.action,
    resourceType: event.resourceType,
    // An over-long id is not one of ours; it is left out rather than stored.
    resourceId: event.resourceId && event.resourceId.length <= 200 ? event.resourceId : null,
    detail: event.detail ?? null,
    requestId: event.origin?.requestId ?? null,
    ip: event.origin?.ip ?? null,
    userAgent: event.origin?.userAgent ?? null,
    status: event.status,
  });
}

export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}
