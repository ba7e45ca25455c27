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
import { CouplesService } from './couples.service';
import { CoupleDto, CreateCoupleDto, ListCouplesQueryDto, UpdateCoupleDto } from './dto/couple.dto';

@ApiTags('Couples')
@Controller('couples')
export class CouplesController {
  constructor(
    private readonly couples: CouplesService,
    private readonly careTeams: CareTeamsService,
  ) {}

  @Get()
  @Authorize(Permission.CouplesRead)
  @ApiOperation({ summary: 'List couples (a practitioner sees the couples on whose care team they are)' })
  @ApiPageResponse(CoupleDto)
  listCouples(@CurrentActor() actor: Actor, @Query() query: ListCouplesQueryDto): Promise<Page<CoupleDto>> {
    return this.couples.list(actor, query);
  }

  @Post()
  @Authorize(Permission.CouplesWrite)
  @Idempotent()
  @ApiOperation({ summary: 'Create a couple of two clients (one open couple per pair)' })
  @ApiCreatedResponse({ type: CoupleDto })
  @ApiProblems(404, 409)
  createCouple(@CurrentActor() actor: Actor, @Body() dto: CreateCoupleDto): Promise<CoupleDto> {
    return this.couples.create(actor, dto);
  }

  @Get(':id')
  @Authorize(Permission.CouplesRead)
  @ApiOperation({ summary: 'Get a couple with both partners and its safety status' })
  @ApiOkResponse({ type: CoupleDto })
  getCouple(@CurrentActor() actor: Actor, @IdParam() id: string): Promise<CoupleDto> {
    return this.couples.get(actor, id);
  }

  @Patch(':id')
  @Authorize(Permission.CouplesWrite)
  @ApiOperation({ summary: 'Change a couple (the partners never change)' })
  @ApiOkResponse({ type: CoupleDto })
  @ApiProblems(409)
  updateCouple(
    @CurrentActor() actor: Actor,
    @IdParam() id: string,
    @Body() dto: UpdateCoupleDto,
    @IfMatchHeader() ifMatch: IfMatch | undefined,
  ): Promise<CoupleDto> {
    return this.couples.update(actor, id, dto, ifMatch);
  }

  @Delete(':id')
  @Authorize(Permission.CouplesWrite)
  @ApiOperation({ summary: 'Archive a couple (it leaves lists, stays readable, and can be restored)' })
  @ApiOkResponse({ type: CoupleDto })
  archiveCouple(
    @CurrentActor() actor: Actor,
    @IdParam() id: string,
    @IfMatchHeader() ifMatch: IfMatch | undefined,
  ): Promise<CoupleDto> {
    return this.couples.archive(actor, id, ifMatch);
  }

  @Post(':id/restore')
  @Authorize(Permission.CouplesWrite)
  @HttpCode(200)
  @ApiOperation({ summary: 'Bring an archived couple back (409 COUPLE_EXISTS if the pair has formed another open couple meanwhile)' })
  @ApiOkResponse({ type: CoupleDto })
  @ApiProblems(409)
  restoreCouple(
    @CurrentActor() actor: Actor,
    @IdParam() id: string,
    @IfMatchHeader() ifMatch: IfMatch | undefined,
  ): Promise<CoupleDto> {
    return this.couples.restore(actor, id, ifMatch);
  }

  @Put(':id/care-team/:userId')
  @Authorize(Permission.CareTeamsManage)
  @ApiOperation({ summary: 'Put a staff member on the couple’s care team' })
  @ApiOkResponse({ type: CareTeamMemberDto, isArray: true })
  putCoupleCareTeamMember(
    @CurrentActor() actor: Actor,
    @IdParam() id: string,
    @IdParam('userId') userId: string,
  ): Promise<CareTeamMemberDto[]> {
    return this.careTeams.put(actor, 'couple', id, userId);
  }

  @Delete(':id/care-team/:userId')
  @Authorize(Permission.CareTeamsManage)
  @HttpCode(204)
  @ApiOperation({ summary: 'Take a staff member off the couple’s care team' })
  @ApiNoContentResponse({ description: 'Removed.' })
  deleteCoupleCareTeamMember(
    @CurrentActor() actor: Actor,
    @IdParam() id: string,
    @IdParam('userId') userId: string,
  ): Promise<void> {
    return this.careTeams.remove(actor, 'couple', id, userId);
  }
}
