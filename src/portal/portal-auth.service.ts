import { Injectable } from '@nestjs/common';
import { AuditWriter } from '../audit/audit.writer';
import { ClientActor } from '../auth/actor';
import { AuthSessionsService, IssuedTokens } from '../auth/auth-sessions.service';
import { LoginThrottleService } from '../auth/login-throttle.service';
import { hashPassword, verifyNothing, verifyPassword } from '../auth/passwords';
import { sha256 } from '../auth/secrets';
import { unauthenticated } from '../auth/token.service';
import { ClientsRepository } from '../clients/clients.repository';
import { displayName } from '../clients/display-name';
import { RequestContext } from '../context/request-context';
import { Transactions } from '../database/transactions';
import { DomainError } from '../errors/domain-error';
import { ErrorCode } from '../errors/error-code';
import { OrganizationsRepository } from '../organizations/organizations.repository';
import { AcceptInvitationDto, PortalLoginDto, PortalSessionDto } from './dto/portal-auth.dto';
import { PortalAccount } from './entities/portal-account.entity';
import { PortalAccountsRepository } from './portal-accounts.repository';
import { AdmittedLogin } from '../auth/login-throttle.service';

/** How many portal accounts sharing one address a login will try before asking for the organization. */
const MAX_ACCOUNTS_PER_EMAIL = 5;

/** Portal attempts are counted apart from staff logins of the same address (the client IP's count is shared). */
const throttleKey = (email: string) => `portal:${email}`;

/** An address and passphrase that opened one live portal account, its attempt still counted until the session opens. */
export interface CheckedPortalLogin {
  account: PortalAccount;
  admitted: AdmittedLogin;
}

const invalidCredentials = () =>
  new DomainError(ErrorCode.InvalidCredentials, 'The email or passphrase is incorrect.', { headers: { 'www-authenticate': 'Bearer' } });

const notUsable = () => new DomainError(ErrorCode.InvitationNotUsable, 'This invitation cannot be used: it is unknown, already accepted, replaced or expired. Ask your practice for a new one.');

/**
 * A client's sign-in to the portal, with the staff sign-in's guarantees and code: sessions and
 * refresh-token rotation with reuse detection (AuthSessionsService), idle and absolute limits,
 * failed-login limits (LoginThrottleService), argon2id passphrases.
 */
@Injectable()
export class PortalAuthService {
  constructor(
    private readonly db: Transactions,
    private readonly accounts: PortalAccountsRepository,
    private readonly clients: ClientsRepository,
    private readonly organizations: OrganizationsRepository,
    private readonly sessions: AuthSessionsService,
    private readonly throttle: LoginThrottleService,
    private readonly audit: AuditWriter,
    private readonly context: RequestContext,
  ) {}

  /** Spends an invitation: the client's account opens (again) with the passphrase, and a session with it. */
  async accept(dto: AcceptInvitationDto): Promise<PortalSessionDto> {
    const passwordHash = await hashPassword(dto.passphrase);
    const outcome = await this.db
      .run(async () => {
        const invitation = await this.accounts.lockInvitationByHash(sha256(dto.token.trim()));
        if (!invitation) throw notUsable();
        const refuse = () => {
          this.record(invitation.organizationId, null, 'portalAccept', 400, invitation.clientId);
          return notUsable();
        };
        if (invitation.acceptedAt || invitation.withdrawnAt || invitation.expiresAt.getTime() <= Date.now()) throw refuse();
        const client = await this.clients.findState(invitation.organizationId, invitation.clientId);
        if (!client || client.archivedAt) throw refuse();
        if (await this.accounts.emailTakenByAnother(invitation.organizationId, invitation.email, invitation.clientId)) {
          throw new DomainError(ErrorCode.PortalEmailTaken, 'Another client of this practice signs in with this e-mail address; ask your practice.');
        }
        const now = new Date();
        const account = await this.accounts.grant({
          organizationId: invitation.organizationId,
          clientId: invitation.clientId,
          email: invitation.email,
          passwordHash,
          grantedAt: now,
        });
        await this.accounts.markAccepted(invitation.organizationId, invitation.id, now);
        // A new passphrase ends whatever portal sessions an earlier access left open.
        await this.sessions.revokeAllOfClient(account.organizationId, account.clientId);
        await this.accounts.recordLogin(account.organizationId, account.id);
        return { account, tokens: await this.sessions.openPortal(account.organizationId, account.clientId) };
      });
    this.record(outcome.account.organizationId, outcome.account.clientId, 'portalAccept', 201);
    return this.toSession(outcome.tokens);
  }

