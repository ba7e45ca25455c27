import { Injectable } from '@nestjs/common';
import { Transactions } from '../database/transactions';
import { portalSql } from '../portal/portal-accounts.repository';
import { staffSql } from '../staff/staff.repository';
import { AuthSession } from './entities/auth-session.entity';
import { RefreshToken } from './entities/refresh-token.entity';
import { StaffRole } from './permissions';

/** The `auth_sessions` and `refresh_tokens` tables' SQL. */
@Injectable()
export class AuthSessionsRepository {
  constructor(private readonly db: Transactions) {}

  /**
   * The user's current role if the session is open, not idle for `idleSeconds`, and its user active;
   * `stale` when it was last seen more than `touchAfterSeconds` ago. One statement: it runs on every request.
   */
  async findLive(
    session: { organizationId: string; id: string; userId: string },
    idleSeconds: number,
    touchAfterSeconds: number,
  ): Promise<{ role: StaffRole; stale: boolean } | undefined> {
    const [row]: { role: StaffRole; stale: boolean }[] = await this.db.manager.query(
      `SELECT u.role, s.last_seen_at < now() - make_interval(secs => $5) AS stale
         FROM auth_sessions s
         JOIN LATERAL (${staffSql.activeRole('s.organization_id', 's.user_id')}) AS u ON true
        WHERE s.organization_id = $1 AND s.id = $2 AND s.user_id = $3
          AND s.revoked_at IS NULL AND s.expires_at > now()
          AND s.last_seen_at > now() - make_interval(secs => $4)`,
      [session.organizationId, session.id, session.userId, idleSeconds, touchAfterSeconds],
    );
    return row;
  }

  /**
   * Whether a client's portal session is open, not idle for `idleSeconds`, and their portal access
   * still live; `stale` as for staff. One statement: it runs on every portal request.
   */
  async findLiveClient(
    session: { organizationId: string; id: string; clientId: string },
    idleSeconds: number,
    touchAfterSeconds: number,
  ): Promise<{ stale: boolean } | undefined> {
    const [row]: { stale: boolean }[] = await this.db.manager.query(
      `SELECT s.last_seen_at < now() - make_interval(secs => $5) AS stale
         FROM auth_sessions s
        WHERE s.organization_id = $1 AND s.id = $2 AND s.client_id = $3
          AND s.revoked_at IS NULL AND s.expires_at > now()
          AND s.last_seen_at > now() - make_interval(secs => $4)
          AND EXISTS (${portalSql.liveAccount('s.organization_id', 's.client_id')})`,
      [session.organizationId, session.id, session.clientId, idleSeconds, touchAfterSeconds],
    );
    return row;
  }

  /** Stamps the session as seen now (the database's clock). */
  async touch(organizationId: string, id: string): Promise<void> {
    await this.db.manager.query(`UPDATE auth_sessions SET last_seen_at = now() WHERE organization_id = $1 AND id = $2`, [organizationId, id]);
  }

  insert(session: Pick<AuthSession, 'organizationId' | 'userId' | 'clientId' | 'lastSeenAt' | 'expiresAt'>): Promise<AuthSession> {
    const manager = this.db.manager;
    return manager.save(manager.create(AuthSession, { ...session, revokedAt: null, revokedReason: null }));
  }

  lockSession(organizationId: string, id: string): Promise<AuthSession | null> {
    return this.db.manager.findOne(AuthSession, { where: { organizationId, id }, lock: { mode: 'pessimistic_write' } });
  }

  async markSeen(organizationId: string, id: string, at: Date): Promise<void> {
    await this.db.manager.update(AuthSession, { organizationId, id }, { lastSeenAt: at });
  }

  async markRevoked(organizationId: string, id: string, reason: 'refresh_reuse', at: Date): Promise<void> {
    await this.db.manager.update(AuthSession, { organizationId, id }, { revokedAt: at, revokedReason: reason });
  }

  /** Ends one session unless it has already ended. */
  async revoke(organizationId: string, id: string, reason: 'logout' | 'deactivated'): Promise<void> {
    await this.db.manager.query(
      `UPDATE auth_sessions SET revoked_at = now(), revoked_reason = $3, updated_at = now(), version = version + 1
        WHERE organization_id = $1 AND id = $2 AND revoked_at IS NULL`,
      [organizationId, id, reason],
    );
  }

  /** Ends every open session of a user. */
  async revokeAllOf(organizationId: string, userId: string): Promise<void> {
    await this.db.manager.query(
      `UPDATE auth_sessions SET revoked_at = now(), revoked_reason = 'deactivated', updated_at = now(), version = version + 1
        WHERE organization_id = $1 AND user_id = $2 AND revoked_at IS NULL`,
      [organizationId, userId],
    );
  }

  /** Ends every open portal session of a client. */
  async revokeAllOfClient(organizationId: string, clientId: string): Promise<void> {
    await this.db.manager.query(
      `UPDATE auth_sessions SET revoked_at = now(), revoked_reason = 'portal_revoked', updated_at = now(), version = version + 1
        WHERE organization_id = $1 AND client_id = $2 AND revoked_at IS NULL`,
      [organizationId, clientId],
    );
  }

  insertRefreshToken(token: Pick<RefreshToken, 'organizationId' | 'sessionId' | 'secretHash'>): Promise<RefreshToken> {
    const manager = this.db.manager;
    return manager.save(manager.create(RefreshToken, { ...token, usedAt: null }));
  }

  lockRefreshToken(id: string): Promise<RefreshToken | null> {
    return this.db.manager.findOne(RefreshToken, { where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  async markRefreshTokenUsed(organizationId: string, id: string, at: Date): Promise<void> {
    await this.db.manager.update(RefreshToken, { organizationId, id }, { usedAt: at });
  }
}
