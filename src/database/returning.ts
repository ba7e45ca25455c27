import { EntityManager, EntityMetadata, EntityTarget, ObjectLiteral } from 'typeorm';
import { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';

/**
 * Builds an entity from a `RETURNING *` row (the table's column names), as TypeORM does for a
 * select: column transformers applied, and columns a select leaves out (`select: false`, such as a
 * password's hash) left out here too. A write's own answer, with no second read.
 */
export function hydrate<T>(manager: EntityManager, metadata: EntityMetadata, row: Record<string, unknown>): T {
  const entity = metadata.create(manager.queryRunner) as T;
  for (const column of metadata.columns) {
    if (column.isVirtual || !column.isSelect || !(column.databaseName in row)) continue;
    column.setEntityValue(entity as ObjectLiteral, manager.connection.driver.prepareHydratedValue(row[column.databaseName], column));
  }
  return entity;
}

/** Inserts one row and answers it as stored (defaults, generated id and timestamps), from the INSERT's own `RETURNING *`. */
export async function insertReturning<T extends ObjectLiteral>(manager: EntityManager, entity: EntityTarget<T>, values: QueryDeepPartialEntity<T>): Promise<T> {
  const { raw } = await manager.createQueryBuilder().insert().into(entity).values(values).returning('*').updateEntity(false).execute();
  return hydrate<T>(manager, manager.connection.getMetadata(entity), (raw as Record<string, unknown>[])[0]);
}
