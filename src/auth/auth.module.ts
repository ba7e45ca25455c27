import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ApiKeysRepository } from '../api-keys/api-keys.repository';
import { OrganizationsModule } from '../organizations/organizations.module';
import { StaffRepository } from '../staff/staff.repository';
import { StaffDirectory } from '../staff/staff-directory';
import { AuthController } from './auth.controller';
import { AuthGuard } from './auth.guard';
import { AuthService } from './auth.service';
import { AuthSessionsRepository } from './auth-sessions.repository';
import { AuthSessionsService } from './auth-sessions.service';
import { Authenticator } from './authenticator.service';
import { LoginThrottleService } from './login-throttle.service';
import { LoginThrottlesRepository } from './login-throttles.repository';
import { MeController } from './me.controller';
import { MeService } from './me.service';
import { TokenService } from './token.service';

/**
 * Global, as every route's guard needs it. It also provides the staff and API key repositories,
 * which authenticating reads on every request, to their own features' modules: importing those
 * modules here would register their controllers, and so their routes, ahead of the rest.
 */
@Global()
@Module({
  imports: [OrganizationsModule],
  controllers: [AuthController, MeController],
  providers: [
    TokenService,
    Authenticator,
    AuthSessionsRepository,
    AuthSessionsService,
    LoginThrottlesRepository,
    LoginThrottleService,
    AuthService,
    MeService,
    StaffDirectory,
    StaffRepository,
    ApiKeysRepository,
    { provide: APP_GUARD, useClass: AuthGuard },
  ],
  exports: [AuthSessionsService, StaffDirectory, StaffRepository, ApiKeysRepository],
})
export class AuthModule {}
