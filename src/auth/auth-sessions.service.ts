import { Injectable } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { Transactions } from '../database/transactions';
import { OrganizationsRepository } from '../organizations/organizations.repository';
import { StaffRepository } from '../staff/staff.repository';
import { StaffUser } from '../staff/staff-user.entity';
import { AuthSessionsRepository } from './auth-sessions.repository';
import { SessionTokensDto, toSessionTokensDto } from './dto/auth.dto';
import { AuthSession } from './entities/auth-session.entity';
import { randomSecret, sameSecret, sha256 } from './secrets';
import { TokenService } from './token.service';

export type RefreshOutcome<T> =
  | { kind: 'ok'; tokens: T }
  | { kind: 'invalid'; organizationId?: string; holderId?: string }
  | { kind: 'reused'; organizationId: string; holderId: string; sessionId: string };

/** A new token pair of a session, before it is shaped for its answer. */
export interface IssuedTokens {
  accessToken: string;
  expiresIn: number;
  refreshToken: string;
  session: AuthSession;
}

const REFRESH_TOKEN = /^([0-9a-f-]{36})\.([A-Za-z0-9_-]{20,200})$/;

/**
 * Login sessions and their refresh tokens, for staff and for clients in the portal alike: opening,
 * rotating with reuse detection, and revoking. A refresh token rotates only a session of its own
 * kind: a client's refreshes no staff session, and a staff user's no portal session.
 */
@Injectable()
export class AuthSessionsService {
  constructor(
    private readonly db: Transactions,
    private readonly sessions: AuthSessionsRepository,
    private readonly staff: StaffRepository,
    private readonly organizations: OrganizationsRepository,
    private readonly tokens: TokenService,
    private readonly config: AppConfig,
  ) {}

  /** Opens a session for an active user and returns its first token pair. */
  async open(user: StaffUser): Promise<SessionTokensDto> {
    const session = await this.sessions.insert({ organizationId: user.organizationId, userId: user.id, clientId: null, ...this.lifetime() });
    return this.issue(user, session);
  }

  /** Opens a portal session for a client whose access is live, and returns its first token pair. */
  async openPortal(organizationId: string, clientId: string): Promise<IssuedTokens> {
    const session = await this.sessions.insert({ organizationId, userId: null, clientId, ...this.lifetime() });
    return this.issuePortal(session);
  }

  async rotate(presented: string): Promise<RefreshOutcome<SessionTokensDto>> {
    return this.rotateWith(presented, (session) => session.userId, async (session, userId) => {
      const user = await this.staff.find(session.organizationId, userId);
      return user && !user.deactivatedAt ? this.issue(user, session) : undefined;
    });
  }

  /** Rotates a portal session's refresh token while `allowed` says the client still has portal access. */
  async rotatePortal(presented: string, allowed: (organizationId: string, clientId: string) => Promise<boolean>): Promise<RefreshOutcome<IssuedTokens>> {
    return this.rotateWith(presented, (session) => session.clientId, async (session, clientId) =>
      (await allowed(session.organizationId, clientId)) ? this.issuePortal(session) : undefined,
    );
  }

  /**
   * The one rotation: the token is locked, a used one ends its session (reuse), and an unused one of
   * a live session of the right kind is spent for the next pair.
   */
  private async rotateWith<T>(
    presented: string,
    holderOf: (session: AuthSession) => string | null,
    reissue: (session: AuthSession, holderId: string) => Promise<T | undefined>,
  ): Promise<RefreshOutcome<T>> {
    const match = REFRESH_TOKEN.exec(presented.trim());
    if (!match) return { kind: 'invalid' };
    return this.db.run(async (): Promise<RefreshOutcome<T>> => {
      const token = await this.sessions.lockRefreshToken(match[1]);
      if (!token || !sameSecret(token.secretHash, sha256(match[2]))) return { kind: 'invalid' };
      const session = await this.sessions.lockSession(token.organizationId, token.sessionId);
      const holderId = session ? holderOf(session) : null;
      if (!session || !holderId) return { kind: 'invalid' };
      if (token.usedAt) {
        if (!session.revokedAt) await this.sessions.markRevoked(session.organizationId, session.id, 'refresh_reuse', new Date());
        return { kind: 'reused', organizationId: session.organizationId, holderId, sessionId: session.id };
      }
      const invalid = { kind: 'invalid', organizationId: session.organizationId, holderId } as const;
      if (!this.isLive(session)) return invalid;
      await this.sessions.markRefreshTokenUsed(token.organizationId, token.id, new Date());
      await this.sessions.markSeen(session.organizationId, session.id, new Date());
      const tokens = await reissue(session, holderId);
      if (tokens === undefined) throw new RotationRefused(invalid);
      return { kind: 'ok', tokens };
    }).catch((error: unknown) => {
      // The holder may no longer sign in: the token is not spent (the transaction rolled back).
      if (error instanceof RotationRefused) return error.outcome;
      throw error;
    });
  }

  async revoke(organizationId: string, sessionId: string, reason: 'logout' | 'deactivated'): Promise<void> {
    await this.sessions.revoke(organizationId, sessionId, reason);
  }

  /** Ends every open session of a user (deactivation). */
  async revokeAllOf(organizationId: string, userId: string): Promise<void> {
    await this.sessions.revokeAllOf(organizationId, userId);
  }

  /** Ends every open portal session of a client (their portal access was revoked). */
  async revokeAllOfClient(organizationId: string, clientId: string): Promise<void> {
    await this.sessions.revokeAllOfClient(organizationId, clientId);
  }

  private lifetime(): { lastSeenAt: Date; expiresAt: Date } {
    return { lastSeenAt: new Date(), expiresAt: new Date(Date.now() + this.config.SESSION_ABSOLUTE_TIMEOUT_SECONDS * 1000) };
  }

  /** Not revoked, not past its absolute end, and not idle too long. */
  private isLive(session: AuthSession): boolean {
    const idleLimit = Date.now() - this.config.SESSION_IDLE_TIMEOUT_SECONDS * 1000;
    return !session.revokedAt && session.expiresAt.getTime() > Date.now() && session.lastSeenAt.getTime() > idleLimit;
  }

  private async newRefreshToken(session: AuthSession): Promise<string> {
    const secret = randomSecret(32);
    const refresh = await this.sessions.insertRefreshToken({ organizationId: session.organizationId, sessionId: session.id, secretHash: sha256(secret) });
    return `${refresh.id}.${secret}`;
  }

  private async issuePortal(session: AuthSession): Promise<IssuedTokens> {
    return {
      accessToken: this.tokens.signPortal({ sub: session.clientId!, org: session.organizationId, sid: session.id }),
      expiresIn: this.tokens.accessTokenTtlSeconds,
      refreshToken: await this.newRefreshToken(session),
      session,
    };
  }

  private async issue(user: StaffUser, session: AuthSession): Promise<SessionTokensDto> {
    const refreshToken = await this.newRefreshToken(session);
    const organization = await this.organizations.findOrFail(user.organizationId);
    return toSessionTokensDto({
      accessToken: this.tokens.sign({ sub: user.id, org: user.organizationId, role: user.role, sid: session.id }),
      expiresIn: this.tokens.accessTokenTtlSeconds,
      refreshToken,
      session,
      user,
      organization,
    });
  }
}

/** Rolls a rotation back when its holder may no longer sign in. */
class RotationRefused extends Error {
  constructor(readonly outcome: RefreshOutcome<never>) {
    super('refresh refused');
  }
}
