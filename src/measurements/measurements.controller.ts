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
import { CreateMeasurementDto, ListMeasurementsQueryDto, MeasurementDto } from './dto/measurement.dto';
import { MeasurementsService } from './measurements.service';

/** Measurements never change: there is no PATCH or DELETE. A correction is a new one that supersedes. */
@ApiTags('Measurements')
@Controller('measurements')
export class MeasurementsController {
  constructor(private readonly measurements: MeasurementsService) {}

  @Get()
  @Authorize(Permission.MeasurementsRead)
  @ApiOperation({
    summary: 'List measurements, newest recorded first (a practitioner sees those of the couples and clients in their caseload)',
    description: 'Superseded (corrected) measurements are left out unless `includeSuperseded=true` (the default with `updatedSince`).',
  })
  @ApiPageResponse(MeasurementDto)
  listMeasurements(@CurrentActor() actor: Actor, @Query() query: ListMeasurementsQueryDto): Promise<Page<MeasurementDto>> {
    return this.measurements.list(actor, query);
  }

  @Post()
  @Authorize(Permission.MeasurementsWrite)
  @Idempotent()
  @ApiOperation({
    summary: 'Record one respondent’s answers to an instrument; the server scores them',
    description:
      'For a couple, `coupleId` and the partner answering as `clientId` (another client: 404 `NOT_A_PARTNER`); in individual work, ' +
      '`clientId` alone. Every item is answered exactly once, by `itemId` or by `index`, with an integer from its `min` to its `max` ' +
      '(else 400 naming each answer at fault); a `score` sent is refused. `sessionId` must be one of the same couple’s or client’s ' +
      'sessions (else 400). An archived couple or client is a 409 `SUBJECT_ARCHIVED`. A correction names the measurement it replaces ' +
      'in `supersedesId` with a `reason`: same instrument, respondent and couple (else 400); one already corrected is a 409 ' +
      '`MEASUREMENT_SUPERSEDED`. The open enrollments of the couple (or client) get a `measurement_recorded` event, without the answers.',
  })
  @ApiCreatedResponse({ type: MeasurementDto })
  @ApiProblems(404, 409)
  createMeasurement(@CurrentActor() actor: Actor, @Body() dto: CreateMeasurementDto): Promise<MeasurementDto> {
    return this.measurements.create(actor, dto);
  }

  @Get(':id')
  @Authorize(Permission.MeasurementsRead)
  @ApiOperation({ summary: 'Get a measurement (a superseded one too) with its answers, score and the cut-offs it meets' })
  @ApiOkResponse({ type: MeasurementDto })
  getMeasurement(@CurrentActor() actor: Actor, @IdParam() id: string): Promise<MeasurementDto> {
    return this.measurements.get(actor, id);
  }
}
