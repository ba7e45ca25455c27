import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Transactions } from '../database/transactions';
import { describeForLog } from '../errors/problem.filter';
import { ChangeEventsRepository } from './change-events.repository';

/** How long the changes feed keeps a change. An integration away longer resyncs (410 `CHANGES_CURSOR_EXPIRED`). */
export const CHANGE_RETENTION_DAYS = 30;
const EVERY_MS = 60 * 60 * 1000;

/**
 * The retention job: hourly (and at start-up), each process deletes the changes older than
 * `CHANGE_RETENTION_DAYS`. Running it in two processes at once is harmless: the DELETE of one
 * waits for the other's and then finds nothing left.
 */
@Injectable()
export class ChangeRetention implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('ChangeRetention');
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;

  constructor(
    private readonly changes: ChangeEventsRepository,
    private readonly db: Transactions,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.prune(), EVERY_MS);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** Deletes what is past retention (as of `now`); returns how many changes went. */
  async prune(now = new Date()): Promise<number> {
    const before = new Date(now.getTime() - CHANGE_RETENTION_DAYS * 24 * 60 * 60 * 1000);
    const work = this.db.run(() => this.changes.prune(before));
    this.running = work.catch(() => undefined);
    try {
      return await work;
    } catch (error) {
      this.logger.warn({ msg: 'changes past retention not deleted yet', error: describeForLog(error) });
      return 0;
    }
  }
}
