import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import type { FastifyRequest } from 'fastify';
import { Strategy } from 'passport-local';
import { registerOwnName, unregister } from '../../auth/strategies/own-name';
import { PortalLoginDto } from '../dto/portal-auth.dto';
import { CheckedPortalLogin, PortalAuthService } from '../portal-auth.service';

/** A client's e-mail and passphrase: throttled before the passphrase is checked, then the one live portal account they open. */
@Injectable()
export class PortalPasswordStrategy extends PassportStrategy(Strategy, 'portal-password') implements OnModuleDestroy {
  readonly ownName = registerOwnName('portal-password', this);

  constructor(private readonly auth: PortalAuthService) {
    super({ usernameField: 'email', passwordField: 'passphrase', passReqToCallback: true, session: false });
  }

  /** The body was validated as a PortalLoginDto by the guard before passport read it. */
  validate(request: FastifyRequest, email: string, passphrase: string): Promise<CheckedPortalLogin> {
    return this.auth.checkLogin({ email, passphrase, organizationId: (request.body as PortalLoginDto).organizationId });
  }

  onModuleDestroy(): void {
    unregister(this.ownName);
  }
}
