import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor } from '../auth/actor';
import { Authorize } from '../auth/authorize.decorator';
import { CurrentActor } from '../auth/current-actor.decorator';
import { Permission } from '../auth/permissions';
import { IfMatch, IfMatchHeader } from '../common/concurrency';
import { Idempotent } from '../common/idempotency';
import { ApiPageResponse, Page } from '../common/pagination';
import { IdParam } from '../http/id-param';
import { ApiProblems } from '../openapi/api-problems.decorator';
import { BoundariesService } from './boundaries.service';
import { BoundaryBreachesService } from './boundary-breaches.service';
import { BoundaryDto, CreateBoundaryDto, ListBoundariesQueryDto, UpdateBoundaryDto } from './dto/boundary.dto';
import { BreachDto, CreateBreachDto, ListBreachesQueryDto } from './dto/breach.dto';

@ApiTags('Boundaries')
@Controller('boundaries')
export class BoundariesController {
  constructor(
    private readonly boundaries: BoundariesService,
    private readonly breaches: BoundaryBreachesService,
  ) {}

  @Get()
  @Authorize(Permission.BoundariesRead)
  @ApiOperation({ summary: 'List boundaries (a practitioner sees those of the couples on whose care team they are)' })
  @ApiPageResponse(BoundaryDto)
  listBoundaries(@CurrentActor() actor: Actor, @Query() query: ListBoundariesQueryDto): Promise<Page<BoundaryDto>> {
    return this.boundaries.list(actor, query);
  }

  @Post()
  @Authorize(Permission.BoundariesWrite)
  @Idempotent()
  @ApiOperation({ summary: 'Propose a boundary for a couple (proposed until both partners agree to it; 409 SUBJECT_ARCHIVED for an archived couple)' })
  @ApiCreatedResponse({ type: BoundaryDto })
  @ApiProblems(404, 409)
  createBoundary(@CurrentActor() actor: Actor, @Body() dto: CreateBoundaryDto): Promise<BoundaryDto> {
    return this.boundaries.create(actor, dto);
  }

  @Get(':id')
  @Authorize(Permission.BoundariesRead)
  @ApiOperation({ summary: 'Get a boundary with every version of its text, its agreements and its breach counts' })
  @ApiOkResponse({ type: BoundaryDto })
  getBoundary(@CurrentActor() actor: Actor, @IdParam() id: string): Promise<BoundaryDto> {
    return this.boundaries.get(actor, id);
  }

  @Patch(':id')
  @Authorize(Permission.BoundariesWrite)
  @ApiOperation({
    summary: 'Revise a boundary’s text (a new version both partners must agree to again) or retire it',
    description:
      'One change at a time: `{text, proposedBy?}` revises (a new version with no agreements yet; the old versions stay in `versions`; ' +
      '`proposedBy` defaults to the practitioner; the same text again changes nothing), `{status: "retired"}` retires for good ' +
      '(409 `BOUNDARY_ALREADY_RETIRED` the second time; a retired boundary takes no new text: 409 `BOUNDARY_RETIRED`). ' +
      'Both at once, or `proposedBy` without `text`, is 400. `If-Match` guards against revising a text someone else has just changed.',
  })
  @ApiOkResponse({ type: BoundaryDto })
  @ApiProblems(409)
  updateBoundary(
    @CurrentActor() actor: Actor,
    @IdParam() id: string,
    @Body() dto: UpdateBoundaryDto,
    @IfMatchHeader() ifMatch: IfMatch | undefined,
  ): Promise<BoundaryDto> {
    return this.boundaries.update(actor, id, dto, ifMatch);
  }

  @Delete(':id')
  @Authorize(Permission.BoundariesWrite)
  @ApiOperation({ summary: 'Archive a boundary (it leaves lists, stays readable, and can be restored)' })
  @ApiOkResponse({ type: BoundaryDto })
  archiveBoundary(@CurrentActor() actor: Actor, @IdParam() id: string, @IfMatchHeader() ifMatch: IfMatch | undefined): Promise<BoundaryDto> {
    return this.boundaries.archive(actor, id, ifMatch);
  }

  @Post(':id/restore')
  @Authorize(Permission.BoundariesWrite)
  @HttpCode(200)
  @ApiOperation({ summary: 'Bring an archived boundary back' })
  @ApiOkResponse({ type: BoundaryDto })
  restoreBoundary(@CurrentActor() actor: Actor, @IdParam() id: string, @IfMatchHeader() ifMatch: IfMatch | undefined): Promise<BoundaryDto> {
    return this.boundaries.restore(actor, id, ifMatch);
  }

  @Put(':id/agreements/:partnerId')
  @Authorize(Permission.BoundariesWrite)
  @ApiOperation({ summary: 'Record a partner’s agreement to the current version (again: no change; 404 NOT_A_PARTNER, 409 when retired)' })
  @ApiOkResponse({ type: BoundaryDto })
  @ApiProblems(409)
  putBoundaryAgreement(@CurrentActor() actor: Actor, @IdParam() id: string, @IdParam('partnerId') partnerId: string): Promise<BoundaryDto> {
    return this.boundaries.agree(actor, id, partnerId);
  }

  @Delete(':id/agreements/:partnerId')
  @Authorize(Permission.BoundariesWrite)
  @ApiOperation({ summary: 'Withdraw a partner’s agreement to the current version (kept as history; none given: no change)' })
  @ApiOkResponse({ type: BoundaryDto })
  @ApiProblems(409)
  deleteBoundaryAgreement(@CurrentActor() actor: Actor, @IdParam() id: string, @IdParam('partnerId') partnerId: string): Promise<BoundaryDto> {
    return this.boundaries.withdraw(actor, id, partnerId);
  }

  @Get(':id/breaches')
  @Authorize(Permission.BoundariesRead)
  @ApiOperation({ summary: 'List a boundary’s breaches, newest recorded first' })
  @ApiPageResponse(BreachDto)
  listBoundaryBreaches(@CurrentActor() actor: Actor, @IdParam() id: string, @Query() query: ListBreachesQueryDto): Promise<Page<BreachDto>> {
    return this.breaches.list(actor, id, query);
  }

  @Post(':id/breaches')
  @Authorize(Permission.BoundariesWrite)
  @Idempotent()
  @ApiOperation({ summary: 'Record a breach of an agreed boundary by one partner (409 BOUNDARY_NOT_AGREED or BOUNDARY_RETIRED otherwise)' })
  @ApiCreatedResponse({ type: BreachDto })
  @ApiProblems(409)
  createBoundaryBreach(@CurrentActor() actor: Actor, @IdParam() id: string, @Body() dto: CreateBreachDto): Promise<BreachDto> {
    return this.breaches.create(actor, id, dto);
  }

  @Post(':id/breaches/:breachId/acknowledgement')
  @Authorize(Permission.BoundariesWrite)
  @HttpCode(200)
  @ApiOperation({
    summary: 'Record the other partner’s acknowledgement of a breach (the partner who did not report it; for a practitioner’s report, the partner in breach); again: no change',
  })
  @ApiOkResponse({ type: BreachDto })
  acknowledgeBoundaryBreach(@CurrentActor() actor: Actor, @IdParam() id: string, @IdParam('breachId') breachId: string): Promise<BreachDto> {
    return this.breaches.acknowledge(actor, id, breachId);
  }
}
