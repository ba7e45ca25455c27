import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { toOrganizationDto } from '../organizations/dto/organization.dto';
import { Organization } from '../organizations/organization.entity';
import { toStaffUserDto } from '../staff/dto/staff.dto';
import { StaffUser } from '../staff/staff-user.entity';
import { SessionTokensDto } from './dto/auth.dto';
import { AuthSession } from './entities/auth-session.entity';
import { RefreshToken } from './entities/refresh-token.entity';
import { randomSecret, sameSecret, sha256 } from './secrets';
import { TokenService } from './token.service';
import { Transactions } from '../database/transactions';

type RefreshOutcome =
  | { kind: 'ok'; tokens: SessionTokensDto }
  | { kind: 'invalid'; organizationId?: string; userId?: string }
  | { kind: 'reused'; organizationId: string; userId: string; sessionId: string };

/** Login sessions and their refresh tokens: opening, rotating with reuse detection, and revoking. */
@Injectable()
export class AuthSessionsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly db: Transactions,
    private readonly tokens: TokenService,
    private readonly config: AppConfig,
  ) {}

  /** Opens a session for an active user and returns its first token pair. */
  async open(user: StaffUser): Promise<SessionTokensDto> {
    const manager = this.db.manager;
    const session = await manager.save(
      manager.create(AuthSession, {
        organizationId: user.organizationId,
        userId: user.id,
        lastSeenAt: new Date(),
        expiresAt: new Date(Date.now() + this.config.SESSION_ABSOLUTE_TIMEOUT_SECONDS * 1000),
        revokedAt: null,
        revokedReason: null,
      }),
    );
    return this.issue(manager, user, session);
  }

  async rotate(presented: string): Promise<RefreshOutcome> {
    const match = /^([0-9a-f-]{36})\.([A-Za-z0-9_-]{20,200})$/.exec(presented.trim());
    if (!match) return { kind: 'invalid' };
    return this.db.run(async () => {
      const manager = this.db.manager;
      const token = await manager.findOne(RefreshToken, { where: { id: match[1] }, lock: { mode: 'pessimistic_write' } });
      if (!token || !sameSecret(token.secretHash, sha256(match[2]))) return { kind: 'invalid' } as const;
      const session = await manager.findOne(AuthSession, {
        where: { organizationId: token.organizationId, id: token.sessionId },
        lock: { mode: 'pessimistic_write' },
      });
      if (!session) return { kind: 'invalid' } as const;
      if (token.usedAt) {
        await this.revokeWith(manager, session, 'refresh_reuse');
        return { kind: 'reused', organizationId: session.organizationId, userId: session.userId, sessionId: session.id } as const;
      }
      const idleLimit = Date.now() - this.config.SESSION_IDLE_TIMEOUT_SECONDS * 1000;
      const user = await manager.findOne(StaffUser, { where: { organizationId: session.organizationId, id: session.userId } });
      if (
        session.revokedAt ||
        session.expiresAt.getTime() <= Date.now() ||
        session.lastSeenAt.getTime() <= idleLimit ||
        !user ||
        user.deactivatedAt
      ) {
        return { kind: 'invalid', organizationId: session.organizationId, userId: session.userId } as const;
      }
      await manager.update(RefreshToken, { organizationId: token.organizationId, id: token.id }, { usedAt: new Date() });
      await manager.update(AuthSession, { organizationId: session.organizationId, id: session.id }, { lastSeenAt: new Date() });
      return { kind: 'ok', tokens: await this.issue(manager, user, session) } as const;
    });
  }

  async revoke(organizationId: string, sessionId: string, reason: 'logout' | 'deactivated'): Promise<void> {
    await this.dataSource.query(
      `UPDATE auth_sessions SET revoked_at = now(), revoked_reason = $3, updated_at = now(), version = version + 1
        WHERE organization_id = $1 AND id = $2 AND revoked_at IS NULL`,
      [organizationId, sessionId, reason],
    );
  }

  /** Ends every open session of a user (deactivation). */
  async revokeAllOf(organizationId: string, userId: string): Promise<void> {
    const manager = this.db.manager;
    await manager.query(
      `UPDATE auth_sessions SET revoked_at = now(), revoked_reason = 'deactivated', updated_at = now(), version = version + 1
        WHERE organization_id = $1 AND user_id = $2 AND revoked_at IS NULL`,
      [organizationId, userId],
    );
  }

  private async revokeWith(manager: EntityManager, session: AuthSession, reason: 'refresh_reuse'): Promise<void> {
    if (session.revokedAt) return;
    await manager.update(
      AuthSession,
      { organizationId: session.organizationId, id: session.id },
      { revokedAt: new Date(), revokedReason: reason },
    );
  }

  private async issue(manager: EntityManager, user: StaffUser, session: AuthSession): Promise<SessionTokensDto> {
    const secret = randomSecret(32);
    const refresh = await manager.save(
      manager.create(RefreshToken, {
        organizationId: user.organizationId,
        sessionId: session.id,
        secretHash: sha256(secret),
        usedAt: null,
      }),
    );
    const organization = await manager.findOneByOrFail(Organization, { id: user.organizationId });
    return {
      accessToken: this.tokens.sign({ sub: user.id, org: user.organizationId, role: user.role, sid: session.id }),
      tokenType: 'Bearer',
      expiresIn: this.tokens.accessTokenTtlSeconds,
      refreshToken: `${refresh.id}.${secret}`,
      sessionExpiresAt: session.expiresAt,
      user: toStaffUserDto(user),
      organization: toOrganizationDto(organization),
    };
  }
}
