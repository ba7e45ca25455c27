import { Injectable } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { DomainError } from '../errors/domain-error';
import { ErrorCode } from '../errors/error-code';
import { LoginThrottlesRepository } from './login-throttles.repository';
import { sha256 } from './secrets';

/**
 * Limits failed logins per email address and per client IP within a fixed window, in PostgreSQL
 * so that every API process counts together. Email addresses are stored only as hashes.
 */
@Injectable()
export class LoginThrottleService {
  constructor(
    private readonly throttles: LoginThrottlesRepository,
    private readonly config: AppConfig,
  ) {}

  private keys(email: string, ip: string): { email: string; ip: string } {
    return { email: `email:${sha256(email.trim().toLowerCase())}`, ip: `ip:${ip}` };
  }

  /** Refuses with 429 and Retry-After while either limit is reached. */
  async assertAllowed(email: string, ip: string): Promise<void> {
    const keys = this.keys(email, ip);
    const counts = await this.throttles.findOpen([keys.email, keys.ip], this.config.LOGIN_FAILURE_WINDOW_SECONDS);
    for (const count of counts) {
      const limit = count.key === keys.email ? this.config.LOGIN_MAX_FAILURES_PER_EMAIL : this.config.LOGIN_MAX_FAILURES_PER_IP;
      if (count.failures >= limit) {
        const retryAfter = String(Math.max(1, count.retryAfter));
        throw new DomainError(ErrorCode.RateLimited, 'Too many failed logins; try again later.', {
          headers: { 'retry-after': retryAfter },
        });
      }
    }
  }

  async recordFailure(email: string, ip: string): Promise<void> {
    const keys = this.keys(email, ip);
    await this.throttles.countFailure([keys.email, keys.ip], this.config.LOGIN_FAILURE_WINDOW_SECONDS);
  }

  /** A successful login clears the address's count (not the IP's: one IP may be guessing many addresses). */
  async recordSuccess(email: string, ip: string): Promise<void> {
    await this.throttles.clear(this.keys(email, ip).email);
  }
}
