import { Body, Controller, Get, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor } from '../auth/actor';
import { Authorize } from '../auth/authorize.decorator';
import { CurrentActor } from '../auth/current-actor.decorator';
import { Permission } from '../auth/permissions';
import { Idempotent } from '../common/idempotency';
import { ApiPageResponse, Page } from '../common/pagination';
import { IdParam } from '../http/id-param';
import { ApiProblems } from '../openapi/api-problems.decorator';
import { CreateProgramDto, ListProgramsQueryDto, ProgramDto } from './dto/program.dto';
import { ProgramsService } from './programs.service';

/** Programs are immutable versions: there is no PATCH or DELETE. A change is a new version. */
@ApiTags('Programs')
@Controller('programs')
export class ProgramsController {
  constructor(private readonly programs: ProgramsService) {}

  @Get()
  @Authorize(Permission.ProgramsRead)
  @ApiOperation({ summary: 'List the built-in programs and the organization’s own, every version, newest first' })
  @ApiPageResponse(ProgramDto)
  listPrograms(@CurrentActor() actor: Actor, @Query() query: ListProgramsQueryDto): Promise<Page<ProgramDto>> {
    return this.programs.list(actor, query);
  }

  @Post()
  @Authorize(Permission.ProgramsWrite)
  @Idempotent()
  @ApiOperation({ summary: 'Create a program, or the next version of one the organization already has' })
  @ApiCreatedResponse({ type: ProgramDto })
  @ApiProblems(409)
  createProgram(@CurrentActor() actor: Actor, @Body() dto: CreateProgramDto): Promise<ProgramDto> {
    return this.programs.create(actor, dto);
  }

  @Get(':id')
  @Authorize(Permission.ProgramsRead)
  @ApiOperation({ summary: 'Get one program version with its steps and practices' })
  @ApiOkResponse({ type: ProgramDto })
  getProgram(@CurrentActor() actor: Actor, @IdParam() id: string): Promise<ProgramDto> {
    return this.programs.get(actor, id);
  }
}
