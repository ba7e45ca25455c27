import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { PgBoss } from 'pg-boss';
import type { JobWithMetadata } from 'pg-boss';
import { AppConfig } from '../config/app-config';
import { Transactions } from '../database/transactions';
import { describeForLog } from '../errors/problem.filter';
import { JobQueueRepository } from './job-queue.repository';

export const DELIVERY_QUEUE = 'webhook-delivery';
const SCHEMA = 'pgboss';
/** The longest wait between two attempts of one delivery. */
const RETRY_DELAY_MAX_SECONDS = 12 * 60 * 60;
/** An attempt whose process died is given back to the queue after this long. */
const ATTEMPT_EXPIRY_SECONDS = 120;

export interface DeliveryJob {
  organizationId: string;
  deliveryId: string;
}

/** Told whether this attempt is the delivery's last one in its round (no retry follows a failure). */
export type DeliveryHandler = (job: DeliveryJob, last: boolean) => Promise<void>;

/**
 * The webhook delivery queue, on pg-boss in TrustPath's own database (schema `pgboss`, created
 * by a migration). pg-boss runs every statement through TrustPath's connection pool, so on the
 * one-connection embedded database it shares that connection instead of needing its own; a job
 * is queued on the connection of the open transaction, so it commits with the change it delivers.
 * pg-boss hands each job to one worker at a time (`FOR UPDATE SKIP LOCKED`), in any number of
 * processes, and retries a failed one with exponential backoff (`WEBHOOK_RETRY_DELAY_SECONDS`,
 * doubling, at most 12 h apart, `WEBHOOK_MAX_ATTEMPTS` attempts in all).
 */
@Injectable()
export class WebhookQueue implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('WebhookQueue');
  private boss?: PgBoss;
  private handler?: DeliveryHandler;

  constructor(
    private readonly sql: JobQueueRepository,
    private readonly db: Transactions,
    private readonly config: AppConfig,
  ) {}

  handle(handler: DeliveryHandler): void {
    this.handler = handler;
  }

  async onApplicationBootstrap(): Promise<void> {
    const boss = new PgBoss({
      schema: SCHEMA,
      db: this.sql.pool(),
      schedule: false,
      supervise: this.config.WEBHOOK_WORKERS,
      migrate: true,
    });
    boss.on('error', (error) => this.logger.warn({ msg: 'webhook queue error', error: describeForLog(error) }));
    await boss.start();
    await boss.createQueue(DELIVERY_QUEUE, {
      retryLimit: this.config.WEBHOOK_MAX_ATTEMPTS - 1,
      retryDelay: this.config.WEBHOOK_RETRY_DELAY_SECONDS,
      retryBackoff: true,
      retryDelayMax: RETRY_DELAY_MAX_SECONDS,
      expireInSeconds: ATTEMPT_EXPIRY_SECONDS,
    });
    this.boss = boss;
    if (this.config.WEBHOOK_WORKERS) {
      // Batches of up to 10, fetched again at once while they come back full (pg-boss waits the
      // polling interval after a short one). A batch's attempts run side by side; a failed one is
      // failed on its own (so the queue schedules its retry) and the rest complete.
      const options = { includeMetadata: true, batchSize: 10, burstWhenBatchFull: true, pollingIntervalSeconds: 0.5, localConcurrency: 2 } as const;
      await boss.work<DeliveryJob>(DELIVERY_QUEUE, options, async (jobs) => {
        await Promise.all(
          (jobs as Array<JobWithMetadata<DeliveryJob>>).map(async (job) => {
            try {
              await this.handler?.(job.data, job.retryCount >= job.retryLimit);
            } catch (error) {
              await boss.fail(DELIVERY_QUEUE, job.id, { message: error instanceof Error ? error.message : 'failed' });
            }
          }),
        );
      });
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.boss?.stop({ graceful: true, timeout: 10_000 });
  }

  /** Queues deliveries on the open transaction's connection: they are queued if, and only if, it commits. */
  async enqueue(jobs: DeliveryJob[]): Promise<void> {
    if (jobs.length === 0) return;
    const boss = this.boss;
    if (!boss) throw new Error('The webhook queue has not started');
    await this.db.run(() => boss.insert(DELIVERY_QUEUE, jobs.map((data) => ({ data })), { db: this.sql.inTransaction() }));
  }
}
