import { Injectable } from '@nestjs/common';
import { Transactions } from '../database/transactions';

/** The `login_throttles` table's SQL: failure counts per key in a fixed window. */
@Injectable()
export class LoginThrottlesRepository {
  constructor(private readonly db: Transactions) {}

  /** The counts of `keys` whose window (of `windowSeconds`) is still open, with the seconds it has left. */
  async findOpen(keys: string[], windowSeconds: number): Promise<{ key: string; failures: number; retryAfter: number }[]> {
    const rows: { key: string; failures: number; retry_after: number }[] = await this.db.manager.query(
      `SELECT key, failures,
              ceil(extract(epoch FROM window_started_at + make_interval(secs => $2) - now()))::int AS retry_after
         FROM login_throttles
        WHERE key = ANY($1) AND window_started_at > now() - make_interval(secs => $2)`,
      [keys, windowSeconds],
    );
    return rows.map((row) => ({ key: row.key, failures: row.failures, retryAfter: row.retry_after }));
  }

  /** Counts one failure against each key, starting a new window where the last one has closed. */
  async countFailure(keys: string[], windowSeconds: number): Promise<void> {
    await this.db.manager.query(
      `INSERT INTO login_throttles AS t (key, failures, window_started_at)
       SELECT k, 1, now() FROM unnest($1::text[]) AS k
       ON CONFLICT (key) DO UPDATE SET
         failures = CASE WHEN t.window_started_at <= now() - make_interval(secs => $2) THEN 1 ELSE t.failures + 1 END,
         window_started_at = CASE WHEN t.window_started_at <= now() - make_interval(secs => $2) THEN now() ELSE t.window_started_at END`,
      [keys, windowSeconds],
    );
  }

  async clear(key: string): Promise<void> {
    await this.db.manager.query(`DELETE FROM login_throttles WHERE key = $1`, [key]);
  }
}
