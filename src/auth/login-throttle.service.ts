import { Injectable } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { Transactions } from '../database/transactions';
import { DomainError } from '../errors/domain-error';
import { ErrorCode } from '../errors/error-code';
import { CountedAttempt, LoginThrottlesRepository } from './login-throttles.repository';
import { sha256 } from './secrets';

/** A login attempt admitted by the throttle, counted against its e-mail and IP until it is settled. */
export interface AdmittedLogin {
  emailKey: string;
  counted: CountedAttempt[];
}

/**
 * Limits failed logins per email address and per client IP within a fixed window, in PostgreSQL
 * so that every API process counts together. Email addresses are stored only as hashes.
 *
 * An attempt is counted before its password is checked, and refused when the count passes either
 * limit: however many arrive at once, at most the limit's worth of passwords are ever checked. A
 * successful login then takes its attempt back (and clears the address's count); a failed one leaves
 * it counted.
 */
@Injectable()
export class LoginThrottleService {
  constructor(
    private readonly throttles: LoginThrottlesRepository,
    private readonly db: Transactions,
    private readonly config: AppConfig,
  ) {}

  private keys(email: string, ip: string): { email: string; ip: string } {
    return { email: `email:${sha256(email.trim().toLowerCase())}`, ip: `ip:${ip}` };
  }

  /** Counts the attempt; refuses with 429 and Retry-After (counting nothing) when either limit would be passed. */
  async admit(email: string, ip: string): Promise<AdmittedLogin> {
    const keys = this.keys(email, ip);
    const counted = await this.db.run(async () => {
      const counts = await this.throttles.countAttempt([keys.email, keys.ip], this.config.LOGIN_FAILURE_WINDOW_SECONDS);
      for (const count of counts) {
        const limit = count.key === keys.email ? this.config.LOGIN_MAX_FAILURES_PER_EMAIL : this.config.LOGIN_MAX_FAILURES_PER_IP;
        // Throwing rolls the count back: a refused attempt is not counted.
        if (count.attempts > limit) {
          throw new DomainError(ErrorCode.RateLimited, 'Too many failed logins; try again later.', {
            headers: { 'retry-after': String(Math.max(1, count.retryAfter)) },
          });
        }
      }
      return counts;
    });
    return { emailKey: keys.email, counted };
  }

  /** A successful login clears the address's count and takes its attempt back from the IP's (not all of it: one IP may be guessing many addresses). */
  async succeeded(login: AdmittedLogin): Promise<void> {
    await this.throttles.clear(login.emailKey);
    await this.throttles.uncount(login.counted.filter((count) => count.key !== login.emailKey));
  }

  /** An attempt that was neither a success nor a wrong password (the organization must be chosen; a failure of ours) counts nothing. */
  async withdraw(login: AdmittedLogin): Promise<void> {
    await this.throttles.uncount(login.counted);
  }
}
