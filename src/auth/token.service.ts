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

export type TokenCheck =
  | { claims: AccessClaims }
  | { refused: 'expired' | 'invalid' | 'incomplete'; claims?: AccessClaims; claimed?: Partial<AccessClaims> };

function isComplete(claims: Partial<AccessClaims> | null): claims is AccessClaims {
  return !!claims && !!claims.sub && !!claims.org && !!claims.sid && !!claims.role;
}

export function unauthenticated(detail = 'Valid credentials are required.'): DomainError {
  return new DomainError(ErrorCode.Unauthenticated, detail, { headers: { 'www-authenticate': 'Bearer' } });
}

/** Signs and verifies access tokens: HS256 only, with issuer, audience and expiry always checked. */
@Injectable()
export class TokenService implements OnModuleInit {
  private jwt?: JwtService;

  constructor(
    private readonly config: AppConfig,
    private readonly secrets: InstanceSecrets,
  ) {}

  async onModuleInit(): Promise<void> {
    const key = createSecretKey(Buffer.from(this.config.JWT_SECRET ?? (await this.secrets.jwtSecret())));
    this.jwt = new JwtService({
      // A key object, not a string: jsonwebtoken first tries a string as a PEM public key, which
      // failed (and cost ~0.5 ms) on every verification.
      privateKey: key,
      publicKey: key,
      signOptions: {
        algorithm: 'HS256',
        issuer: this.config.JWT_ISSUER,
        audience: this.config.JWT_AUDIENCE,
        expiresIn: this.config.ACCESS_TOKEN_TTL_SECONDS,
      },
      verifyOptions: { algorithms: ['HS256'], issuer: this.config.JWT_ISSUER, audience: this.config.JWT_AUDIENCE },
    });
  }

  sign(claims: AccessClaims): string {
    return this.signer().sign({ ...claims });
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
    let claims: Partial<AccessClaims>;
    try {
      claims = this.signer().verify<AccessClaims & object>(token);
    } catch (error) {
      if (error instanceof Error && error.name === 'TokenExpiredError') {
        const expired = this.signer().decode<Partial<AccessClaims> | null>(token);
        return { refused: 'expired', claims: isComplete(expired) ? expired : undefined };
      }
      return { refused: 'invalid', claimed: this.unverified(token) };
    }
    return isComplete(claims) ? { claims } : { refused: 'incomplete', claimed: claims };
  }

  /** What a token says of itself, unchecked: for the audit of its refusal only. */
  private unverified(token: string): Partial<AccessClaims> | undefined {
    try {
      const payload: unknown = this.signer().decode(token);
      return payload && typeof payload === 'object' ? (payload as Partial<AccessClaims>) : undefined;
    } catch {
      return undefined;
    }
  }

  get accessTokenTtlSeconds(): number {
    return this.config.ACCESS_TOKEN_TTL_SECONDS;
  }

  private signer(): JwtService {
    if (!this.jwt) throw new Error('TokenService used before initialisation');
    return this.jwt;
  }
}
