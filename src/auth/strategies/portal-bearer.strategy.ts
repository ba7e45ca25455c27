import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import type { FastifyRequest } from 'fastify';
import { Strategy } from 'passport-custom';
import { ClientActor } from '../actor';
import { Authenticator } from '../authenticator.service';
import { registerOwnName, unregister } from './own-name';

/**
 * Client portal access tokens (`Authorization: Bearer <jwt>` of the portal audience): the
 * signature, issuer, portal audience and expiry, then the session row and the client's live access.
 * A staff token fails the audience check here, as a portal token fails it in the staff strategy.
 */
@Injectable()
export class PortalBearerStrategy extends PassportStrategy(Strategy, 'portal-bearer') implements OnModuleDestroy {
  readonly ownName = registerOwnName('portal-bearer', this);

  constructor(private readonly authenticator: Authenticator) {
    super();
  }

  /** Without an Authorization header the request has no portal credential; an API key is refused (and audited) as none. */
  async validate(request: FastifyRequest): Promise<ClientActor | null> {
    const authorization = request.headers.authorization;
    if (typeof authorization !== 'string' || authorization.length === 0) {
      const apiKey = request.headers['x-api-key'];
      if (typeof apiKey === 'string' && apiKey.length > 0) throw await this.authenticator.apiKeyOnPortal(apiKey);
      return null;
    }
    return this.authenticator.portalBearer(authorization);
  }

  onModuleDestroy(): void {
    unregister(this.ownName);
  }
}
