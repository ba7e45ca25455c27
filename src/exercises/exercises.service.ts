import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AccessService, Resource } from '../access/access.service';
import { Actor } from '../auth/actor';
import { archive, IfMatch, restore } from '../common/concurrency';
import { Page, paginate } from '../common/pagination';
import { isUniqueViolation } from '../database/unique-violation';
import { DomainError } from '../errors/domain-error';
import { ErrorCode } from '../errors/error-code';
import { REBUILDING_TRUST_PROGRAM } from '../programs/built-in/rebuilding-trust';
import { CreateExerciseDto, ExerciseDto, ListExercisesQueryDto } from './dto/exercise.dto';
import { Exercise } from './exercise.entity';
import { Transactions } from '../database/transactions';

export const EXERCISES = Resource.Exercise;
// The built-in exercises (organization_id NULL) are every organization's; another organization's are not.
const ORG_KEY = 'exercises_org_key_key';

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

/**
 * The exercise library: the built-in exercises, present in every organization and read-only, and
 * the organization's own, which it creates and archives. Everyone who may read exercises sees all
 * of the organization's: they are content, not client records.
 */
@Injectable()
export class ExercisesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly db: Transactions,
    private readonly access: AccessService,
  ) {}

  async list(actor: Actor, query: ListExercisesQueryDto): Promise<Page<ExerciseDto>> {
    const qb = this.dataSource
      .getRepository(Exercise)
      .createQueryBuilder('exercise')
      .where('(exercise.organizationId = :organizationId OR exercise.organizationId IS NULL)', { organizationId: actor.organizationId });
    if (query.stepKey) qb.andWhere('exercise.stepKey = :stepKey', { stepKey: query.stepKey });
    if (query.practiceKey) qb.andWhere('exercise.practiceKey = :practiceKey', { practiceKey: query.practiceKey });
    if (query.audience) qb.andWhere('exercise.audience = :audience', { audience: query.audience });
    const page = await paginate(qb, query);
    return { data: page.data.map(toExerciseDto), nextCursor: page.nextCursor };
  }

  async get(actor: Actor, id: string): Promise<ExerciseDto> {
    await this.access.require(actor, EXERCISES, [id]);
    return toExerciseDto(await this.find(actor.organizationId, id));
  }

  /** An exercise the organization may use (its own or a built-in), inside the caller's transaction. */
  async find(organizationId: string, id: string): Promise<Exercise> {
    const manager = this.db.manager;
    const exercise = await manager
      .createQueryBuilder(Exercise, 'exercise')
      .where('exercise.id = :id', { id })
      .andWhere('(exercise.organizationId = :organizationId OR exercise.organizationId IS NULL)', { organizationId })
      .getOne();
    if (!exercise) throw DomainError.notFound('Exercise');
    return exercise;
  }

  async create(actor: Actor, dto: CreateExerciseDto): Promise<ExerciseDto> {
    if (dto.practiceKey !== undefined) {
      const step = REBUILDING_TRUST_PROGRAM.steps.find((s) => s.key === dto.stepKey)!;
      if (!step.practices.some((p) => p.key === dto.practiceKey)) {
        throw DomainError.validation([{ field: 'practiceKey', message: `must be a practice of the step ${dto.stepKey}` }]);
      }
    }
    return this.db.run(async () => {
      const manager = this.db.manager;
      const [builtIn] = await manager.query('SELECT 1 FROM exercises WHERE organization_id IS NULL AND key = $1', [dto.key]);
      if (builtIn) {
        throw new DomainError(ErrorCode.ExerciseKeyReserved, `"${dto.key}" is the key of a built-in exercise; choose another key.`, {
          errors: [{ field: 'key', message: 'is the key of a built-in exercise' }],
        });
      }
      let exercise: Exercise;
      try {
        exercise = await manager.save(
          manager.create(Exercise, {
            organizationId: actor.organizationId,
            key: dto.key,
            stepKey: dto.stepKey,
            practiceKey: dto.practiceKey ?? null,
            title: dto.title,
            instructions: dto.instructions,
            estimatedMinutes: dto.estimatedMinutes ?? null,
            audience: dto.audience ?? 'either',
            archivedAt: null,
          }),
        );
      } catch (error) {
        if (isUniqueViolation(error, ORG_KEY)) {
          throw new DomainError(ErrorCode.ExerciseKeyTaken, `The organization already has an exercise with the key "${dto.key}".`, {
            errors: [{ field: 'key', message: 'is already used by another exercise of the organization' }],
          });
        }
        throw error;
      }
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

  private async setArchived(actor: Actor, id: string, ifMatch: IfMatch | undefined, archived: boolean): Promise<ExerciseDto> {
    await this.access.require(actor, EXERCISES, [id]);
    return this.db.run(async () => {
      const manager = this.db.manager;
      const exercise = await this.find(actor.organizationId, id);
      if (exercise.organizationId === null) {
        throw new DomainError(ErrorCode.ExerciseReadOnly, 'Built-in exercises are read-only: they are neither changed nor archived.');
      }
      // The organization's exercise: the shared helpers match it by (organization_id, id).
      const target = { resource: 'Exercise', organizationId: actor.organizationId, id, ifMatch };
      await (archived ? archive(manager, Exercise, target) : restore(manager, Exercise, target));
      return toExerciseDto(await this.find(actor.organizationId, id));
    });
  }
}
