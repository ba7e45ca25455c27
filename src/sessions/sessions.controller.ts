import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor } from '../auth/actor';
import { Authorize } from '../auth/authorize.decorator';
import { CurrentActor } from '../auth/current-actor.decorator';
import { Permission } from '../auth/permissions';
import { IfMatch, IfMatchHeader } from '../common/concurrency';
import { Idempotent } from '../common/idempotency';
import { ApiPageResponse, Page } from '../common/pagination';
import { IdParam } from '../http/id-param';
import { UnionBody } from '../http/unions';
import { ApiProblems } from '../openapi/api-problems.decorator';
import {
  AddendumReceiptDto,
  CompleteSessionDto,
  CREATE_SESSION_VARIANTS,
  CreateAddendumDto,
  CreateSessionDto,
  ListSessionsQueryDto,
  SessionDto,
  UpdateSessionDto,
} from './dto/session.dto';
import { SessionsService } from './sessions.service';

@ApiTags('Sessions')
@Controller('sessions')
export class SessionsController {
  constructor(private readonly sessions: SessionsService) {}

  @Get()
  @Authorize(Permission.SessionsRead)
  @ApiOperation({ summary: 'List sessions you can reach (notes only for those allowed to read them)' })
  @ApiPageResponse(SessionDto)
  listSessions(@CurrentActor() actor: Actor, @Query() query: ListSessionsQueryDto): Promise<Page<SessionDto>> {
    return this.sessions.list(actor, query);
  }

  @Post()
  @Authorize(Permission.SessionsWrite)
  @Idempotent()
  @ApiOperation({
    summary: 'Schedule a session (409 SESSION_OVERLAP if the lead is booked; couple sessions pass the safety screening gate)',
  })
  @ApiCreatedResponse({ type: SessionDto })
  @ApiProblems(404, 409)
  createSession(@CurrentActor() actor: Actor, @UnionBody(CREATE_SESSION_VARIANTS) dto: CreateSessionDto): Promise<SessionDto> {
    return this.sessions.create(actor, dto);
  }

  @Get(':id')
  @Authorize(Permission.SessionsRead)
  @ApiOperation({ summary: 'Get a session (its note and addenda only for those allowed to read them)' })
  @ApiOkResponse({ type: SessionDto })
  getSession(@CurrentActor() actor: Actor, @IdParam() id: string): Promise<SessionDto> {
    return this.sessions.get(actor, id);
  }

  @Patch(':id')
  @Authorize(Permission.SessionsWrite)
  @ApiOperation({ summary: 'Reschedule or change a scheduled session, or mark it cancelled or no-show' })
  @ApiOkResponse({ type: SessionDto })
  @ApiProblems(409)
  updateSession(
    @CurrentActor() actor: Actor,
    @IdParam() id: string,
    @Body() dto: UpdateSessionDto,
    @IfMatchHeader() ifMatch: IfMatch | undefined,
  ): Promise<SessionDto> {
    return this.sessions.update(actor, id, dto, ifMatch);
  }

  @Delete(':id')
  @Authorize(Permission.SessionsWrite)
  @ApiOperation({ summary: 'Archive a session that is not completed (a signed note stays)' })
  @ApiOkResponse({ type: SessionDto })
  @ApiProblems(409)
  archiveSession(@CurrentActor() actor: Actor, @IdParam() id: string, @IfMatchHeader() ifMatch: IfMatch | undefined): Promise<SessionDto> {
    return this.sessions.archive(actor, id, ifMatch);
  }

  @Post(':id/restore')
  @Authorize(Permission.SessionsWrite)
  @HttpCode(200)
  @ApiOperation({ summary: 'Bring an archived session back (409 if its lead has been booked meanwhile)' })
  @ApiOkResponse({ type: SessionDto })
  @ApiProblems(409)
  restoreSession(@CurrentActor() actor: Actor, @IdParam() id: string, @IfMatchHeader() ifMatch: IfMatch | undefined): Promise<SessionDto> {
    return this.sessions.restore(actor, id, ifMatch);
  }

  @Post(':id/complete')
  @Authorize(Permission.SessionsWrite, { staffOnly: true })
  @HttpCode(200)
  @ApiOperation({
    summary: 'Complete a session: attendance, steps addressed, and the clinical note, encrypted, signed by you and locked',
    description:
      'Only a scheduled session that has started can be completed. 409 `SESSION_NOT_STARTED` while its `startsAt` is ' +
      'still in the future (the problem names `startsAt`); `SESSION_NOT_SCHEDULED` when it is cancelled, a no-show or ' +
      'archived; `SESSION_LOCKED` when it is already completed with another body (the same body again answers 200).',
  })
  @ApiOkResponse({ type: SessionDto })
  @ApiProblems(409)
  completeSession(@CurrentActor() actor: Actor, @IdParam() id: string, @Body() dto: CompleteSessionDto): Promise<SessionDto> {
    return this.sessions.complete(actor, id, dto);
  }

  @Post(':id/addenda')
  @Authorize(Permission.SessionsWrite, { staffOnly: true })
  @Idempotent()
  @ApiOperation({ summary: 'Add a signed addendum to a completed session’s note (the text is not echoed back)' })
  @ApiCreatedResponse({ type: AddendumReceiptDto })
  @ApiProblems(409)
  createSessionAddendum(@CurrentActor() actor: Actor, @IdParam() id: string, @Body() dto: CreateAddendumDto): Promise<AddendumReceiptDto> {
    return this.sessions.addAddendum(actor, id, dto);
  }
}
