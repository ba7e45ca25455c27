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

type RefreshOutcome =
  | { kind: 'ok'; tokens: SessionTokensDto }
  | { kind: 'invalid'; organizationId?: string; userId?: string }
  | { kind: 'reused'; organizationId: string; userId: string; sessionId: string };

const REFRESH_TOKEN = /^([0-9a-f-]{36})\.([A-Za-z0-9_-]{20,200})$/;

/** Login sessions and their refresh tokens: opening, rotating with reuse detection, and revoking. */
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
    const session = await this.sessions.insert({
      organizationId: user.organizationId,
      userId: user.id,
      lastSeenAt: new Date(),
      expiresAt: new Date(Date.now() + this.config.SESSION_ABSOLUTE_TIMEOUT_SECONDS * 1000),
    });
    return this.issue(user, session);
  }

  async rotate(presented: string): Promise<RefreshOutcome> {
    const match = REFRESH_TOKEN.exec(presented.trim());
    if (!match) return { kind: 'invalid' };
    return this.db.run(async () => {
      const token = await this.sessions.lockRefreshToken(match[1]);
      if (!token || !sameSecret(token.secretHash, sha256(match[2]))) return { kind: 'invalid' } as const;
      const session = await this.sessions.lockSession(token.organizationId, token.sessionId);
      if (!session) return { kind: 'invalid' } as const;
      if (token.usedAt) {
        if (!session.revokedAt) await this.sessions.markRevoked(session.organizationId, session.id, 'refresh_reuse', new Date());
        return { kind: 'reused', organizationId: session.organizationId, userId: session.userId, sessionId: session.id } as const;
      }
      const user = await this.staff.find(session.organizationId, session.userId);
      if (!user || user.deactivatedAt || !this.isLive(session)) {
        return { kind: 'invalid', organizationId: session.organizationId, userId: session.userId } as const;
      }
      await this.sessions.markRefreshTokenUsed(token.organizationId, token.id, new Date());
      await this.sessions.markSeen(session.organizationId, session.id, new Date());
      return { kind: 'ok', tokens: await this.issue(user, session) } as const;
    });
  }

  async revoke(organizationId: string, sessionId: string, reason: 'logout' | 'deactivated'): Promise<void> {
    await this.sessions.revoke(organizationId, sessionId, reason);
  }

  /** Ends every open session of a user (deactivation). */
  async revokeAllOf(organizationId: string, userId: string): Promise<void> {
    await this.sessions.revokeAllOf(organizationId, userId);
  }

  /** Not revoked, not past its absolute end, and not idle too long. */
  private isLive(session: AuthSession): boolean {
    const idleLimit = Date.now() - this.config.SESSION_IDLE_TIMEOUT_SECONDS * 1000;
    return !session.revokedAt && session.expiresAt.getTime() > Date.now() && session.lastSeenAt.getTime() > idleLimit;
  }

  private async issue(user: StaffUser, session: AuthSession): Promise<SessionTokensDto> {
    const secret = randomSecret(32);
    const refresh = await this.sessions.insertRefreshToken({
      organizationId: user.organizationId,
      sessionId: session.id,
      secretHash: sha256(secret),
    });
    const organization = await this.organizations.findOrFail(user.organizationId);
    return toSessionTokensDto({
      accessToken: this.tokens.sign({ sub: user.id, org: user.organizationId, role: user.role, sid: session.id }),
      expiresIn: this.tokens.accessTokenTtlSeconds,
      refreshToken: `${refresh.id}.${secret}`,
      session,
      user,
      organization,
    });
  }
}
