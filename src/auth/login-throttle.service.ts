import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { DomainError } from '../errors/domain-error';
import { ErrorCode } from '../errors/error-code';
import { sha256 } from './secrets';

/**
 * Limits failed logins per email address and per client IP within a fixed window, in PostgreSQL
 * so that every API process counts together. Email addresses are stored only as hashes.
 */
@Injectable()
export class LoginThrottleService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly config: AppConfig,
  ) {}

  private keys(email: string, ip: string): { email: string; ip: string } {
    return { email: `email:${sha256(email.trim().toLowerCase())}`, ip: `ip:${ip}` };
  }

  /** Refuses with 429 and Retry-After while either limit is reached. */
  async assertAllowed(email: string, ip: string): Promise<void> {
    const keys = this.keys(email, ip);
    const rows: { key: string; failures: number; retry_after: number }[] = await this.dataSource.query(
      `SELECT key, failures,
              ceil(extract(epoch FROM window_started_at + make_interval(secs => $2) - now()))::int AS retry_after
         FROM login_throttles
        WHERE key = ANY($1) AND window_started_at > now() - make_interval(secs => $2)`,
      [[keys.email, keys.ip], this.config.LOGIN_FAILURE_WINDOW_SECONDS],
    );
    for (const row of rows) {
      const limit = row.key === keys.email ? this.config.LOGIN_MAX_FAILURES_PER_EMAIL : this.config.LOGIN_MAX_FAILURES_PER_IP;
      if (row.failures >= limit) {
        const retryAfter = String(Math.max(1, row.retry_after));
        throw new DomainError(ErrorCode.RateLimited, 'Too many failed logins; try again later.', {
          headers: { 'retry-after': retryAfter },
        });
      }
    }
  }

  async recordFailure(email: string, ip: string): Promise<void> {
    const keys = this.keys(email, ip);
    await this.dataSource.query(
      `INSERT INTO login_throttles AS t (key, failures, window_started_at)
       SELECT k, 1, now() FROM unnest($1::text[]) AS k
       ON CONFLICT (key) DO UPDATE SET
         failures = CASE WHEN t.window_started_at <= now() - make_interval(secs => $2) THEN 1 ELSE t.failures + 1 END,
         window_started_at = CASE WHEN t.window_started_at <= now() - make_interval(secs => $2) THEN now() ELSE t.window_started_at END`,
      [[keys.email, keys.ip], this.config.LOGIN_FAILURE_WINDOW_SECONDS],
    );
  }

  /** A successful login clears the address's count (not the IP's: one IP may be guessing many addresses). */
  async recordSuccess(email: string, ip: string): Promise<void> {
    await this.dataSource.query(`DELETE FROM login_throttles WHERE key = $1`, [this.keys(email, ip).email]);
  }
}
