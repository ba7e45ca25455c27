import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor } from '../auth/actor';
import { Authorize } from '../auth/authorize.decorator';
import { CurrentActor } from '../auth/current-actor.decorator';
import { Permission } from '../auth/permissions';
import { IfMatch, IfMatchHeader } from '../common/concurrency';
import { Idempotent } from '../common/idempotency';
import { ApiPageResponse, Page } from '../common/pagination';
import { ApiDateParam, DateParam } from '../http/date-param';
import { IdParam } from '../http/id-param';
import { UnionBody } from '../http/unions';
import { ApiProblems } from '../openapi/api-problems.decorator';
import { CommitmentOutcomesService } from './commitment-outcomes.service';
import { CommitmentsService } from './commitments.service';
import { CommitmentDto, CREATE_COMMITMENT_VARIANTS, CreateCommitmentDto, ListCommitmentsQueryDto, UpdateCommitmentDto } from './dto/commitment.dto';
import { OccurrenceDto, OccurrenceWindowDto, OccurrenceWindowQueryDto, RECORD_OUTCOME_VARIANTS, RecordOutcomeDto } from './dto/occurrence.dto';

@ApiTags('Commitments')
@Controller('commitments')
export class CommitmentsController {
  constructor(
    private readonly commitments: CommitmentsService,
    private readonly outcomes: CommitmentOutcomesService,
  ) {}

  @Get()
  @Authorize(Permission.CommitmentsRead)
  @ApiOperation({ summary: 'List the commitments of the couples and clients you can reach' })
  @ApiPageResponse(CommitmentDto)
  listCommitments(@CurrentActor() actor: Actor, @Query() query: ListCommitmentsQueryDto): Promise<Page<CommitmentDto>> {
    return this.commitments.list(actor, query);
  }

  @Post()
  @Authorize(Permission.CommitmentsWrite)
  @Idempotent()
  @ApiOperation({
    summary: 'Make a commitment: a partner’s promise to the other partner or to the relationship, or a client’s to themselves',
    description:
      'The schedule’s dates are calendar dates in the organization’s time zone, which the commitment keeps: a later change ' +
      'of the organization’s time zone moves none of them, and neither does a daylight saving change.',
  })
  @ApiCreatedResponse({ type: CommitmentDto })
  @ApiProblems(404, 409)
  createCommitment(@CurrentActor() actor: Actor, @UnionBody(CREATE_COMMITMENT_VARIANTS) dto: CreateCommitmentDto): Promise<CommitmentDto> {
    return this.commitments.create(actor, dto);
  }

  @Get(':id')
  @Authorize(Permission.CommitmentsRead)
  @ApiOperation({ summary: 'Get a commitment (archived ones too)' })
  @ApiOkResponse({ type: CommitmentDto })
  getCommitment(@CurrentActor() actor: Actor, @IdParam() id: string): Promise<CommitmentDto> {
    return this.commitments.get(actor, id);
  }

  @Patch(':id')
  @Authorize(Permission.CommitmentsWrite)
  @ApiOperation({
    summary: 'Change a commitment’s description, recipient or step and practice',
    description: 'The schedule changes only by renegotiating an occurrence (`PUT .../occurrences/{date}`), which makes a new version.',
  })
  @ApiOkResponse({ type: CommitmentDto })
  updateCommitment(
    @CurrentActor() actor: Actor,
    @IdParam() id: string,
    @Body() dto: UpdateCommitmentDto,
    @IfMatchHeader() ifMatch: IfMatch | undefined,
  ): Promise<CommitmentDto> {
    return this.commitments.update(actor, id, dto, ifMatch);
  }

  @Delete(':id')
  @Authorize(Permission.CommitmentsWrite)
  @ApiOperation({ summary: 'Archive a commitment (it leaves lists, stays readable, and can be restored; it takes no outcomes meanwhile)' })
  @ApiOkResponse({ type: CommitmentDto })
  archiveCommitment(@CurrentActor() actor: Actor, @IdParam() id: string, @IfMatchHeader() ifMatch: IfMatch | undefined): Promise<CommitmentDto> {
    return this.commitments.archive(actor, id, ifMatch);
  }

  @Post(':id/restore')
  @Authorize(Permission.CommitmentsWrite)
  @HttpCode(200)
  @ApiOperation({ summary: 'Bring an archived commitment back' })
  @ApiOkResponse({ type: CommitmentDto })
  restoreCommitment(@CurrentActor() actor: Actor, @IdParam() id: string, @IfMatchHeader() ifMatch: IfMatch | undefined): Promise<CommitmentDto> {
    return this.commitments.restore(actor, id, ifMatch);
  }

  @Get(':id/occurrences')
  @Authorize(Permission.CommitmentsRead)
  @ApiOperation({
    summary: 'List the occurrences in a window of dates (at most 366 days), each with its recorded outcome, for a calendar',
    description: 'Occurrences are derived from the schedule; an occurrence with nothing recorded has `committer` and `partner` null.',
  })
  @ApiOkResponse({ type: OccurrenceWindowDto })
  listCommitmentOccurrences(@CurrentActor() actor: Actor, @IdParam() id: string, @Query() query: OccurrenceWindowQueryDto): Promise<OccurrenceWindowDto> {
    return this.commitments.occurrences(actor, id, query);
  }

  @Put(':id/occurrences/:date')
  @Authorize(Permission.CommitmentsWrite)
  @ApiOperation({
    summary: 'Record one viewpoint on an occurrence: the committer’s report, or the other partner’s confirmation or dispute',
    description:
      'By `viewpoint`. `committer`: `kept`, `missed`, `excused` (with a `reason`) or `renegotiated` (with `renegotiated`, the new ' +
      'terms: they become a new version of the commitment, linked by `previousId`/`supersededById`, and this one’s schedule ends on ' +
      'the date). A report with another outcome than before clears the partner’s answer. `partner`: `confirmed` or `disputed`, on a ' +
      'couple’s commitment whose occurrence has a report (else 409 `OUTCOME_NOT_REPORTED`). A date that is not an occurrence is a 404; ' +
      'a date after today in the commitment’s time zone a 409 `OCCURRENCE_IN_THE_FUTURE`. Recording the same again changes nothing (a ' +
      'renegotiation repeated with the terms its new version has answers that version; other terms are a 409 `COMMITMENT_SUPERSEDED`); ' +
      'every change goes on the timeline of the subject’s open enrollments, without the reason or note.',
  })
  @ApiDateParam('date', 'The occurrence’s calendar date, in the commitment’s time zone.')
  @ApiOkResponse({ type: OccurrenceDto })
  @ApiProblems(409)
  recordCommitmentOutcome(
    @CurrentActor() actor: Actor,
    @IdParam() id: string,
    @DateParam('date') date: string,
    @UnionBody(RECORD_OUTCOME_VARIANTS) dto: RecordOutcomeDto,
  ): Promise<OccurrenceDto> {
    return this.outcomes.record(actor, id, date, dto);
  }
}
