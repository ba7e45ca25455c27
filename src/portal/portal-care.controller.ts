import { Body, Controller, Delete, Get, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AssignmentDto } from '../assignments/dto/assignment.dto';
import { ClientActor } from '../auth/actor';
import { PortalClient } from '../auth/authorize.decorator';
import { CurrentClient } from '../auth/current-actor.decorator';
import { BoundaryDto } from '../boundaries/dto/boundary.dto';
import { BreachDto } from '../boundaries/dto/breach.dto';
import { CommitmentDto } from '../commitments/dto/commitment.dto';
import { OccurrenceDto, RECORD_OUTCOME_VARIANTS, RecordOutcomeDto } from '../commitments/dto/occurrence.dto';
import { IfMatch, IfMatchHeader } from '../common/concurrency';
import { Idempotent } from '../common/idempotency';
import { ApiPageResponse, Page, PageQueryDto } from '../common/pagination';
import { ApiDateParam, DateParam } from '../http/date-param';
import { IdParam } from '../http/id-param';
import { UnionBody } from '../http/unions';
import { MeasurementDto } from '../measurements/dto/measurement.dto';
import { ApiProblems } from '../openapi/api-problems.decorator';
import { CreatePortalBreachDto, CreatePortalMeasurementDto, UpdatePortalAssignmentDto } from './dto/portal-care.dto';
import { PortalCareService } from './portal-care.service';

/**
 * The signed-in client's work between sessions. Everything they write is recorded as theirs
 * (`recordedBy.type` `client`), goes on the timeline and is audited with them as the actor.
 */
@ApiTags('Portal')
@Controller('portal')
export class PortalCareController {
  constructor(private readonly care: PortalCareService) {}

  @Get('assignments')
  @PortalClient()
  @ApiOperation({ summary: 'My assignments (mine only: never my partner’s or another group member’s)' })
  @ApiPageResponse(AssignmentDto)
  listPortalAssignments(@CurrentClient() client: ClientActor, @Query() query: PageQueryDto): Promise<Page<AssignmentDto>> {
    return this.care.listAssignments(client, query);
  }

  @Get('assignments/:id')
  @PortalClient()
  @ApiOperation({ summary: 'One of my assignments' })
  @ApiOkResponse({ type: AssignmentDto })
  getPortalAssignment(@CurrentClient() client: ClientActor, @IdParam() id: string): Promise<AssignmentDto> {
    return this.care.getAssignment(client, id);
  }

  @Patch('assignments/:id')
  @PortalClient()
  @ApiOperation({ summary: 'Start or complete one of my assignments, with my reflection (completed is final)' })
  @ApiOkResponse({ type: AssignmentDto })
  @ApiProblems(409)
  updatePortalAssignment(
    @CurrentClient() client: ClientActor,
    @IdParam() id: string,
    @Body() dto: UpdatePortalAssignmentDto,
    @IfMatchHeader() ifMatch: IfMatch | undefined,
  ): Promise<AssignmentDto> {
    return this.care.updateAssignment(client, id, dto, ifMatch);
  }

  @Get('commitments')
  @PortalClient()
  @ApiOperation({ summary: 'Commitments I made and those made to me (shared by both partners)' })
  @ApiPageResponse(CommitmentDto)
  listPortalCommitments(@CurrentClient() client: ClientActor, @Query() query: PageQueryDto): Promise<Page<CommitmentDto>> {
    return this.care.listCommitments(client, query);
  }

  @Get('commitments/:id')
  @PortalClient()
  @ApiOperation({ summary: 'One commitment I made or that was made to me' })
  @ApiOkResponse({ type: CommitmentDto })
  getPortalCommitment(@CurrentClient() client: ClientActor, @IdParam() id: string): Promise<CommitmentDto> {
    return this.care.getCommitment(client, id);
  }