  /**
   * The account an address and passphrase open (the portal password strategy's check), counted and
   * throttled before any passphrase is looked at, as staff logins are.
   */
  async checkLogin(dto: PortalLoginDto): Promise<CheckedPortalLogin> {
    const email = dto.email.toLowerCase();
    const admitted = await this.throttle.admit(throttleKey(email), this.context.origin?.ip ?? 'unknown').catch((error: unknown) => {
      if (error instanceof DomainError && error.code === ErrorCode.RateLimited) this.record(null, null, 'portalLogin', 429);
      throw error;
    });
    try {
      return { account: await this.checkPassphrase(email, dto), admitted };
    } catch (error) {
      if (!(error instanceof DomainError && error.code === ErrorCode.InvalidCredentials)) await this.throttle.withdraw(admitted);
      throw error;
    }
  }

  async startSession({ account, admitted }: CheckedPortalLogin): Promise<PortalSessionDto> {
    await this.throttle.succeeded(admitted);
    const tokens = await this.db.run(async () => {
      await this.accounts.recordLogin(account.organizationId, account.id);
      return this.sessions.openPortal(account.organizationId, account.clientId);
    });
    this.record(account.organizationId, account.clientId, 'portalLogin', 200);
    return this.toSession(tokens);
  }

  async refresh(refreshToken: string): Promise<PortalSessionDto> {
    const outcome = await this.sessions.rotatePortal(refreshToken, (organizationId, clientId) => this.accounts.isLive(organizationId, clientId));
    if (outcome.kind === 'ok') {
      this.record(outcome.tokens.session.organizationId, outcome.tokens.session.clientId, 'portalRefresh', 200);
      return this.toSession(outcome.tokens);
    }
    if (outcome.kind === 'reused') {
      this.record(outcome.organizationId, outcome.holderId, 'portalRefreshReuseDetected', 401);
      throw unauthenticated('This refresh token was already used; the session has been ended. Sign in again.');
    }
    this.record(outcome.organizationId ?? null, outcome.holderId ?? null, 'portalRefresh', 401);
    throw unauthenticated('The refresh token is invalid or its session has ended.');
  }

  async logout(client: ClientActor): Promise<void> {
    await this.sessions.revoke(client.organizationId, client.sessionId, 'logout');
  }

  private async checkPassphrase(email: string, dto: PortalLoginDto): Promise<PortalAccount> {
    const candidates = await this.accounts.findLiveByEmail(email, dto.organizationId, MAX_ACCOUNTS_PER_EMAIL);
    const matches: PortalAccount[] = [];
    for (const account of candidates) {
      if (await verifyPassword(account.passwordHash, dto.passphrase)) matches.push(account);
    }
    if (candidates.length === 0) await verifyNothing(dto.passphrase);
    const live: PortalAccount[] = [];
    for (const account of matches) if (await this.accounts.isLive(account.organizationId, account.clientId)) live.push(account);
    if (live.length === 1) return live[0];
    if (live.length > 1) {
      // Only someone who knows the passphrase learns which practices it opens.
      const organizations = await this.organizations.names(live.map((account) => account.organizationId));
      throw new DomainError(
        ErrorCode.OrganizationChoiceRequired,
        `This email and passphrase open the portal of ${organizations.length} practices: sign in again with the organizationId of one of them.`,
        { extensions: { organizations } },
      );
    }
    const known = candidates.length === 1 ? candidates[0] : undefined;
    this.record(known?.organizationId ?? null, known?.clientId ?? null, 'portalLogin', 401);
    throw invalidCredentials();
  }

  private async toSession(tokens: IssuedTokens): Promise<PortalSessionDto> {
    const { organizationId, clientId } = tokens.session;
    const client = await this.clients.findById(organizationId, clientId!);
    const organization = await this.organizations.findOrFail(organizationId);
    return {
      accessToken: tokens.accessToken,
      tokenType: 'Bearer',
      expiresIn: tokens.expiresIn,
      refreshToken: tokens.refreshToken,
      sessionExpiresAt: tokens.session.expiresAt,
      client: { id: clientId!, displayName: client ? displayName(client) : '' },
      practice: { id: organization.id, name: organization.name },
    };
  }

  /** Portal sign-in events: the client as the actor once known, never the address or passphrase. */
  private record(organizationId: string | null, clientId: string | null, action: string, status: number, resourceId: string | null = null): void {
    this.audit.record({
      organizationId,
      actorType: clientId && !resourceId ? 'client' : 'anonymous',
      actorId: resourceId ? null : clientId,
      action,
      resourceType: 'portal-auth',
      resourceId,
      status,
    });
  }
}
