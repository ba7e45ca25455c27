import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor } from '../auth/actor';
import { Authorize } from '../auth/authorize.decorator';
import { CurrentActor } from '../auth/current-actor.decorator';
import { Permission } from '../auth/permissions';
import { CareTeamsService } from '../care-teams/care-teams.service';
import { CareTeamMemberDto } from '../care-teams/dto/care-team.dto';
import { IfMatch, IfMatchHeader } from '../common/concurrency';
import { Idempotent } from '../common/idempotency';
import { ApiPageResponse, Page } from '../common/pagination';
import { IdParam } from '../http/id-param';
import { ApiProblems } from '../openapi/api-problems.decorator';
import { ClientsService } from './clients.service';
import { ClientDto, CreateClientDto, ListClientsQueryDto, UpdateClientDto } from './dto/client.dto';

@ApiTags('Clients')
@Controller('clients')
export class ClientsController {
  constructor(
    private readonly clients: ClientsService,
    private readonly careTeams: CareTeamsService,
  ) {}

  @Get()
  @Authorize(Permission.ClientsRead)
  @ApiOperation({ summary: 'List clients (a practitioner sees their caseload)' })
  @ApiPageResponse(ClientDto)
  listClients(@CurrentActor() actor: Actor, @Query() query: ListClientsQueryDto): Promise<Page<ClientDto>> {
    return this.clients.list(actor, query);
  }

  @Post()
  @Authorize(Permission.ClientsWrite)
  @Idempotent()
  @ApiOperation({ summary: 'Create a client (a practitioner who creates one joins its care team)' })
  @ApiCreatedResponse({ type: ClientDto })
  @ApiProblems(409)
  createClient(@CurrentActor() actor: Actor, @Body() dto: CreateClientDto): Promise<ClientDto> {
    return this.clients.create(actor, dto);
  }

  @Get(':id')
  @Authorize(Permission.ClientsRead)
  @ApiOperation({ summary: 'Get a client (archived ones too)' })
  @ApiOkResponse({ type: ClientDto })
  getClient(@CurrentActor() actor: Actor, @IdParam() id: string): Promise<ClientDto> {
    return this.clients.get(actor, id);
  }

  @Patch(':id')
  @Authorize(Permission.ClientsWrite)
  @ApiOperation({ summary: 'Change a client' })
  @ApiOkResponse({ type: ClientDto })
  @ApiProblems(409)
  updateClient(
    @CurrentActor() actor: Actor,
    @IdParam() id: string,
    @Body() dto: UpdateClientDto,
    @IfMatchHeader() ifMatch: IfMatch | undefined,
  ): Promise<ClientDto> {
    return this.clients.update(actor, id, dto, ifMatch);
  }

  @Delete(':id')
  @Authorize(Permission.ClientsWrite)
  @ApiOperation({
    summary: 'Archive a client (it leaves lists, stays readable, and can be restored)',
    description:
      'Archiving also ends the client’s current group memberships, as leaving a group does: each membership gets ' +
      '`leftAt` and its group a new version, so the client leaves member counts, rosters, attendance and the groups’ ' +
      'assignment summaries. A restore does not add them back to any group.',
  })
  @ApiOkResponse({ type: ClientDto })
  archiveClient(
    @CurrentActor() actor: Actor,
    @IdParam() id: string,
    @IfMatchHeader() ifMatch: IfMatch | undefined,
  ): Promise<ClientDto> {
    return this.clients.archive(actor, id, ifMatch);
  }

  @Post(':id/restore')
  @Authorize(Permission.ClientsWrite)
  @HttpCode(200)
  @ApiOperation({
    summary: 'Bring an archived client back',
    description: 'The group memberships the archive ended stay ended: add the client to a group again to bring them back to it.',
  })
  @ApiOkResponse({ type: ClientDto })
  restoreClient(
    @CurrentActor() actor: Actor,
    @IdParam() id: string,
    @IfMatchHeader() ifMatch: IfMatch | undefined,
  ): Promise<ClientDto> {
    return this.clients.restore(actor, id, ifMatch);
  }

  @Put(':id/care-team/:userId')
  @Authorize(Permission.CareTeamsManage)
  @ApiOperation({ summary: 'Put a staff member on the client’s care team' })
  @ApiOkResponse({ type: CareTeamMemberDto, isArray: true })
  putClientCareTeamMember(
    @CurrentActor() actor: Actor,
    @IdParam() id: string,
    @IdParam('userId') userId: string,
  ): Promise<CareTeamMemberDto[]> {
    return this.careTeams.put(actor, 'client', id, userId);
  }

  @Delete(':id/care-team/:userId')
  @Authorize(Permission.CareTeamsManage)
  @HttpCode(204)
  @ApiOperation({ summary: 'Take a staff member off the client’s care team' })
  @ApiNoContentResponse({ description: 'Removed.' })
  deleteClientCareTeamMember(
    @CurrentActor() actor: Actor,
    @IdParam() id: string,
    @IdParam('userId') userId: string,
  ): Promise<void> {
    return this.careTeams.remove(actor, 'client', id, userId);
  }
}
