import { Body, Controller, Delete, Get, HttpCode, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor } from '../auth/actor';
import { Authorize } from '../auth/authorize.decorator';
import { CurrentActor } from '../auth/current-actor.decorator';
import { Permission } from '../auth/permissions';
import { IdParam } from '../http/id-param';
import { ApiProblems } from '../openapi/api-problems.decorator';
import { CreatePortalInvitationDto, PortalAccessDto, PortalInvitationDto } from './dto/portal-access.dto';
import { PortalAccessService } from './portal-access.service';

/** Staff's side of a client's portal access. */
@ApiTags('Clients')
@Controller('clients/:id')
export class PortalAccessController {
  constructor(private readonly portal: PortalAccessService) {}

  // Not @Idempotent(): a replayed answer would keep the invitation's token, which is stored only as a hash.
  @Post('portal-invitations')
  @Authorize(Permission.ClientsWrite)
  @ApiOperation({
    summary: 'Invite a client to the portal (a single-use link valid 72 hours; e-mailed when a mail server is configured)',
    description:
      'The answer carries the invitation’s token once; TrustPath keeps only its hash. A new invitation withdraws the ' +
      'client’s earlier ones that were not accepted. The e-mail names the practice and nothing of the client’s care.',
  })
  @ApiCreatedResponse({ type: PortalInvitationDto })
  @ApiProblems(409)
  invitePortalClient(@CurrentActor() actor: Actor, @IdParam() id: string, @Body() dto: CreatePortalInvitationDto): Promise<PortalInvitationDto> {
    return this.portal.invite(actor, id, dto);
  }

  @Get('portal-access')
  @Authorize(Permission.ClientsRead)
  @ApiOperation({ summary: 'Whether a client can sign in to the portal, since when, and any invitation still open' })
  @ApiOkResponse({ type: PortalAccessDto })
  getPortalAccess(@CurrentActor() actor: Actor, @IdParam() id: string): Promise<PortalAccessDto> {
    return this.portal.status(actor, id);
  }

  @Delete('portal-access')
  @Authorize(Permission.ClientsWrite)
  @HttpCode(204)
  @ApiOperation({ summary: 'Revoke a client’s portal access: their open invitations and every portal session end at once' })
  @ApiNoContentResponse({ description: 'The client can no longer use the portal.' })
  revokePortalAccess(@CurrentActor() actor: Actor, @IdParam() id: string): Promise<void> {
    return this.portal.revoke(actor, id);
  }
}
