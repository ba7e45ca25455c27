import { Injectable, Logger } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { originOf, RequestContext, RequestOrigin } from '../context/request-context';
import { describeForLog } from '../errors/problem.filter';
import { Transactions } from '../database/transactions';
import { AuditRepository, NewAuditEvent } from './audit.repository';

export interface AuditRecord {
  organizationId: string | null;
  actorType: 'user' | 'apiKey' | 'anonymous';
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
]);

const MAX_BATCH = 500;
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
 * is written at once. Fastify's close drains the queue before the pool closes.
 */
@Injectable()
export class AuditWriter {
  private readonly logger = new Logger('Audit');
  private queue: AuditRecord[] = [];
  private flushing?: Promise<void>;

  constructor(
    private readonly events: AuditRepository,
    private readonly context: RequestContext,
    private readonly db: Transactions,
  ) {}

  record(event: AuditRecord): void {
    this.queue.push({ ...event, origin: event.origin ?? this.context.origin });
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

  private async flush(): Promise<void> {
    try {
      while (this.queue.length > 0) {
        const batch = this.queue.splice(0, MAX_BATCH);
        try {
          await this.insert(batch);
        } catch (error) {
          this.logger.error({ msg: 'audit events could not be written', count: batch.length, error: describeForLog(error) });
        }
      }
    } finally {
      this.flushing = undefined;
    }
  }

  /** On the pool: an event recorded inside a transaction must not roll back with it, nor use its connection after it ends. */
  private insert(batch: AuditRecord[]): Promise<void> {
    return this.db.outside(() => this.events.insertMany(batch.map(toNewAuditEvent)));
  }
}

function toNewAuditEvent(event: AuditRecord): NewAuditEvent {
  return {
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
  };
}

export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}
