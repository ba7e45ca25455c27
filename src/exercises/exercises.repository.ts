import { Injectable } from '@nestjs/common';
import { In, IsNull, SelectQueryBuilder } from 'typeorm';
import { archive, IfMatch, restore } from '../common/concurrency';
import { Transactions } from '../database/transactions';
import { ExerciseAudience } from './built-in/exercise-library';
import { Exercise } from './exercise.entity';

export type NewExercise = Pick<
  Exercise,
  'organizationId' | 'key' | 'stepKey' | 'practiceKey' | 'title' | 'instructions' | 'estimatedMinutes' | 'audience' | 'archivedAt'
>;

/** The `exercises` table's SQL: the built-in exercises (organization_id NULL) are every organization's. */
@Injectable()
export class ExercisesRepository {
  constructor(private readonly db: Transactions) {}

  /** The list query for `paginate`: the built-in exercises and the organization's own. */
  listQuery(organizationId: string, filter: { stepKey?: string; practiceKey?: string; audience?: ExerciseAudience }): SelectQueryBuilder<Exercise> {
    const qb = this.db.manager
      .createQueryBuilder(Exercise, 'exercise')
      .where('(exercise.organizationId = :organizationId OR exercise.organizationId IS NULL)', { organizationId });
    if (filter.stepKey) qb.andWhere('exercise.stepKey = :stepKey', { stepKey: filter.stepKey });
    if (filter.practiceKey) qb.andWhere('exercise.practiceKey = :practiceKey', { practiceKey: filter.practiceKey });
    if (filter.audience) qb.andWhere('exercise.audience = :audience', { audience: filter.audience });
    return qb;
  }

  /** A built-in exercise or one of the organization's; another organization's is not found. */
  findUsable(organizationId: string, id: string): Promise<Exercise | null> {
    return this.db.manager
      .createQueryBuilder(Exercise, 'exercise')
      .where('exercise.id = :id', { id })
      .andWhere('(exercise.organizationId = :organizationId OR exercise.organizationId IS NULL)', { organizationId })
      .getOne();
  }

  /** Exercises by id alone, as assignments refer to them. */
  findByIds(ids: string[]): Promise<Exercise[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.db.manager.findBy(Exercise, { id: In(ids) });
  }

  builtInKeyExists(key: string): Promise<boolean> {
    return this.db.manager.existsBy(Exercise, { organizationId: IsNull(), key });
  }

  insert(exercise: NewExercise): Promise<Exercise> {
    const manager = this.db.manager;
    return manager.save(manager.create(Exercise, exercise));
  }

  /** The organization's exercise: the shared helpers match it by (organization_id, id). */
  setArchived(organizationId: string, id: string, archived: boolean, ifMatch?: IfMatch): Promise<Exercise> {
    const target = { resource: 'Exercise', organizationId, id, ifMatch };
    return archived ? archive(this.db.manager, Exercise, target) : restore(this.db.manager, Exercise, target);
  }
}

/** SQL fragments for other features' statements; arguments are SQL expressions or placeholders. */
export const exerciseSql = {
  /**
   * A lateral-joinable row of what an assignment shows of its exercise, by id alone (as assignments
   * refer to it): `(key, title, step_key, practice_key, built_in)`.
   */
  summary: (exerciseId: string) =>
    `SELECT e.key, e.title, e.step_key, e.practice_key, e.organization_id IS NULL AS built_in FROM exercises e WHERE e.id = ${exerciseId}`,
};
