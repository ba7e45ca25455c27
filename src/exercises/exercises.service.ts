import { Injectable } from '@nestjs/common';
import { AccessService, Resource } from '../access/access.service';
import { Actor } from '../auth/actor';
import { IfMatch } from '../common/concurrency';
import { Page, paginate } from '../common/pagination';
import { Transactions } from '../database/transactions';
import { isUniqueViolation } from '../database/unique-violation';
import { DomainError } from '../errors/domain-error';
import { ErrorCode } from '../errors/error-code';
import { CreateExerciseDto, ExerciseDto, ListExercisesQueryDto, toExerciseDto } from './dto/exercise.dto';
import { Exercise } from './exercise.entity';
import { checkPracticeOfStep } from './exercise-rules';
import { ExercisesRepository } from './exercises.repository';

// The built-in exercises (organization_id NULL) are every organization's; another organization's are not.
const ORG_KEY = 'exercises_org_key_key';

/**
 * The exercise library: the built-in exercises, present in every organization and read-only, and
 * the organization's own, which it creates and archives. Everyone who may read exercises sees all
 * of the organization's: they are content, not client records.
 */
@Injectable()
export class ExercisesService {
  constructor(
    private readonly db: Transactions,
    private readonly access: AccessService,
    private readonly repository: ExercisesRepository,
  ) {}

  async list(actor: Actor, query: ListExercisesQueryDto): Promise<Page<ExerciseDto>> {
    const page = await paginate(this.repository.listQuery(actor.organizationId, query), query);
    return { data: page.data.map(toExerciseDto), nextCursor: page.nextCursor };
  }

  async get(actor: Actor, id: string): Promise<ExerciseDto> {
    await this.access.require(actor, Resource.Exercise, [id]);
    return toExerciseDto(await this.find(actor.organizationId, id));
  }

  /** An exercise the organization may use (its own or a built-in), inside the caller's transaction. */
  async find(organizationId: string, id: string): Promise<Exercise> {
    const exercise = await this.repository.findUsable(organizationId, id);
    if (!exercise) throw DomainError.notFound('Exercise');
    return exercise;
  }

  async create(actor: Actor, dto: CreateExerciseDto): Promise<ExerciseDto> {
    checkPracticeOfStep(dto.stepKey, dto.practiceKey);
    return this.db.run(async () => {
      if (await this.repository.builtInKeyExists(dto.key)) {
        throw new DomainError(ErrorCode.ExerciseKeyReserved, `"${dto.key}" is the key of a built-in exercise; choose another key.`, {
          errors: [{ field: 'key', message: 'is the key of a built-in exercise' }],
        });
      }
      const exercise = await this.insert(actor.organizationId, dto);
      return toExerciseDto(await this.find(actor.organizationId, exercise.id));
    });
  }

  /** DELETE archives one of the organization's exercises; assignments already given keep it. */
  async archive(actor: Actor, id: string, ifMatch?: IfMatch): Promise<ExerciseDto> {
    return this.setArchived(actor, id, ifMatch, true);
  }

  async restore(actor: Actor, id: string, ifMatch?: IfMatch): Promise<ExerciseDto> {
    return this.setArchived(actor, id, ifMatch, false);
  }

  private async insert(organizationId: string, dto: CreateExerciseDto): Promise<Exercise> {
    try {
      return await this.repository.insert({
        organizationId,
        key: dto.key,
        stepKey: dto.stepKey,
        practiceKey: dto.practiceKey ?? null,
        title: dto.title,
        instructions: dto.instructions,
        estimatedMinutes: dto.estimatedMinutes ?? null,
        audience: dto.audience ?? 'either',
        archivedAt: null,
      });
    } catch (error) {
      if (isUniqueViolation(error, ORG_KEY)) {
        throw new DomainError(ErrorCode.ExerciseKeyTaken, `The organization already has an exercise with the key "${dto.key}".`, {
          errors: [{ field: 'key', message: 'is already used by another exercise of the organization' }],
        });
      }
      throw error;
    }
  }

  private async setArchived(actor: Actor, id: string, ifMatch: IfMatch | undefined, archived: boolean): Promise<ExerciseDto> {
    await this.access.require(actor, Resource.Exercise, [id]);
    return this.db.run(async () => {
      const exercise = await this.find(actor.organizationId, id);
      if (exercise.organizationId === null) {
        throw new DomainError(ErrorCode.ExerciseReadOnly, 'Built-in exercises are read-only: they are neither changed nor archived.');
      }
      await this.repository.setArchived(actor.organizationId, id, archived, ifMatch);
      return toExerciseDto(await this.find(actor.organizationId, id));
    });
  }
}
