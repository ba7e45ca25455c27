import { createSecretKey } from 'node:crypto';
import { Injectable, OnModuleInit } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { AppConfig } from '../config/app-config';
import { DomainError } from '../errors/domain-error';
import { ErrorCode } from '../errors/error-code';
import { InstanceSecrets } from '../secrets/secrets.service';
import { StaffRole } from './permissions';

export interface AccessClaims {
  sub: string;
  org: string;
  role: StaffRole;
  sid: string;
}

/** A client's portal access token: the client, their organization and their portal session. */
export interface PortalClaims {
  sub: string;
  org: string;
  sid: string;
}

/**
 * Whom a token is for: staff and API routes, or the client portal. Each is signed and checked with
 * its own audience, so a token of one is refused by the other.
 */
export type TokenAudience = 'staff' | 'portal';

type ClaimsOf<A extends TokenAudience> = A extends 'staff' ? AccessClaims : PortalClaims;

export type TokenCheck<C = AccessClaims> =
  | { claims: C }
  | { refused: 'expired' | 'invalid' | 'incomplete'; claims?: C; claimed?: Partial<C> };

function isComplete(audience: TokenAudience, claims: Partial<AccessClaims> | null): boolean {
  return !!claims && !!claims.sub && !!claims.org && !!claims.sid && (audience === 'portal' || !!claims.role);
}

export function unauthenticated(detail = 'Valid credentials are required.'): DomainError {
  return new DomainError(ErrorCode.Unauthenticated, detail, { headers: { 'www-authenticate': 'Bearer' } });
}

/** Signs and verifies access tokens: HS256 only, with issuer, audience and expiry always checked. */
@Injectable()
export class TokenService implements OnModuleInit {
  private readonly jwt = new Map<TokenAudience, JwtService>();

  constructor(
    private readonly config: AppConfig,
    private readonly secrets: InstanceSecrets,
  ) {}

  async onModuleInit(): Promise<void> {
    const key = createSecretKey(Buffer.from(this.config.JWT_SECRET ?? (await this.secrets.jwtSecret())));
    const audiences: Record<TokenAudience, string> = { staff: this.config.JWT_AUDIENCE, portal: this.config.PORTAL_JWT_AUDIENCE };
    for (const [name, audience] of Object.entries(audiences) as [TokenAudience, string][]) {
      this.jwt.set(
        name,
        new JwtService({
          // A key object, not a string: jsonwebtoken first tries a string as a PEM public key, which
          // failed (and cost ~0.5 ms) on every verification.
          privateKey: key,
          publicKey: key,
          signOptions: { algorithm: 'HS256', issuer: this.config.JWT_ISSUER, audience, expiresIn: this.config.ACCESS_TOKEN_TTL_SECONDS },
          verifyOptions: { algorithms: ['HS256'], issuer: this.config.JWT_ISSUER, audience },
        }),
      );
    }
  }

  sign(claims: AccessClaims): string {
    return this.signer('staff').sign({ ...claims });
  }

  signPortal(claims: PortalClaims): string {
    return this.signer('portal').sign({ ...claims });
  }

  verify(token: string): AccessClaims {
    const checked = this.check(token);
    if (!('refused' in checked)) return checked.claims;
    throw unauthenticated(checked.refused === 'incomplete' ? 'The access token is invalid.' : 'The access token is invalid or expired.');
  }

  /**
   * The token's claims, or why it is refused. An expired token's claims come along: its signature
   * was checked before its expiry, so they are ours and name who presented it. Any other refused
   * token comes with what it claims, unchecked.
   */
  check(token: string): TokenCheck {
    return this.checkFor('staff', token);
  }

  /** A portal token's claims, or why it is refused (as `check` for staff tokens). */
  checkPortal(token: string): TokenCheck<PortalClaims> {
    return this.checkFor('portal', token);
  }

  private checkFor<A extends TokenAudience>(audience: A, token: string): TokenCheck<ClaimsOf<A>> {
    type C = ClaimsOf<A>;
    let claims: Partial<C>;
    try {
      claims = this.signer(audience).verify<C & object>(token);
    } catch (error) {
      if (error instanceof Error && error.name === 'TokenExpiredError') {
        const expired = this.signer(audience).decode<Partial<C> | null>(token);
        return { refused: 'expired', claims: isComplete(audience, expired) ? (expired as C) : undefined };
      }
      return { refused: 'invalid', claimed: this.unverified<C>(token) };
    }
    return isComplete(audience, claims) ? { claims: claims as C } : { refused: 'incomplete', claimed: claims };
  }

  /** What a token says of itself, unchecked: for the audit of its refusal only. */
  private unverified<C>(token: string): Partial<C> | undefined {
    try {
      const payload: unknown = this.signer('staff').decode(token);
      return payload && typeof payload === 'object' ? (payload as Partial<C>) : undefined;
    } catch {
      return undefined;
    }
  }

  get accessTokenTtlSeconds(): number {
    return this.config.ACCESS_TOKEN_TTL_SECONDS;
  }

  private signer(audience: TokenAudience): JwtService {
    const jwt = this.jwt.get(audience);
    if (!jwt) throw new Error('TokenService used before initialisation');
    return jwt;
  }
}
