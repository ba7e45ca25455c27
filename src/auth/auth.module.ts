import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { StaffRepository } from '../staff/staff.repository';
import { StaffDirectory } from '../staff/staff-directory';
import { AuthController } from './auth.controller';
import { AuthGuard } from './auth.guard';
import { AuthService } from './auth.service';
import { Authenticator } from './authenticator.service';
import { LoginThrottleService } from './login-throttle.service';
import { MeController } from './me.controller';
import { MeService } from './me.service';
import { AuthSessionsService } from './auth-sessions.service';
import { TokenService } from './token.service';

@Global()
@Module({
  controllers: [AuthController, MeController],
  providers: [
    TokenService,
    Authenticator,
    AuthSessionsService,
    LoginThrottleService,
    AuthService,
    MeService,
    StaffDirectory,
    StaffRepository,
    { provide: APP_GUARD, useClass: AuthGuard },
  ],
  exports: [AuthSessionsService, StaffDirectory, StaffRepository],
})
export class AuthModule {}
