import { Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { DataSource } from 'typeorm';
import { AuditWriter } from '../audit/audit.writer';
import { AppConfig } from '../config/app-config';
import { Actor } from './actor';
import { ApiKeyRole, StaffRole } from './permissions';
import { sameSecret, sha256 } from './secrets';
import { TokenService, unauthenticated } from './token.service';

/** How often "last seen" stamps are written: at most once a minute per session or key. */
const TOUCH_AFTER_SECONDS = 60;
const API_KEY_FORMAT = /^tp_([0-9a-f]{12})_([A-Za-z0-9_-]{32,128})$/;

/** Establishes the actor of a request from its credential alone: a bearer token or an API key. */
@Injectable()
export class Authenticator {
  constructor(
    private readonly tokens: TokenService,
    private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    private readonly audit: AuditWriter,
  ) {}

  async authenticate(request: FastifyRequest): Promise<Actor> {
    const authorization = request.headers.authorization;
    const apiKey = request.headers['x-api-key'];
    if (typeof authorization === 'string' && authorization.length > 0) {
      const match = /^Bearer ([A-Za-z0-9._~+/=-]+)$/i.exec(authorization.trim());
      if (!match) throw unauthenticated('The Authorization header must be "Bearer <access token>".');
      return this.staff(match[1]);
    }
    if (typeof apiKey === 'string' && apiKey.length > 0) return this.apiKey(apiKey);
    throw unauthenticated();
  }

  private async staff(token: string): Promise<Actor> {
    const claims = this.tokens.verify(token);
    const rows: { role: StaffRole; stale: boolean }[] = await this.dataSource.query(
      `SELECT u.role, s.last_seen_at < now() - make_interval(secs => $5) AS stale
         FROM auth_sessions s
         JOIN staff_users u ON u.organization_id = s.organization_id AND u.id = s.user_id
        WHERE s.organization_id = $1 AND s.id = $2 AND s.user_id = $3
          AND s.revoked_at IS NULL AND s.expires_at > now()
          AND s.last_seen_at > now() - make_interval(secs => $4)
          AND u.deactivated_at IS NULL`,
      [claims.org, claims.sid, claims.sub, this.config.SESSION_IDLE_TIMEOUT_SECONDS, TOUCH_AFTER_SECONDS],
    );
    if (rows.length === 0) throw unauthenticated('The session has ended; log in again.');
    if (rows[0].stale) {
      await this.dataSource.query(`UPDATE auth_sessions SET last_seen_at = now() WHERE organization_id = $1 AND id = $2`, [
        claims.org,
        claims.sid,
      ]);
    }
    // The role is read from the database, so a demotion or deactivation takes effect at once.
    return { kind: 'user', id: claims.sub, organizationId: claims.org, role: rows[0].role, sessionId: claims.sid };
  }

  private async apiKey(presented: string): Promise<Actor> {
    const match = API_KEY_FORMAT.exec(presented.trim());
    if (!match) throw unauthenticated('The API key is invalid.');
    const rows: { id: string; organization_id: string; role: ApiKeyRole; secret_hash: string; revoked: boolean; stale: boolean }[] =
      await this.dataSource.query(
        `SELECT id, organization_id, role, secret_hash, revoked_at IS NOT NULL AS revoked,
                (last_used_at IS NULL OR last_used_at < now() - make_interval(secs => $2)) AS stale
           FROM api_keys WHERE prefix = $1`,
        [match[1], TOUCH_AFTER_SECONDS],
      );
    const key = rows[0];
    if (!key || key.revoked || !sameSecret(key.secret_hash, sha256(match[2]))) {
      this.audit.record({
        organizationId: key?.organization_id ?? null,
        actorType: 'apiKey',
        actorId: key?.id ?? null,
        action: 'authenticateApiKey',
        resourceType: 'api-keys',
        resourceId: key?.id ?? null,
        status: 401,
      });
      throw unauthenticated('The API key is invalid or revoked.');
    }
    if (key.stale) {
      await this.dataSource.query(`UPDATE api_keys SET last_used_at = now() WHERE organization_id = $1 AND id = $2`, [
        key.organization_id,
        key.id,
      ]);
    }
    return { kind: 'apiKey', id: key.id, organizationId: key.organization_id, role: key.role };
  }
}
