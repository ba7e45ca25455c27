import { Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { ApiKeysRepository } from '../api-keys/api-keys.repository';
import { AppConfig } from '../config/app-config';
import { Actor, ClientActor } from './actor';
import { CredentialRefusals } from './credential-refusals';
import { AuthSessionsRepository } from './auth-sessions.repository';
import { sameSecret, sha256 } from './secrets';
import { TokenService, unauthenticated } from './token.service';

/** How often "last seen" stamps are written: at most once a minute per session or key. */
const TOUCH_AFTER_SECONDS = 60;
const API_KEY_FORMAT = /^tp_([0-9a-f]{12})_([A-Za-z0-9_-]{32,128})$/;

/**
 * Establishes the actor of a request from its credential alone: a bearer token or an API key. Each
 * check is a Passport strategy's (strategies/); `authenticate` picks between them as the
 * CredentialsGuard's chain does, for callers without a guard.
 */
@Injectable()
export class Authenticator {
  constructor(
    private readonly tokens: TokenService,
    private readonly sessions: AuthSessionsRepository,
    private readonly apiKeys: ApiKeysRepository,
    private readonly config: AppConfig,
    private readonly refusals: CredentialRefusals,
  ) {}

  async authenticate(request: FastifyRequest): Promise<Actor> {
    const authorization = request.headers.authorization;
    const apiKey = request.headers['x-api-key'];
    if (typeof authorization === 'string' && authorization.length > 0) {
      return this.bearer(authorization);
    }
    if (typeof apiKey === 'string' && apiKey.length > 0) return this.apiKey(apiKey);
    throw unauthenticated();
  }

  /** The staff actor of an `Authorization: Bearer <access token>` header (the staff-bearer strategy's check). */
  async bearer(authorization: string): Promise<Actor> {
    const match = /^Bearer ([A-Za-z0-9._~+/=-]+)$/i.exec(authorization.trim());
    if (!match) throw this.refusals.bearer('malformedHeader', 'The Authorization header must be "Bearer <access token>".');
    const token = match[1];
    const checked = this.tokens.check(token);
    if ('refused' in checked) {
      const detail = checked.refused === 'incomplete' ? 'The access token is invalid.' : 'The access token is invalid or expired.';
      throw this.refusals.bearer(checked.refused === 'expired' ? 'expired' : 'invalidToken', detail, checked.claims, checked.claimed);
    }
    const claims = checked.claims;
    const live = await this.sessions.findLive(
      { organizationId: claims.org, id: claims.sid, userId: claims.sub },
      this.config.SESSION_IDLE_TIMEOUT_SECONDS,
      TOUCH_AFTER_SECONDS,
    );
    if (!live) throw this.refusals.bearer('sessionEnded', 'The session has ended; log in again.', claims);
    if (live.stale) await this.sessions.touch(claims.org, claims.sid);
    // The role is read from the database, so a demotion or deactivation takes effect at once.
    return { kind: 'user', id: claims.sub, organizationId: claims.org, role: live.role, sessionId: claims.sid };
  }

  /**
   * The client of an `Authorization: Bearer <portal access token>` header (the portal-bearer
   * strategy's check): the portal audience, then the session row and the client's live access.
   */
  async portalBearer(authorization: string): Promise<ClientActor> {
    const match = /^Bearer ([A-Za-z0-9._~+/=-]+)$/i.exec(authorization.trim());
    if (!match) throw this.refusals.bearer('malformedHeader', 'The Authorization header must be "Bearer <access token>".', undefined, undefined, 'client');
    const checked = this.tokens.checkPortal(match[1]);
    if ('refused' in checked) {
      const detail = checked.refused === 'incomplete' ? 'The access token is invalid.' : 'The access token is invalid or expired.';
      throw this.refusals.bearer(checked.refused === 'expired' ? 'expired' : 'invalidToken', detail, checked.claims, checked.claimed, 'client');
    }
    const claims = checked.claims;
    const live = await this.sessions.findLiveClient(
      { organizationId: claims.org, id: claims.sid, clientId: claims.sub },
      this.config.SESSION_IDLE_TIMEOUT_SECONDS,
      TOUCH_AFTER_SECONDS,
    );
    if (!live) throw this.refusals.bearer('sessionEnded', 'The session has ended; sign in again.', claims, undefined, 'client');
    if (live.stale) await this.sessions.touch(claims.org, claims.sid);
    return { kind: 'client', id: claims.sub, organizationId: claims.org, role: 'client', sessionId: claims.sid };
  }

  /** The refusal of an API key presented to a portal route, naming the key when it is a valid one. */
  async apiKeyOnPortal(presented: string): Promise<Error> {
    const key = await this.apiKey(presented);
    return this.refusals.apiKey('portalRoute', key);
  }

  /** The actor of an API key (the api-key strategy's check). */
  async apiKey(presented: string): Promise<Actor> {
    const match = API_KEY_FORMAT.exec(presented.trim());
    if (!match) throw this.refusals.apiKey('malformed');
    const key = await this.apiKeys.findCredential(match[1], TOUCH_AFTER_SECONDS);
    if (!key) throw this.refusals.apiKey('unknown');
    if (!sameSecret(key.secretHash, sha256(match[2]))) throw this.refusals.apiKey('wrongSecret', key);
    if (key.revoked) throw this.refusals.apiKey('revoked', key);
    if (key.stale) await this.apiKeys.touch(key.organizationId, key.id);
    return { kind: 'apiKey', id: key.id, organizationId: key.organizationId, role: key.role };
  }
}
