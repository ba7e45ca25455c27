import { ExecutionContext, Injectable, Type } from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';
import type { FastifyRequest } from 'fastify';
import { createValidationPipe } from '../../http/validation';
import { LoginDto } from '../dto/auth.dto';
import { unauthenticated } from '../token.service';
import { ApiKeyStrategy } from './api-key.strategy';
import { PasswordStrategy } from './password.strategy';
import { PortalBearerStrategy } from './portal-bearer.strategy';
import { StaffBearerStrategy } from './staff-bearer.strategy';

/**
 * The strategies are named by their application's own names (see own-name.ts), given here rather
 * than by `PassportModule`, whose options would also name them for every other guard.
 */
type GuardOptions = { defaultStrategy: string | string[]; property: string; session: false };

/**
 * Establishes the actor of a request from its credential: a staff bearer token, else an API key.
 * It decides nothing about what the actor may do: the permission guard (AuthGuard in auth.guard.ts)
 * runs it, then decides.
 */
@Injectable()
export class CredentialsGuard extends AuthGuard() {
  constructor(bearer: StaffBearerStrategy, apiKey: ApiKeyStrategy) {
    super({ defaultStrategy: [bearer.ownName, apiKey.ownName], property: 'actor', session: false } satisfies GuardOptions);
  }

  /** A strategy's refusal (already audited) is the answer; no credential at all is a plain 401. */
  override handleRequest<TActor>(error: unknown, actor: TActor | false): TActor {
    if (error) throw error;
    if (!actor) throw unauthenticated();
    return actor;
  }
}

/** Establishes the client of a portal request from a portal access token, and from nothing else. */
@Injectable()
export class PortalCredentialsGuard extends AuthGuard() {
  constructor(bearer: PortalBearerStrategy) {
    super({ defaultStrategy: bearer.ownName, property: 'actor', session: false } satisfies GuardOptions);
  }

  override handleRequest<TActor>(error: unknown, actor: TActor | false): TActor {
    if (error) throw error;
    if (!actor) throw unauthenticated('A portal access token is required.');
    return actor;
  }
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by PasswordLoginGuard: the account an e-mail and password opened. */
    passwordLogin?: unknown;
  }
}

/**
 * Runs a password strategy on a login route, after validating its body (as `body`) as every
 * route's is; what the strategy opened is left in `request.passwordLogin`.
 */
export abstract class ValidatedLoginGuard extends AuthGuard() {
  private readonly pipe = createValidationPipe();

  protected constructor(
    strategy: string,
    private readonly body: Type<unknown>,
    private readonly missing: string,
  ) {
    super({ defaultStrategy: strategy, property: 'passwordLogin', session: false } satisfies GuardOptions);
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    // Guards run before pipes: without this a malformed body would reach passport and answer 401, not 400.
    request.body = await this.pipe.transform(request.body, { type: 'body', metatype: this.body, data: undefined });
    return super.canActivate(context) as Promise<boolean>;
  }

  override handleRequest<TLogin>(error: unknown, login: TLogin | false): TLogin {
    if (error) throw error;
    if (!login) throw unauthenticated(this.missing);
    return login;
  }
}

/** The staff login route's: an e-mail and a password. */
@Injectable()
export class PasswordLoginGuard extends ValidatedLoginGuard {
  constructor(password: PasswordStrategy) {
    super(password.ownName, LoginDto, 'An email and a password are required.');
  }
}
