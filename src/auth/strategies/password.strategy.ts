import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import type { FastifyRequest } from 'fastify';
import { Strategy } from 'passport-local';
import { AuthService, CheckedLogin } from '../auth.service';
import { LoginDto } from '../dto/auth.dto';
import { registerOwnName, unregister } from './own-name';

/**
 * E-mail and password login: throttled before the password is checked, then the one active account
 * they open (or a 409 listing the organizations when they open several).
 */
@Injectable()
export class PasswordStrategy extends PassportStrategy(Strategy, 'password') implements OnModuleDestroy {
  readonly ownName = registerOwnName('password', this);

  constructor(private readonly auth: AuthService) {
    super({ usernameField: 'email', passwordField: 'password', passReqToCallback: true, session: false });
  }

  /** The body was validated as a LoginDto by the guard before passport read it. */
  validate(request: FastifyRequest, email: string, password: string): Promise<CheckedLogin> {
    return this.auth.checkLogin({ email, password, organizationId: (request.body as LoginDto).organizationId });
  }

  onModuleDestroy(): void {
    unregister(this.ownName);
  }
}
