import { Body, Controller, HttpCode, Post, Req, UseGuards } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblems } from '../openapi/api-problems.decorator';
import { Actor } from './actor';
import type { FastifyRequest } from 'fastify';
import { AuthService, CheckedLogin } from './auth.service';
import { PasswordLoginGuard } from './strategies/credential.guards';
import { Authorize, Public } from './authorize.decorator';
import { CurrentActor } from './current-actor.decorator';
import { LoginDto, RefreshDto, SessionTokensDto, SignupDto } from './dto/auth.dto';
import { Permission } from './permissions';

@ApiTags('Auth')
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Post('signup')
  @Public()
  @ApiOperation({ summary: 'Create an organization and its owner, and log the owner in' })
  @ApiCreatedResponse({ type: SessionTokensDto })
  @ApiProblems(403, 409)
  signup(@Body() dto: SignupDto): Promise<SessionTokensDto> {
    return this.auth.signup(dto);
  }

  @Post('login')
  @Public()
  @HttpCode(200)
  @ApiOperation({ summary: 'Log in with email and password' })
  @ApiOkResponse({ type: SessionTokensDto })
  @ApiProblems(401, 403, 409, 429)
  @UseGuards(PasswordLoginGuard)
  login(@Body() _dto: LoginDto, @Req() request: FastifyRequest): Promise<SessionTokensDto> {
    // The password strategy has checked the credentials; the body parameter documents and validates them.
    return this.auth.startSession(request.passwordLogin as CheckedLogin);
  }

  @Post('refresh')
  @Public()
  @HttpCode(200)
  @ApiOperation({ summary: 'Exchange a refresh token for a new token pair (each refresh token works once)' })
  @ApiOkResponse({ type: SessionTokensDto })
  @ApiProblems(401)
  refresh(@Body() dto: RefreshDto): Promise<SessionTokensDto> {
    return this.auth.refresh(dto.refreshToken);
  }

  @Post('logout')
  @Authorize(Permission.SelfRead, { staffOnly: true })
  @HttpCode(204)
  @ApiOperation({ summary: 'End the current session; its access and refresh tokens stop working at once' })
  @ApiNoContentResponse({ description: 'The session has ended.' })
  logout(@CurrentActor() actor: Actor): Promise<void> {
    return this.auth.logout(actor);
  }
}
