import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsOptional, IsString, Matches, MaxLength, MinLength, ValidateNested } from 'class-validator';
import { PageQueryDto } from '../../common/pagination';
import { KEY_MAX_LENGTH, KEY_PATTERN, PROGRAM_LIMITS } from '../program-rules';
import { ApiKebabKey } from '../../http/key-param';
import { trim } from '../../http/transforms';
import type { Program } from '../program.entity';
import { Optional } from '../../http/optional';

const KEY_MESSAGE = { message: '$property must be kebab-case: lowercase letters and digits joined by hyphens' };

export class CreatePracticeDto {
  /** Kebab-case, unique within the whole program. */
  @ApiKebabKey()
  @IsString()
  @MaxLength(KEY_MAX_LENGTH)
  @Matches(KEY_PATTERN, KEY_MESSAGE)
  key!: string;

  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  title!: string;

  @Optional()
  @Transform(trim)
  @IsString()
  @MaxLength(2000)
  description?: string;
}

export class CreateStepDto {
  /** Kebab-case, unique within the program. */
  @ApiKebabKey()
  @IsString()
  @MaxLength(KEY_MAX_LENGTH)
  @Matches(KEY_PATTERN, KEY_MESSAGE)
  key!: string;

  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  title!: string;

  @Optional()
  @Transform(trim)
  @IsString()
  @MaxLength(2000)
  summary?: string;

  /** 1 to 10 practices, in order. */
  @IsArray()
  @ArrayMinSize(PROGRAM_LIMITS.minPractices)
  @ArrayMaxSize(PROGRAM_LIMITS.maxPractices)
  @ValidateNested({ each: true })
  @Type(() => CreatePracticeDto)
  practices!: CreatePracticeDto[];
}

/**
 * A program version. Posting a key the organization already has creates its next version; the
 * earlier versions (and enrollments in them) stay as they were.
 */
export class CreateProgramDto {
  /** Kebab-case; may not be the key of a built-in program. */
  @ApiKebabKey()
  @IsString()
  @MaxLength(KEY_MAX_LENGTH)
  @Matches(KEY_PATTERN, KEY_MESSAGE)
  key!: string;

  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  title!: string;

  @Optional()
  @Transform(trim)
  @IsString()
  @MaxLength(4000)
  description?: string;

  /** 1 to 20 steps, in order. */
  @IsArray()
  @ArrayMinSize(PROGRAM_LIMITS.minSteps)
  @ArrayMaxSize(PROGRAM_LIMITS.maxSteps)
  @ValidateNested({ each: true })
  @Type(() => CreateStepDto)
  steps!: CreateStepDto[];
}

export class ListProgramsQueryDto extends PageQueryDto {
  /** Only the versions of this program. */
  @ApiKebabKey({ required: false })
  @IsOptional()
  @IsString()
  @MaxLength(KEY_MAX_LENGTH)
  @Matches(KEY_PATTERN, KEY_MESSAGE)
  key?: string;
}

export class PracticeDto {
  @ApiKebabKey()
  key!: string;
  title!: string;
  description!: string;
}

export class StepDto {
  @ApiKebabKey()
  key!: string;
  /** 1-based order within the program. */
  position!: number;
  title!: string;
  summary!: string;
  practices!: PracticeDto[];
}

export class ProgramDto {
  id!: string;
  /** Null for a built-in program, which every organization sees. */
  organizationId!: string | null;
  builtIn!: boolean;
  @ApiKebabKey()
  key!: string;
  /** The program's revision number (versions are immutable). */
  programVersion!: number;
  title!: string;
  description!: string;
  steps!: StepDto[];
  createdAt!: Date;
  updatedAt!: Date;
  /** The record's concurrency version (ETag); programs never change, so it stays 1. */
  version!: number;
}

export function toProgramDto(program: Program): ProgramDto {
  return {
    id: program.id,
    organizationId: program.organizationId,
    builtIn: program.organizationId === null,
    key: program.key,
    programVersion: program.programVersion,
    title: program.title,
    description: program.description,
    steps: program.steps.map((step) => ({
      key: step.key,
      position: step.position,
      title: step.title,
      summary: step.summary,
      practices: step.practices.map((practice) => ({ key: practice.key, title: practice.title, description: practice.description })),
    })),
    createdAt: program.createdAt,
    updatedAt: program.updatedAt,
    version: program.version,
  };
}
