import { Body, Controller, Get, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor } from '../auth/actor';
import { Authorize } from '../auth/authorize.decorator';
import { CurrentActor } from '../auth/current-actor.decorator';
import { Permission } from '../auth/permissions';
import { IfMatch, IfMatchHeader } from '../common/concurrency';
import { Idempotent } from '../common/idempotency';
import { ApiPageResponse, Page } from '../common/pagination';
import { IdParam } from '../http/id-param';
import { ApiKebabKeyParam, KeyParam } from '../http/key-param';
import { UnionBody } from '../http/unions';
import { ApiProblems } from '../openapi/api-problems.decorator';
import {
  CREATE_ENROLLMENT_VARIANTS,
  CreateEnrollmentDto,
  EnrollmentDto,
  ListEnrollmentEventsQueryDto,
  ListEnrollmentsQueryDto,
  MoveStepDto,
  TickPracticeDto,
  UpdateEnrollmentDto,
} from './dto/enrollment.dto';
import { EnrollmentEventDto, EnrollmentEventSchema } from './dto/enrollment-event.dto';
import { EnrollmentsService } from './enrollments.service';

@ApiTags('Enrollments')
@Controller('enrollments')
export class EnrollmentsController {
  constructor(private readonly enrollments: EnrollmentsService) {}

  @Get()
  @Authorize(Permission.EnrollmentsRead)
  @ApiOperation({ summary: 'List enrollments (a practitioner sees those of their caseload)' })
  @ApiPageResponse(EnrollmentDto)
  listEnrollments(@CurrentActor() actor: Actor, @Query() query: ListEnrollmentsQueryDto): Promise<Page<EnrollmentDto>> {
    return this.enrollments.list(actor, query);
  }

  @Post()
  @Authorize(Permission.EnrollmentsWrite)
  @Idempotent()
  @ApiOperation({ summary: 'Enroll a couple or a client in one program version (one open enrollment per subject and program)' })
  @ApiCreatedResponse({ type: EnrollmentDto })
  @ApiProblems(404, 409)
  createEnrollment(@CurrentActor() actor: Actor, @UnionBody(CREATE_ENROLLMENT_VARIANTS) dto: CreateEnrollmentDto): Promise<EnrollmentDto> {
    return this.enrollments.create(actor, dto);
  }

  @Get(':id')
  @Authorize(Permission.EnrollmentsRead)
  @ApiOperation({ summary: 'Get an enrollment: every step’s status, practices and ticks, the current step and progress' })
  @ApiOkResponse({ type: EnrollmentDto })
  getEnrollment(@CurrentActor() actor: Actor, @IdParam() id: string): Promise<EnrollmentDto> {
    return this.enrollments.get(actor, id);
  }

  @Patch(':id')
  @Authorize(Permission.EnrollmentsWrite)
  @ApiOperation({ summary: 'Pause, resume, complete or withdraw an enrollment' })
  @ApiOkResponse({ type: EnrollmentDto })
  @ApiProblems(409)
  updateEnrollment(
    @CurrentActor() actor: Actor,
    @IdParam() id: string,
    @Body() dto: UpdateEnrollmentDto,
    @IfMatchHeader() ifMatch: IfMatch | undefined,
  ): Promise<EnrollmentDto> {
    return this.enrollments.update(actor, id, dto, ifMatch);
  }

  @Patch(':id/steps/:stepKey')
  @Authorize(Permission.EnrollmentsWrite)
  @ApiKebabKeyParam('stepKey', 'The key of a step of the enrollment’s program version.')
  @ApiOperation({ summary: 'Move a step: start it, complete it, or take a completed step back (a setback, with a reason)' })
  @ApiOkResponse({ type: EnrollmentDto })
  @ApiProblems(409)
  moveEnrollmentStep(
    @CurrentActor() actor: Actor,
    @IdParam() id: string,
    @KeyParam('stepKey') stepKey: string,
    @Body() dto: MoveStepDto,
    @IfMatchHeader() ifMatch: IfMatch | undefined,
  ): Promise<EnrollmentDto> {
    return this.enrollments.moveStep(actor, id, stepKey, dto, ifMatch);
  }

  @Put(':id/steps/:stepKey/practices/:practiceKey')
  @Authorize(Permission.EnrollmentsWrite)
  @ApiKebabKeyParam('stepKey', 'The key of a step of the enrollment’s program version.')
  @ApiKebabKeyParam('practiceKey', 'The key of one of that step’s practices.')
  @ApiOperation({ summary: 'Tick or untick a practice, for one partner or both' })
  @ApiOkResponse({ type: EnrollmentDto })
  @ApiProblems(409)
  putEnrollmentPractice(
    @CurrentActor() actor: Actor,
    @IdParam() id: string,
    @KeyParam('stepKey') stepKey: string,
    @KeyParam('practiceKey') practiceKey: string,
    @Body() dto: TickPracticeDto,
    @IfMatchHeader() ifMatch: IfMatch | undefined,
  ): Promise<EnrollmentDto> {
    return this.enrollments.tickPractice(actor, id, stepKey, practiceKey, dto, ifMatch);
  }

  @Get(':id/events')
  @Authorize(Permission.EnrollmentsRead)
  @ApiOperation({ summary: 'The enrollment’s timeline, newest first: step moves, setbacks, ticks, notes, and other modules’ events' })
  @ApiPageResponse(EnrollmentEventSchema)
  listEnrollmentEvents(
    @CurrentActor() actor: Actor,
    @IdParam() id: string,
    @Query() query: ListEnrollmentEventsQueryDto,
  ): Promise<Page<EnrollmentEventDto>> {
    return this.enrollments.events(actor, id, query);
  }
}
