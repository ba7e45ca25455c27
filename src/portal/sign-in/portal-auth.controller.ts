import { Body, Controller, HttpCode, Post, Req, UseGuards } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { ClientActor } from '../../auth/actor';
import { PortalClient, Public } from '../../auth/authorize.decorator';
import { CurrentClient } from '../../auth/current-actor.decorator';
import { ApiProblems } from '../../openapi/api-problems.decorator';
import { AcceptInvitationDto, PortalLoginDto, PortalRefreshDto, PortalSessionDto } from '../dto/portal-auth.dto';
import { CheckedPortalLogin, PortalAuthService } from '../portal-auth.service';
import { PortalLoginGuard } from './portal-login.guard';

@ApiTags('Portal')
@Controller('portal/auth')
export class PortalAuthController {
  constructor(private readonly auth: PortalAuthService) {}

  @Post('accept')
  @Public()
  @ApiOperation({ summary: 'Accept a portal invitation with a passphrase of 12+ characters, and sign in' })
  @ApiCreatedResponse({ type: PortalSessionDto })
  @ApiProblems(409)
  acceptPortalInvitation(@Body() dto: AcceptInvitationDto): Promise<PortalSessionDto> {
    return this.auth.accept(dto);
  }

  @Post('login')
  @Public()
  @HttpCode(200)
  @ApiOperation({ summary: 'Sign in to the portal with e-mail and passphrase' })
  @ApiOkResponse({ type: PortalSessionDto })
  @ApiProblems(401, 409, 429)
  @UseGuards(PortalLoginGuard)
  portalLogin(@Body() _dto: PortalLoginDto, @Req() request: FastifyRequest): Promise<PortalSessionDto> {
    // The portal password strategy has checked the credentials; the body parameter documents and validates them.
    return this.auth.startSession(request.passwordLogin as CheckedPortalLogin);
  }

  @Post('refresh')
  @Public()
  @HttpCode(200)
  @ApiOperation({ summary: 'Exchange a portal refresh token for a new token pair (each refresh token works once)' })
  @ApiOkResponse({ type: PortalSessionDto })
  @ApiProblems(401)
  portalRefresh(@Body() dto: PortalRefreshDto): Promise<PortalSessionDto> {
    return this.auth.refresh(dto.refreshToken);
  }

  @Post('logout')
  @PortalClient()
  @HttpCode(204)
  @ApiOperation({ summary: 'End the current portal session; its access and refresh tokens stop working at once' })
  @ApiNoContentResponse({ description: 'The session has ended.' })
  portalLogout(@CurrentClient() client: ClientActor): Promise<void> {
    return this.auth.logout(client);
  }
}
