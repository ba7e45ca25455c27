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
import { CreateInstrumentDto, InstrumentDto, ListInstrumentsQueryDto } from './dto/instrument.dto';
import { InstrumentsService } from './instruments.service';

/** Instruments are immutable versions: there is no PATCH or DELETE. A change is a new version. */
@ApiTags('Instruments')
@Controller('instruments')
export class InstrumentsController {
  constructor(private readonly instruments: InstrumentsService) {}

  @Get()
  @Authorize(Permission.InstrumentsRead)
  @ApiOperation({ summary: 'List the built-in instruments (Trust check-in, CSI-4) and the organization’s own, every version, newest first' })
  @ApiPageResponse(InstrumentDto)
  listInstruments(@CurrentActor() actor: Actor, @Query() query: ListInstrumentsQueryDto): Promise<Page<InstrumentDto>> {
    return this.instruments.list(actor, query);
  }

  @Post()
  @Authorize(Permission.InstrumentsWrite)
  @Idempotent()
  @ApiOperation({
    summary: 'Create an instrument, or the next version of one the organization already has',
    description:
      'The score range is derived from the items and the scoring. Item ids are unique, each item’s `max` is above its `min`, ' +
      'anchors label values from `min` to `max` in ascending order, cut-offs lie within the score range, and a reliable-change ' +
      'threshold is no wider than it (else 400). A built-in instrument’s key is a 409 `INSTRUMENT_KEY_RESERVED`.',
  })
  @ApiCreatedResponse({ type: InstrumentDto })
  @ApiProblems(409)
  createInstrument(@CurrentActor() actor: Actor, @Body() dto: CreateInstrumentDto): Promise<InstrumentDto> {
    return this.instruments.create(actor, dto);
  }

  @Get(':id')
  @Authorize(Permission.InstrumentsRead)
  @ApiOperation({ summary: 'Get one instrument version with its items, scoring, cut-offs and reliable-change threshold' })
  @ApiOkResponse({ type: InstrumentDto })
  getInstrument(@CurrentActor() actor: Actor, @IdParam() id: string): Promise<InstrumentDto> {
    return this.instruments.get(actor, id);
  }
}
