import { Injectable } from '@nestjs/common';
import { AuditWriter } from '../audit/audit.writer';
import { AppConfig } from '../config/app-config';
import { RequestContext } from '../context/request-context';
import { Transactions } from '../database/transactions';
import { DomainError } from '../errors/domain-error';
import { ErrorCode } from '../errors/error-code';
import { OrganizationsRepository } from '../organizations/organizations.repository';
import { SsoRepository } from '../sso/sso.repository';
import { StaffDirectory } from '../staff/staff-directory';
import { StaffRepository } from '../staff/staff.repository';
import { StaffUser } from '../staff/staff-user.entity';
import { Actor } from './actor';
import { CredentialRefusals } from './credential-refusals';
import { AuthSessionsService } from './auth-sessions.service';
import { LoginDto, SessionTokensDto, SignupDto } from './dto/auth.dto';
import { AdmittedLogin, LoginThrottleService } from './login-throttle.service';
import { hashPassword, verifyPassword, verifyNothing } from './passwords';
import { unauthenticated } from './token.service';

/** How many accounts sharing one email a login will try before asking for the organization. */
const MAX_ACCOUNTS_PER_EMAIL = 5;

/** An e-mail and password that opened one active account, its attempt still counted until the session opens. */
export interface CheckedLogin {
  user: StaffUser;
  admitted: AdmittedLogin;
}

const invalidCredentials = () =>
  new DomainError(ErrorCode.InvalidCredentials, 'The email or password is incorrect.', {
    headers: { 'www-authenticate': 'Bearer' },
  });

@Injectable()
export class AuthService {
  constructor(
    private readonly db: Transactions,
    private readonly organizations: OrganizationsRepository,
    private readonly staff: StaffRepository,
    private readonly config: AppConfig,
    private readonly sessions: AuthSessionsService,
    private readonly throttle: LoginThrottleService,
    private readonly audit: AuditWriter,
    private readonly directory: StaffDirectory,
    private readonly context: RequestContext,
    private readonly refusals: CredentialRefusals,
    private readonly sso: SsoRepository,
  ) {}

  /** The address failed logins are counted against. */
  private clientIp(): string {
    return this.context.origin?.ip ?? 'unknown';
  }

  /** Creates an organization with its first owner and logs the owner in. */
  async signup(dto: SignupDto): Promise<SessionTokensDto> {
    if (!this.config.SIGNUP_ENABLED) {
      throw new DomainError(ErrorCode.SignupDisabled, 'This installation does not accept new organizations.');
    }
    const passwordHash = await hashPassword(dto.password);
    const email = dto.email.toLowerCase();
    const tokens = await this.db.run(async () => {
      // One person signs up once: a second organization for the same email would leave its logins
      // ambiguous. Staff of several organizations are added by those organizations' owners.
      await this.staff.lockEmail(email);
      if (await this.staff.activeWithEmail(email)) {
        throw new DomainError(
          ErrorCode.EmailTaken,
          'This email already signs in to TrustPath here. Log in with it, or sign up with another email; an owner can add you to another organization as staff.',
        );
      }
      const organization = await this.organizations.insert(dto.organizationName, dto.timeZone ?? 'UTC');
      const owner = await this.directory.insert({
        organizationId: organization.id,
        email: dto.email,
        displayName: dto.displayName,
        role: 'owner',
        passwordHash,
      });
      return this.sessions.open(owner);
    });
    this.record(tokens.organization.id, tokens.user.id, 'signup', 201);
    return tokens;
  }

