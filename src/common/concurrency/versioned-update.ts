import { EntityManager, EntityMetadata, EntityTarget, FindOptionsWhere, ObjectLiteral } from 'typeorm';
import { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { DomainError } from '../../errors/domain-error';
import { ErrorCode } from '../../errors/error-code';
import { IfMatch } from './etag';

/** Which record a write is for, and the precondition it carries. */
export interface VersionedTarget {
  /** Names the record in a 404, in the domain's words: `'Client'`. */
  resource: string;
  organizationId: string;
  id: string;
  /** From `parseIfMatch()`; undefined writes over whatever version is current. */
  ifMatch?: IfMatch;
}

/** Builds an entity from a `RETURNING *` row, as TypeORM does for a select (column transformers included). */
function hydrate<T>(manager: EntityManager, metadata: EntityMetadata, row: Record<string, unknown>): T {
  const entity = metadata.create(manager.queryRunner) as T;
  for (const column of metadata.columns) {
    if (column.isVirtual || !(column.databaseName in row)) continue;
    column.setEntityValue(entity as ObjectLiteral, manager.connection.driver.prepareHydratedValue(row[column.databaseName], column));
  }
  return entity;
}

/**
 * The one lost-update-safe write (TypeORM's `save()` ignores `@VersionColumn`):
 * `UPDATE ... SET <changes>, version = version + 1, updated_at = now() WHERE organization_id AND id
 * [AND version matches If-Match] RETURNING *`, inside the caller's transaction:
 * `await updateVersioned(manager, Client, { resource: 'Client', organizationId, id, ifMatch }, { name })`.
 *
 * Returns the updated entity. When no row was updated it tells, in the same transaction, a
 * missing record (404) from a stale If-Match (412). Concurrent writers with the same expected
 * version queue on the row lock; the first wins and the others then see a new version.
 */
export async function updateVersioned<T extends ObjectLiteral>(
  manager: EntityManager,
  entity: EntityTarget<T>,
  target: VersionedTarget,
  changes: QueryDeepPartialEntity<T>,
): Promise<T> {
  const metadata = manager.connection.getMetadata(entity);
  const version = metadata.versionColumn;
  const updatedAt = metadata.updateDateColumn;
  if (!version || !updatedAt) throw new Error(`${metadata.name} needs a @VersionColumn and an @UpdateDateColumn`);
  const versionSql = manager.connection.driver.escape(version.databaseName);
  const record = { organizationId: target.organizationId, id: target.id } as unknown as FindOptionsWhere<T>;

  const update = manager
    .createQueryBuilder()
    .update(entity)
    .set({ ...changes, [version.propertyName]: () => `${versionSql} + 1`, [updatedAt.propertyName]: () => 'now()' })
    .where(record);
  if (Array.isArray(target.ifMatch)) {
    update.andWhere(`${versionSql} = ANY(:ifMatchVersions)`, { ifMatchVersions: target.ifMatch });
  }
  const { raw } = await update.returning('*').execute();
  const [row] = raw as Record<string, unknown>[];
  if (row) return hydrate<T>(manager, metadata, row);

  if (!(await manager.existsBy(entity, record))) throw DomainError.notFound(target.resource);
  throw stale(target.resource);
}

function stale(resource: string): DomainError {
  return new DomainError(
    ErrorCode.PreconditionFailed,
    `${resource} has changed since the version in If-Match; fetch it again and reapply the change.`,
  );
}

/**
 * Reads a record with `FOR UPDATE` inside the caller's transaction, so writes that need to look
 * before they change take turns: 404 when it is missing, 412 when If-Match names another version.
 * `const enrollment = await lockVersioned(manager, Enrollment, { resource: 'Enrollment', organizationId, id, ifMatch })`.
 */
export async function lockVersioned<T extends ObjectLiteral>(manager: EntityManager, entity: EntityTarget<T>, target: VersionedTarget): Promise<T> {
  const record = await manager.findOne(entity, {
    where: { organizationId: target.organizationId, id: target.id } as unknown as FindOptionsWhere<T>,
    lock: { mode: 'pessimistic_write' },
  });
  if (!record) throw DomainError.notFound(target.resource);
  const version = manager.connection.getMetadata(entity).versionColumn?.getEntityValue(record) as number | undefined;
  if (Array.isArray(target.ifMatch) && (version === undefined || !target.ifMatch.includes(version))) throw stale(target.resource);
  return record;
}

function setArchived<T extends ObjectLiteral>(
  manager: EntityManager,
  entity: EntityTarget<T>,
  target: VersionedTarget,
  archived: boolean,
): Promise<T> {
  const column = manager.connection.getMetadata(entity).findColumnWithPropertyName('archivedAt');
  if (!column) throw new Error(`${manager.connection.getMetadata(entity).name} has no archivedAt column`);
  const archivedAtSql = manager.connection.driver.escape(column.databaseName);
  // Archiving twice keeps the first archivedAt: it says when the record left the lists.
  const changes = { archivedAt: archived ? () => `COALESCE(${archivedAtSql}, now())` : null };
  return updateVersioned(manager, entity, target, changes as unknown as QueryDeepPartialEntity<T>);
}

/** `DELETE /x/{id}`: sets `archivedAt`, honoring If-Match: `await archive(manager, Client, target)`. */
export function archive<T extends ObjectLiteral>(manager: EntityManager, entity: EntityTarget<T>, target: VersionedTarget): Promise<T> {
  return setArchived(manager, entity, target, true);
}

/** `POST /x/{id}/restore`: clears `archivedAt`: `await restore(manager, Client, target)`. */
export function restore<T extends ObjectLiteral>(manager: EntityManager, entity: EntityTarget<T>, target: VersionedTarget): Promise<T> {
  return setArchived(manager, entity, target, false);
}
