import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import PgBoss from 'pg-boss';
import { setTimeout as sleep } from 'node:timers/promises';
import { AppConfig } from '../config/app-config';
import { Transactions } from '../database/transactions';
import { describeForLog } from '../errors/problem.filter';
import { JobQueueRepository } from './job-queue.repository';

export const DELIVERY_QUEUE = 'webhook-delivery';
/** The delivery queue's settings as the migration creates it; a process applies its own retry settings. */
export const DELIVERY_QUEUE_DEFAULTS = { policy: 'standard', retryLimit: 13, retryDelay: 20, retryBackoff: true, expireInSeconds: 120 } as const;
const SCHEMA = 'pgboss';
/** Workers polling the queue in each process that delivers, the jobs each takes at once, and how often. */
const WORKERS_PER_PROCESS = 2;
const BATCH_SIZE = 20;
const POLLING_INTERVAL_SECONDS = 0.5;
/** How long shutdown waits for attempts in flight and for the workers' polling loops to end. */
const STOP_TIMEOUT_MS = 10_000;

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
 * processes, and retries a failed one with exponential backoff: the n-th retry waits between
 * 1 and 2 × `WEBHOOK_RETRY_DELAY_SECONDS` × 2^(n−1) (jitter), `WEBHOOK_MAX_ATTEMPTS` attempts in all.
 */
@Injectable()
export class WebhookQueue implements OnApplicationBootstrap, BeforeApplicationShutdown {
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
    // The queue exists once the migrations have run (they create it as the schema's owner, which a
    // least-privileged app role is not); its retry settings follow this process's configuration.
    const queue = { name: DELIVERY_QUEUE, ...DELIVERY_QUEUE_DEFAULTS, retryLimit: this.config.WEBHOOK_MAX_ATTEMPTS - 1, retryDelay: this.config.WEBHOOK_RETRY_DELAY_SECONDS };
    await boss.createQueue(DELIVERY_QUEUE, queue);
    await boss.updateQueue(DELIVERY_QUEUE, queue);
    this.boss = boss;
    if (this.config.WEBHOOK_WORKERS) {
      // Each worker takes a batch, runs its attempts side by side, and polls again after the interval:
      // at most WORKERS_PER_PROCESS × BATCH_SIZE / POLLING_INTERVAL_SECONDS attempts per second per
      // process (80). A failed attempt is failed on its own (so the queue schedules its retry).
      const options = { includeMetadata: true, batchSize: BATCH_SIZE, pollingIntervalSeconds: POLLING_INTERVAL_SECONDS } as const;
      const work = async (jobs: Array<PgBoss.JobWithMetadata<DeliveryJob>>) => {
        await Promise.all(
          jobs.map(async (job) => {
            try {
              await this.handler?.(job.data, job.retryCount >= job.retryLimit);
            } catch (error) {
              await boss.fail(DELIVERY_QUEUE, job.id, { message: error instanceof Error ? error.message : 'failed' });
            }
          }),
        );
      };
      for (let worker = 0; worker < WORKERS_PER_PROCESS; worker += 1) await boss.work<DeliveryJob>(DELIVERY_QUEUE, options, work);
    }
  }

  /** Before any module's shutdown closes the connection pool: attempts in flight finish (or are given back) on it. */
  async beforeApplicationShutdown(): Promise<void> {
    const boss = this.boss;
    if (!boss) return;
    const started = Date.now();
    await boss.stop({ graceful: true, timeout: STOP_TIMEOUT_MS, wait: true });
    // pg-boss resolves once no attempt is in flight, but a worker caught inside a fetch keeps
    // polling until that fetch returns, and pg-boss forgets it only after that (its own check runs
    // every second). Wait for that too, so that nothing touches the pool or a timer once we return.
    const workers = boss as unknown as { getWorkers?: () => unknown[] };
    while ((workers.getWorkers?.().length ?? 0) > 0 && Date.now() - started < STOP_TIMEOUT_MS) await sleep(50);
  }

  /** Queues deliveries on the open transaction's connection: they are queued if, and only if, it commits. */
  async enqueue(jobs: DeliveryJob[]): Promise<void> {
    if (jobs.length === 0) return;
    const boss = this.boss;
    if (!boss) throw new Error('The webhook queue has not started');
    await this.db.run(() => boss.insert(jobs.map((data) => ({ name: DELIVERY_QUEUE, data })), { db: this.sql.inTransaction() }));
  }
}
