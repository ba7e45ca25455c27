import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { StaffDirectory } from '../staff/staff-directory';
import { AuthController } from './auth.controller';
import { AuthGuard } from './auth.guard';
import { AuthService } from './auth.service';
import { Authenticator } from './authenticator.service';
import { LoginThrottleService } from './login-throttle.service';
import { MeController } from './me.controller';
import { MeService } from './me.service';
import { SessionsService } from './sessions.service';
import { TokenService } from './token.service';

@Global()
@Module({
  controllers: [AuthController, MeController],
  providers: [
    TokenService,
    Authenticator,
    SessionsService,
    LoginThrottleService,
    AuthService,
    MeService,
    StaffDirectory,
    { provide: APP_GUARD, useClass: AuthGuard },
  ],
  exports: [SessionsService, StaffDirectory],
})
export class AuthModule {}
