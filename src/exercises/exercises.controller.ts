import { Body, Controller, Delete, Get, HttpCode, Post, Query } from '@nestjs/common';
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
import { CreateExerciseDto, ExerciseDto, ListExercisesQueryDto } from './dto/exercise.dto';
import { ExercisesService } from './exercises.service';

/** Built-in exercises are read-only: archiving or restoring one answers 409 EXERCISE_READ_ONLY. */
@ApiTags('Exercises')
@Controller('exercises')
export class ExercisesController {
  constructor(private readonly exercises: ExercisesService) {}

  @Get()
  @Authorize(Permission.ExercisesRead)
  @ApiOperation({ summary: 'List the built-in exercises and the organization’s own, newest first' })
  @ApiPageResponse(ExerciseDto)
  listExercises(@CurrentActor() actor: Actor, @Query() query: ListExercisesQueryDto): Promise<Page<ExerciseDto>> {
    return this.exercises.list(actor, query);
  }

  @Post()
  @Authorize(Permission.ExercisesWrite)
  @Idempotent()
  @ApiOperation({ summary: 'Add an exercise of the organization, tied to a step (and optionally a practice) of the built-in program' })
  @ApiCreatedResponse({ type: ExerciseDto })
  @ApiProblems(409)
  createExercise(@CurrentActor() actor: Actor, @Body() dto: CreateExerciseDto): Promise<ExerciseDto> {
    return this.exercises.create(actor, dto);
  }

  @Get(':id')
  @Authorize(Permission.ExercisesRead)
  @ApiOperation({ summary: 'Get an exercise (built-in, or the organization’s own, archived ones too)' })
  @ApiOkResponse({ type: ExerciseDto })
  getExercise(@CurrentActor() actor: Actor, @IdParam() id: string): Promise<ExerciseDto> {
    return this.exercises.get(actor, id);
  }

  @Delete(':id')
  @Authorize(Permission.ExercisesWrite)
  @ApiOperation({ summary: 'Archive one of the organization’s exercises (it takes no new assignments; given ones stay)' })
  @ApiOkResponse({ type: ExerciseDto })
  @ApiProblems(409)
  archiveExercise(@CurrentActor() actor: Actor, @IdParam() id: string, @IfMatchHeader() ifMatch: IfMatch | undefined): Promise<ExerciseDto> {
    return this.exercises.archive(actor, id, ifMatch);
  }

  @Post(':id/restore')
  @Authorize(Permission.ExercisesWrite)
  @HttpCode(200)
  @ApiOperation({ summary: 'Bring an archived exercise of the organization back' })
  @ApiOkResponse({ type: ExerciseDto })
  @ApiProblems(409)
  restoreExercise(@CurrentActor() actor: Actor, @IdParam() id: string, @IfMatchHeader() ifMatch: IfMatch | undefined): Promise<ExerciseDto> {
    return this.exercises.restore(actor, id, ifMatch);
  }
}
