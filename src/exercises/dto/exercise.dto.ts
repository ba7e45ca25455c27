import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import { PageQueryDto } from '../../common/pagination';
import { ApiPracticeKey, ApiStepKey, BUILT_IN_PRACTICE_KEYS, BUILT_IN_STEP_KEYS } from '../../programs/built-in/built-in-keys';
import { KEY_MAX_LENGTH, KEY_PATTERN } from '../../programs/program-rules';
import { EXERCISE_AUDIENCES, ExerciseAudience } from '../built-in/exercise-library';
import { Exercise } from '../exercise.entity';
import { ApiKebabKey } from '../../http/key-param';
import { trim } from '../../http/transforms';
import { Optional } from '../../http/optional';

const KEY_MESSAGE = { message: '$property must be kebab-case: lowercase letters and digits joined by hyphens' };


export class CreateExerciseDto {
  /** Kebab-case; unique among the organization's exercises and not the key of a built-in one. */
  @ApiKebabKey()
  @IsString()
  @MaxLength(KEY_MAX_LENGTH)
  @Matches(KEY_PATTERN, KEY_MESSAGE)
  key!: string;

  /** The step of the built-in program the exercise belongs to. */
  @ApiStepKey()
  @IsIn(BUILT_IN_STEP_KEYS)
  stepKey!: string;

  /** One of that step's practices, if the exercise trains one. */
  @ApiPracticeKey({ required: false })
  @Optional()
  @IsIn(BUILT_IN_PRACTICE_KEYS)
  practiceKey?: string;

  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  title!: string;

  /** Written to the client, to be handed over as is. */
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(8000)
  instructions!: string;

  /** About how long it takes, in minutes (1–600). */
  @ApiPropertyOptional({ type: 'integer' })
  @Optional()
  @IsInt()
  @Min(1)
  @Max(600)
  estimatedMinutes?: number;

  /** Who does it: one person alone, both partners together, or either; default `either`. */
  @Optional()
  @IsIn(EXERCISE_AUDIENCES)
  audience?: ExerciseAudience;
}

export class ListExercisesQueryDto extends PageQueryDto {
  @ApiStepKey({ required: false })
  @IsOptional()
  @IsIn(BUILT_IN_STEP_KEYS)
  stepKey?: string;

  @ApiPracticeKey({ required: false })
  @IsOptional()
  @IsIn(BUILT_IN_PRACTICE_KEYS)
  practiceKey?: string;

  @IsOptional()
  @IsIn(EXERCISE_AUDIENCES)
  audience?: ExerciseAudience;
}

export class ExerciseDto {
  id!: string;
  /** Null for a built-in exercise, which every organization sees and none changes. */
  organizationId!: string | null;
  builtIn!: boolean;
  @ApiKebabKey()
  key!: string;
  @ApiStepKey()
  stepKey!: string;
  @ApiPracticeKey({ nullable: true })
  practiceKey!: string | null;
  title!: string;
  instructions!: string;
  estimatedMinutes!: number | null;
  audience!: ExerciseAudience;
  archivedAt!: Date | null;
  createdAt!: Date;
  updatedAt!: Date;
  version!: number;
}

export function toExerciseDto(exercise: Exercise): ExerciseDto {
  return {
    id: exercise.id,
    organizationId: exercise.organizationId,
    builtIn: exercise.organizationId === null,
    key: exercise.key,
    stepKey: exercise.stepKey,
    practiceKey: exercise.practiceKey,
    title: exercise.title,
    instructions: exercise.instructions,
    estimatedMinutes: exercise.estimatedMinutes,
    audience: exercise.audience,
    archivedAt: exercise.archivedAt,
    createdAt: exercise.createdAt,
    updatedAt: exercise.updatedAt,
    version: exercise.version,
  };
}
