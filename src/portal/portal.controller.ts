import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ClientActor } from '../auth/actor';
import { PortalClient } from '../auth/authorize.decorator';
import { CurrentClient } from '../auth/current-actor.decorator';
import { ApiPageResponse, Page, PageQueryDto } from '../common/pagination';
import { PortalMeasuresDueDto } from './dto/portal-measures-due.dto';
import { PortalMeDto, PortalProgramDto, PortalUpcomingSessionDto } from './dto/portal-me.dto';
import { PortalSelfService } from './portal-self.service';

/** The signed-in client's own records: every route answers only what is theirs. */
@ApiTags('Portal')
@Controller('portal')
export class PortalController {
  constructor(private readonly self: PortalSelfService) {}

  @Get('me')
  @PortalClient()
  @ApiOperation({ summary: 'The signed-in client, their practice and their couples' })
  @ApiOkResponse({ type: PortalMeDto })
  getPortalMe(@CurrentClient() client: ClientActor): Promise<PortalMeDto> {
    return this.self.me(client);
  }

  @Get('program')
  @PortalClient()
  @ApiOperation({ summary: 'My program and my couple’s: steps, their practices, the current step and progress (read-only)' })
  @ApiOkResponse({ type: PortalProgramDto })
  getPortalProgram(@CurrentClient() client: ClientActor): Promise<PortalProgramDto> {
    return this.self.program(client);
  }

  @Get('measures-due')
  @PortalClient()
  @ApiOperation({
    summary: 'The check-ins and questionnaires I should answer now, most overdue first',
    description: 'An instrument with a cadence is due while I have an open program: from its start until I answer, then again a cadence after my last answer.',
  })
  @ApiOkResponse({ type: PortalMeasuresDueDto })
  getPortalMeasuresDue(@CurrentClient() client: ClientActor): Promise<PortalMeasuresDueDto> {
    return this.self.measuresDue(client);
  }

  @Get('sessions')
  @PortalClient()
  @ApiOperation({ summary: 'My upcoming sessions (mine, my couple’s, my groups’): time, modality and location, never notes' })
  @ApiPageResponse(PortalUpcomingSessionDto)
  listPortalSessions(@CurrentClient() client: ClientActor, @Query() query: PageQueryDto): Promise<Page<PortalUpcomingSessionDto>> {
    return this.self.upcomingSessions(client, query);
  }
}