  @Put('commitments/:id/occurrences/:date')
  @PortalClient()
  @ApiOperation({
    summary: 'Report on an occurrence of my commitment (viewpoint `committer`), or confirm or dispute my partner’s (viewpoint `partner`)',
    description: 'The body is the staff route’s; the viewpoint must be mine (else 403). The rules of recording are the same.',
  })
  @ApiDateParam('date', 'The occurrence’s calendar date, in the commitment’s time zone.')
  @ApiOkResponse({ type: OccurrenceDto })
  @ApiProblems(409)
  recordPortalCommitmentOutcome(
    @CurrentClient() client: ClientActor,
    @IdParam() id: string,
    @DateParam('date') date: string,
    @UnionBody(RECORD_OUTCOME_VARIANTS) dto: RecordOutcomeDto,
  ): Promise<OccurrenceDto> {
    return this.care.recordOutcome(client, id, date, dto);
  }

  @Get('boundaries')
  @PortalClient()
  @ApiOperation({ summary: 'The boundaries of my couple' })
  @ApiPageResponse(BoundaryDto)
  listPortalBoundaries(@CurrentClient() client: ClientActor, @Query() query: PageQueryDto): Promise<Page<BoundaryDto>> {
    return this.care.listBoundaries(client, query);
  }

  @Get('boundaries/:id')
  @PortalClient()
  @ApiOperation({ summary: 'One boundary of my couple' })
  @ApiOkResponse({ type: BoundaryDto })
  getPortalBoundary(@CurrentClient() client: ClientActor, @IdParam() id: string): Promise<BoundaryDto> {
    return this.care.getBoundary(client, id);
  }

  @Put('boundaries/:id/agreement')
  @PortalClient()
  @ApiOperation({ summary: 'Agree to the boundary’s current text (it is agreed once both partners have)' })
  @ApiOkResponse({ type: BoundaryDto })
  @ApiProblems(409)
  agreePortalBoundary(@CurrentClient() client: ClientActor, @IdParam() id: string): Promise<BoundaryDto> {
    return this.care.agree(client, id);
  }

  @Delete('boundaries/:id/agreement')
  @PortalClient()
  @ApiOperation({ summary: 'Withdraw my agreement to the boundary' })
  @ApiOkResponse({ type: BoundaryDto })
  @ApiProblems(409)
  withdrawPortalBoundaryAgreement(@CurrentClient() client: ClientActor, @IdParam() id: string): Promise<BoundaryDto> {
    return this.care.withdrawAgreement(client, id);
  }

  @Post('boundaries/:id/breaches')
  @PortalClient()
  @Idempotent()
  @ApiOperation({ summary: 'Report a breach of an agreed boundary (I am the reporter)' })
  @ApiCreatedResponse({ type: BreachDto })
  @ApiProblems(409)
  reportPortalBoundaryBreach(@CurrentClient() client: ClientActor, @IdParam() id: string, @Body() dto: CreatePortalBreachDto): Promise<BreachDto> {
    return this.care.reportBreach(client, id, dto);
  }

  @Get('measurements')
  @PortalClient()
  @ApiOperation({ summary: 'My answers to check-ins and questionnaires (never my partner’s)' })
  @ApiPageResponse(MeasurementDto)
  listPortalMeasurements(@CurrentClient() client: ClientActor, @Query() query: PageQueryDto): Promise<Page<MeasurementDto>> {
    return this.care.listMeasurements(client, query);
  }

  @Get('measurements/:id')
  @PortalClient()
  @ApiOperation({ summary: 'One of my answers' })
  @ApiOkResponse({ type: MeasurementDto })
  getPortalMeasurement(@CurrentClient() client: ClientActor, @IdParam() id: string): Promise<MeasurementDto> {
    return this.care.getMeasurement(client, id);
  }

  @Post('measurements')
  @PortalClient()
  @Idempotent()
  @ApiOperation({ summary: 'Answer a check-in or questionnaire as myself (as a partner of `coupleId`, or on my own); the server scores it' })
  @ApiCreatedResponse({ type: MeasurementDto })
  @ApiProblems(404, 409)
  answerPortalMeasure(@CurrentClient() client: ClientActor, @Body() dto: CreatePortalMeasurementDto): Promise<MeasurementDto> {
    return this.care.answerMeasure(client, dto);
  }
}
