import { Injectable } from '@nestjs/common';
import { Transactions } from '../database/transactions';

/** One key's count after an attempt was counted against it. */
export interface CountedAttempt {
  key: string;
  attempts: number;
  /** Identifies the window the attempt was counted in (its start, in microseconds since the epoch). */
  window: string;
  /** Seconds until that window closes. */
  retryAfter: number;
}

/** The `login_throttles` table's SQL: login attempts counted per key in a fixed window. */
@Injectable()
export class LoginThrottlesRepository {
  constructor(private readonly db: Transactions) {}

  /**
   * Counts one attempt against each key, starting a new window where the last one has closed, and
   * answers the counts now. One statement, so concurrent attempts (from any process) each see their
   * own increment; the rows stay locked until the caller's transaction ends. Keys are locked in
   * sorted order so that two attempts never wait for each other crosswise.
   */
  async countAttempt(keys: string[], windowSeconds: number): Promise<CountedAttempt[]> {
    const rows: { key: string; failures: number; window: string; retry_after: number }[] = await this.db.manager.query(
      `INSERT INTO login_throttles AS t (key, failures, window_started_at)
       SELECT k, 1, now() FROM unnest($1::text[]) AS k ORDER BY k
       ON CONFLICT (key) DO UPDATE SET
         failures = CASE WHEN t.window_started_at <= now() - make_interval(secs => $2) THEN 1 ELSE t.failures + 1 END,
         window_started_at = CASE WHEN t.window_started_at <= now() - make_interval(secs => $2) THEN now() ELSE t.window_started_at END
       RETURNING key, failures,
                 (extract(epoch FROM window_started_at) * 1000000)::bigint::text AS window,
                 ceil(extract(epoch FROM window_started_at + make_interval(secs => $2) - now()))::int AS retry_after`,
      [[...keys].sort(), windowSeconds],
    );
    return rows.map((row) => ({ key: row.key, attempts: row.failures, window: row.window, retryAfter: row.retry_after }));
  }

  /** Takes back one counted attempt from each key, unless its window has since been replaced. */
  async uncount(attempts: Pick<CountedAttempt, 'key' | 'window'>[]): Promise<void> {
    if (attempts.length === 0) return;
    await this.db.manager.query(
      `UPDATE login_throttles AS t SET failures = t.failures - 1
         FROM unnest($1::text[], $2::bigint[]) AS a(key, window_us)
        WHERE t.key = a.key AND t.failures > 0
          AND (extract(epoch FROM t.window_started_at) * 1000000)::bigint = a.window_us`,
      [attempts.map((a) => a.key), attempts.map((a) => a.window)],
    );
  }

  async clear(key: string): Promise<void> {
    await this.db.manager.query(`DELETE FROM login_throttles WHERE key = $1`, [key]);
  }
}
