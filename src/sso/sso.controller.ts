import { Body, Controller, Get, HttpCode, Post, Put, Query, Redirect, Req } from '@nestjs/common';
import { ApiFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { Actor } from '../auth/actor';
import { Authorize, Public } from '../auth/authorize.decorator';
import { CurrentActor } from '../auth/current-actor.decorator';
import { SessionTokensDto } from '../auth/dto/auth.dto';
import { Permission } from '../auth/permissions';
import { ApiKebabKeyParam, KeyParam } from '../http/key-param';
import { ApiProblems } from '../openapi/api-problems.decorator';
import { SsoSettingsDto, SsoExchangeDto, SsoStartQueryDto, UpdateSsoConnectionDto } from './dto/sso.dto';
import { SingleSignOnService } from './single-sign-on.service';

const REDIRECT = { description: 'Redirect', headers: { Location: { description: 'Where the browser goes next.', schema: { type: 'string' } } } };

@ApiTags('Single sign-on')
@Controller()
export class SsoController {
  constructor(private readonly sso: SingleSignOnService) {}

  @Get('organization/sso')
  @Authorize(Permission.OrganizationManage, { staffOnly: true })
  @ApiOperation({ summary: 'Get your organization’s single sign-on settings (never the client secret)' })
  @ApiOkResponse({ type: SsoSettingsDto })
  getSsoConnection(@CurrentActor() actor: Actor): Promise<SsoSettingsDto> {
    return this.sso.get(actor);
  }

  @Put('organization/sso')
  @Authorize(Permission.OrganizationManage, { staffOnly: true })
  @ApiOperation({
    summary: 'Set your organization’s OpenID Connect identity provider (owners)',
    description: 'The client secret is stored encrypted and never returned. Register `callbackUrl` from the answer as the redirect URI at the provider.',
  })
  @ApiOkResponse({ type: SsoSettingsDto })
  @ApiProblems(409)
  putSsoConnection(@CurrentActor() actor: Actor, @Body() dto: UpdateSsoConnectionDto): Promise<SsoSettingsDto> {
    return this.sso.configure(actor, dto);
  }

  @Get('auth/sso/:slug/start')
  @Public()
  @Redirect()
  @ApiOperation({ summary: 'Start single sign-on: redirects the browser to the organization’s identity provider' })
  @ApiFoundResponse(REDIRECT)
  @ApiKebabKeyParam('slug', 'The organization’s single sign-on name.')
  async startSso(@KeyParam('slug') slug: string, @Query() query: SsoStartQueryDto): Promise<{ url: string }> {
    return { url: await this.sso.start(slug, query.redirectUri) };
  }

  /** The provider's answer; its query is the provider's (code, state, iss...), checked by openid-client. */
  @Get('auth/sso/callback')
  @Public()
  @Redirect()
  @ApiOperation({ summary: 'Where the identity provider sends the browser back; redirects to the frontend with a one-time code' })
  @ApiFoundResponse(REDIRECT)
  @ApiProblems(401)
  async ssoCallback(@Req() request: FastifyRequest): Promise<{ url: string }> {
    return { url: await this.sso.callback(request.url) };
  }

  @Post('auth/sso/exchange')
  @Public()
  @HttpCode(200)
  @ApiOperation({ summary: 'Trade the one-time code of a single sign-on for a token pair (once, within 60 seconds)' })
  @ApiOkResponse({ type: SessionTokensDto })
  @ApiProblems(401)
  exchangeSsoCode(@Body() dto: SsoExchangeDto): Promise<SessionTokensDto> {
    return this.sso.exchange(dto.code);
  }
}
