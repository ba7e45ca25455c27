import { Injectable } from '@nestjs/common';
import { AuditWriter, isUuid } from '../audit/audit.writer';
import { DomainError } from '../errors/domain-error';
import { AccessClaims, unauthenticated } from './token.service';

/** Why a presented credential was refused, as the audit trail records it. */
export type BearerRefusal = 'malformedHeader' | 'invalidToken' | 'expired' | 'sessionEnded';
export type ApiKeyRefusal = 'malformed' | 'unknown' | 'wrongSecret' | 'revoked' | 'portalRoute';

/**
 * Records every refused credential in the audit trail, then answers the refusal to throw. Only what
 * the credential proves is recorded: who a token names when its signature is ours, which key a
 * prefix names when it exists; never the token, the key or any part of their secrets.
 */
@Injectable()
export class CredentialRefusals {
  constructor(private readonly audit: AuditWriter) {}

  /**
   * `claims` are the token's when its signature is ours (expired, or of an ended session): its user
   * is named as the actor. `claimed` is what a token that failed its checks says of itself: the
   * organization it names is told (someone presents forged or tampered tokens in its name), and the
   * user it names is recorded as claimed only, never as the actor.
   */
  bearer(
    reason: BearerRefusal,
    detail: string,
    claims?: Pick<AccessClaims, 'sub' | 'org'>,
    claimed?: Partial<Pick<AccessClaims, 'sub' | 'org'>>,
    holder: 'user' | 'client' = 'user',
  ): DomainError {
    const attributed = claims && isUuid(claims.org) && isUuid(claims.sub) ? claims : undefined;
    const claimedOrg = !attributed && isUuid(claimed?.org) ? claimed.org : undefined;
    const claimedUser = !attributed && isUuid(claimed?.sub) ? claimed.sub : undefined;
    this.audit.record({
      organizationId: attributed?.org ?? claimedOrg ?? null,
      actorType: attributed ? holder : 'anonymous',
      actorId: attributed?.sub ?? null,
      action: 'authenticate',
      resourceType: 'auth',
      resourceId: null,
      detail: { credential: holder === 'client' ? 'portalBearer' : 'bearer', reason, ...(claimedUser ? { claimedUserId: claimedUser } : {}) },
      status: 401,
    });
    return unauthenticated(detail);
  }

  apiKey(reason: ApiKeyRefusal, key?: { id: string; organizationId: string }): DomainError {
    this.audit.record({
      organizationId: key?.organizationId ?? null,
      actorType: key ? 'apiKey' : 'anonymous',
      actorId: key?.id ?? null,
      action: 'authenticateApiKey',
      resourceType: 'api-keys',
      resourceId: key?.id ?? null,
      detail: { credential: 'apiKey', reason },
      status: 401,
    });
    if (reason === 'portalRoute') return unauthenticated('The portal takes a client\'s portal access token only, never an API key.');
    return unauthenticated(reason === 'malformed' ? 'The API key is invalid.' : 'The API key is invalid or revoked.');
  }

  /** A login refused by the throttle (no password was checked), naming the account the address names when it names one. */
  throttledLogin(account?: { organizationId: string; id: string }): void {
    this.audit.record({
      organizationId: account?.organizationId ?? null,
      actorType: account ? 'user' : 'anonymous',
      actorId: account?.id ?? null,
      action: 'login',
      resourceType: 'auth',
      resourceId: null,
      detail: { reason: 'throttled' },
      status: 429,
    });
  }
}
