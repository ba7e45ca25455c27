import { Body, Controller, Get, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor } from '../auth/actor';
import { Authorize } from '../auth/authorize.decorator';
import { CurrentActor } from '../auth/current-actor.decorator';
import { Permission } from '../auth/permissions';
import { Idempotent } from '../common/idempotency';
import { ApiPageResponse, Page } from '../common/pagination';
import { IdParam } from '../http/id-param';
import { CreateSafetyScreeningDto, ListSafetyScreeningsQueryDto, SafetyScreeningDto } from './dto/safety-screening.dto';
import { SafetyScreeningsService } from './safety-screenings.service';

@ApiTags('Safety screenings')
@Controller('clients/:id/safety-screenings')
export class SafetyScreeningsController {
  constructor(private readonly screenings: SafetyScreeningsService) {}

  @Get()
  @Authorize(Permission.ScreeningsRead)
  @ApiOperation({ summary: 'List a client’s safety screenings' })
  @ApiPageResponse(SafetyScreeningDto)
  listSafetyScreenings(
    @CurrentActor() actor: Actor,
    @IdParam() id: string,
    @Query() query: ListSafetyScreeningsQueryDto,
  ): Promise<Page<SafetyScreeningDto>> {
    return this.screenings.list(actor, id, query);
  }

  @Post()
  @Authorize(Permission.ScreeningsWrite)
  @Idempotent()
  @ApiOperation({ summary: 'Record a safety screening of a client (screenings gate joint sessions)' })
  @ApiCreatedResponse({ type: SafetyScreeningDto })
  createSafetyScreening(
    @CurrentActor() actor: Actor,
    @IdParam() id: string,
    @Body() dto: CreateSafetyScreeningDto,
  ): Promise<SafetyScreeningDto> {
    return this.screenings.create(actor, id, dto);
  }
}
