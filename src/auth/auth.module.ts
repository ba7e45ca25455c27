import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { StaffDirectory } from '../staff/staff-directory';
import { AuthController } from './auth.controller';
import { AuthGuard } from './auth.guard';
import { AuthService } from './auth.service';
import { AuthSessionsService } from './auth-sessions.service';
import { CredentialRefusals } from './credential-refusals';
import { Authenticator } from './authenticator.service';
import { LoginThrottleService } from './login-throttle.service';
import { MeController } from './me.controller';
import { MeService } from './me.service';
import { ApiKeyStrategy } from './strategies/api-key.strategy';
import { CredentialsGuard, PasswordLoginGuard, PortalCredentialsGuard } from './strategies/credential.guards';
import { PasswordStrategy } from './strategies/password.strategy';
import { PortalBearerStrategy } from './strategies/portal-bearer.strategy';
import { StaffBearerStrategy } from './strategies/staff-bearer.strategy';
import { TokenService } from './token.service';

/** Global, as every route's guard needs it. */
@Global()
@Module({
  controllers: [AuthController, MeController],
  providers: [
    TokenService,
    Authenticator,
    CredentialRefusals,
    StaffBearerStrategy,
    ApiKeyStrategy,
    PasswordStrategy,
    PortalBearerStrategy,
    CredentialsGuard,
    PortalCredentialsGuard,
    PasswordLoginGuard,
    AuthSessionsService,
    LoginThrottleService,
    AuthService,
    MeService,
    StaffDirectory,
    { provide: APP_GUARD, useClass: AuthGuard },
  ],
  exports: [AuthSessionsService, StaffDirectory, LoginThrottleService],
})
export class AuthModule {}
