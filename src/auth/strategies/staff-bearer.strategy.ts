import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import type { FastifyRequest } from 'fastify';
import { Strategy } from 'passport-custom';
import { Actor } from '../actor';
import { Authenticator } from '../authenticator.service';
import { registerOwnName, unregister } from './own-name';

/**
 * Staff access tokens (`Authorization: Bearer <jwt>`): the signature, issuer, audience and expiry,
 * then the session row (open, not idle, not past its absolute end) and the user's current role, in
 * the one query the Authenticator runs for every request.
 */
@Injectable()
export class StaffBearerStrategy extends PassportStrategy(Strategy, 'staff-bearer') implements OnModuleDestroy {
  readonly ownName = registerOwnName('staff-bearer', this);

  constructor(private readonly authenticator: Authenticator) {
    super();
  }

  /**
   * Without an Authorization header the request is not this strategy's (passport tries the API key
   * next); with one, it is either a staff actor or a refusal: a bad bearer token never falls back.
   */
  async validate(request: FastifyRequest): Promise<Actor | null> {
    const authorization = request.headers.authorization;
    if (typeof authorization !== 'string' || authorization.length === 0) return null;
    return this.authenticator.bearer(authorization);
  }

  onModuleDestroy(): void {
    unregister(this.ownName);
  }
}
