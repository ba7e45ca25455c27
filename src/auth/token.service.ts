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
    let claims: Partial<AccessClaims>;
    try {
      claims = this.signer().verify<AccessClaims & object>(token);
    } catch {
      throw unauthenticated('The access token is invalid or expired.');
    }
    if (!claims.sub || !claims.org || !claims.sid || !claims.role) throw unauthenticated('The access token is invalid.');
    return claims as AccessClaims;
  }

  get accessTokenTtlSeconds(): number {
    return this.config.ACCESS_TOKEN_TTL_SECONDS;
  }

  private signer(): JwtService {
    if (!this.jwt) throw new Error('TokenService used before initialisation');
    return this.jwt;
  }
}