  /**
   * The account an e-mail and password open (the password strategy's check). The attempt is counted
   * against the e-mail and the client IP before any password is looked at, and refused (429) past
   * either limit; a wrong password stays counted, anything else but success is taken back.
   */
  async checkLogin(dto: LoginDto): Promise<CheckedLogin> {
    const email = dto.email.toLowerCase();
    const admitted = await this.throttle.admit(email, this.clientIp()).catch(async (error: unknown) => {
      if (error instanceof DomainError && error.code === ErrorCode.RateLimited) {
        // Named like a wrong password's event: the one account the address names, so its organization sees the guessing.
        const candidates = await this.staff.findByEmailWithPassword(email, dto.organizationId, 2);
        this.refusals.throttledLogin(candidates.length === 1 ? candidates[0] : undefined);
      }
      throw error;
    });
    try {
      return { user: await this.checkPassword(email, dto), admitted };
    } catch (error) {
      if (!(error instanceof DomainError && error.code === ErrorCode.InvalidCredentials)) await this.throttle.withdraw(admitted);
      throw error;
    }
  }

  /** Opens the session of a checked login: its attempt is taken back, and the e-mail's count cleared. */
  async startSession({ user, admitted }: CheckedLogin): Promise<SessionTokensDto> {
    await this.throttle.succeeded(admitted);
    const tokens = await this.db.run(async () => {
      await this.staff.recordLogin(user.organizationId, user.id);
      return this.sessions.open(user);
    });
    this.record(user.organizationId, user.id, 'login', 200);
    return tokens;
  }

  /** The one active account the email and password open; checks at most MAX_ACCOUNTS_PER_EMAIL hashes. */
  private async checkPassword(email: string, dto: LoginDto): Promise<StaffUser> {
    const candidates = await this.staff.findByEmailWithPassword(email, dto.organizationId, MAX_ACCOUNTS_PER_EMAIL);

    const matches: StaffUser[] = [];
    for (const user of candidates) {
      if (await verifyPassword(user.passwordHash, dto.password)) matches.push(user);
    }
    if (candidates.length === 0) await verifyNothing(dto.password);

    const active = matches.filter((user) => user.deactivatedAt === null);
    if (active.length === 1) {
      // Told only to someone who knows the password, so it reveals nothing about the address.
      if (await this.sso.refusesPasswordOf(active[0].organizationId, active[0].id)) {
        this.record(active[0].organizationId, active[0].id, 'login', 403);
        throw new DomainError(ErrorCode.SsoRequired, 'Your organization signs its staff in with single sign-on: use your work account.');
      }
      return active[0];
    }
    if (active.length > 1) {
      // Only someone who knows the password learns which organizations it opens.
      const organizations = await this.organizations.names(active.map((user) => user.organizationId));
      this.record(null, null, 'login', 409);
      throw new DomainError(
        ErrorCode.OrganizationChoiceRequired,
        `This email and password open ${organizations.length} organizations: log in again with the organizationId of one of them.`,
        { extensions: { organizations } },
      );
    }
    const known = candidates.length === 1 ? candidates[0] : undefined;
    this.record(known?.organizationId ?? null, known?.id ?? null, 'login', 401);
    throw invalidCredentials();
  }

  async refresh(refreshToken: string): Promise<SessionTokensDto> {
    const outcome = await this.sessions.rotate(refreshToken);
    if (outcome.kind === 'ok') {
      this.record(outcome.tokens.organization.id, outcome.tokens.user.id, 'refresh', 200);
      return outcome.tokens;
    }
    if (outcome.kind === 'reused') {
      this.record(outcome.organizationId, outcome.holderId, 'refreshReuseDetected', 401);
      throw unauthenticated('This refresh token was already used; the session has been ended. Log in again.');
    }
    this.record(outcome.organizationId ?? null, outcome.holderId ?? null, 'refresh', 401);
    throw unauthenticated('The refresh token is invalid or its session has ended.');
  }

  async logout(actor: Actor): Promise<void> {
    if (actor.kind !== 'user' || !actor.sessionId) {
      throw new DomainError(ErrorCode.Forbidden, 'Only a staff session can be logged out.');
    }
    // The audit trail records this request like every authenticated one.
    await this.sessions.revoke(actor.organizationId, actor.sessionId, 'logout');
  }

  private record(organizationId: string | null, userId: string | null, action: string, status: number) {
    this.audit.record({
      organizationId,
      actorType: userId ? 'user' : 'anonymous',
      actorId: userId,
      action,
      resourceType: 'auth',
      resourceId: null,
      status,
    });
  }
}
