import { EntityManager, EntityMetadata, EntityTarget, FindOptionsWhere, ObjectLiteral } from 'typeorm';
import { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { DomainError } from '../../errors/domain-error';
import { ErrorCode } from '../../errors/error-code';
import { IfMatch, ifMatchAllows } from './etag';

/** Which record a write is for, and the precondition it carries. */
export interface VersionedTarget {
  /** Names the record in a 404, in the domain's words: `'Client'`. */
  resource: string;
  organizationId: string;
  id: string;
  /** From `parseIfMatch()`; undefined writes over whatever version is current. */
  ifMatch?: IfMatch;
}

/**
 * The row a target names: `organization_id` and `id` for a tenant record; `id` alone for the
 * organization itself, whose id is the organization id.
 */
function keyOf(metadata: EntityMetadata, target: VersionedTarget): ObjectLiteral {
  return metadata.findColumnWithPropertyName('organizationId') ? { organizationId: target.organizationId, id: target.id } : { id: target.id };
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
 * [AND version matches If-Match] AND <a column would change> RETURNING *`, inside the caller's
 * transaction: `await updateVersioned(manager, Client, { resource: 'Client', organizationId, id, ifMatch }, { name })`.
 *
 * Returns the updated entity. A write that would leave every column as it is (no changes, or the
 * values already stored) changes nothing, not even the version or updatedAt, and returns the record
 * as it is, so a PATCH that repeats the stored values keeps its ETag. When no row was updated it
 * tells, in the same transaction, a missing record (404) from a stale If-Match (412) from a write
 * with nothing to change. Concurrent writers with the same expected version queue on the row lock;
 * the first wins and the others then see a new version.
 */
export async function updateVersioned<T extends ObjectLiteral>(
  manager: EntityManager,
  entity: EntityTarget<T>,
  target: VersionedTarget,
  changes: QueryDeepPartialEntity<T>,
): Promise<T> {
  const metadata = manager.connection.getMetadata(entity);
  const differs = differenceSql(manager, metadata, changes);
  if (!differs) return lockVersioned(manager, entity, target);
  return (await bumpVersion(manager, metadata, target, changes, differs)) ?? lockVersioned(manager, entity, target);
}

/**
 * A new version and updatedAt with no column of the record changed: a change of the rows the record
 * owns (an enrollment's steps) is a change of the record, which sync must see. 404 or 412 as
 * `updateVersioned`: `await touchVersioned(manager, Enrollment, { resource: 'Enrollment', organizationId, id })`.
 */
export async function touchVersioned<T extends ObjectLiteral>(manager: EntityManager, entity: EntityTarget<T>, target: VersionedTarget): Promise<T> {
  const metadata = manager.connection.getMetadata(entity);
  return (await bumpVersion<T>(manager, metadata, target, {})) ?? lockVersioned(manager, entity, target);
}

/** The conditional UPDATE; undefined when it updated no row. */
async function bumpVersion<T extends ObjectLiteral>(
  manager: EntityManager,
  metadata: EntityMetadata,
  target: VersionedTarget,
  changes: QueryDeepPartialEntity<T>,
  differs?: { sql: string; parameters: ObjectLiteral },
): Promise<T | undefined> {
  const version = metadata.versionColumn;
  const updatedAt = metadata.updateDateColumn;
  if (!version || !updatedAt) throw new Error(`${metadata.name} needs a @VersionColumn and an @UpdateDateColumn`);
  const versionSql = manager.connection.driver.escape(version.databaseName);
  const update = manager
    .createQueryBuilder()
    .update(metadata.target)
    .set({ ...changes, [version.propertyName]: () => `${versionSql} + 1`, [updatedAt.propertyName]: () => 'now()' })
    .where(keyOf(metadata, target));
  if (target.ifMatch && target.ifMatch !== '*') {
    update.andWhere(`${versionSql} = ANY(:ifMatchVersions)`, { ifMatchVersions: target.ifMatch.versions });
  }
  if (differs) update.andWhere(differs.sql, differs.parameters);
  const { raw } = await update.returning('*').execute();
  const [row] = raw as Record<string, unknown>[];
  return row ? hydrate<T>(manager, metadata, row) : undefined;
}

/**
 * SQL that is true when `changes` would change a column of the row: `(a IS DISTINCT FROM $1 OR b
 * IS DISTINCT FROM (now()))`, the values prepared as the UPDATE prepares them (jsonb as JSON text,
 * arrays as arrays); undefined when there is nothing to change.
 */
function differenceSql(
  manager: EntityManager,
  metadata: EntityMetadata,
  changes: ObjectLiteral,
): { sql: string; parameters: ObjectLiteral } | undefined {
  const driver = manager.connection.driver;
  const comparisons: string[] = [];
  const parameters: ObjectLiteral = {};
  for (const [property, value] of Object.entries(changes)) {
    if (value === undefined) continue;
    const column = metadata.findColumnWithPropertyName(property);
    if (!column) throw new Error(`${metadata.name} has no column ${property}`);
    const name = driver.escape(column.databaseName);
    if (typeof value === 'function') {
      comparisons.push(`${name} IS DISTINCT FROM (${(value as () => string)()})`);
    } else {
      const parameter = `unchanged${comparisons.length}`;
      parameters[parameter] = driver.preparePersistentValue(value, column);
      comparisons.push(`${name} IS DISTINCT FROM :${parameter}`);
    }
  }
  return comparisons.length === 0 ? undefined : { sql: `(${comparisons.join(' OR ')})`, parameters };
}

function stale(target: VersionedTarget): DomainError {
  const tags = target.ifMatch === '*' ? undefined : target.ifMatch;
  if (tags?.weak && tags.versions.length === 0) {
    return new DomainError(
      ErrorCode.PreconditionFailed,
      'A weak entity tag (W/"...") never matches: If-Match uses strong comparison (RFC 9110). Send the ETag as it was given, such as "3".',
    );
  }
  const weak = tags?.weak ? ' (a weak entity tag, W/"...", never matches: If-Match uses strong comparison, RFC 9110)' : '';
  return new DomainError(
    ErrorCode.PreconditionFailed,
    `${target.resource} has changed since the version in If-Match${weak}; fetch it again and reapply the change.`,
  );
}

/**
 * Reads a record with `FOR UPDATE` inside the caller's transaction, so writes that need to look
 * before they change take turns: 404 when it is missing, 412 when If-Match names another version.
 * `const enrollment = await lockVersioned(manager, Enrollment, { resource: 'Enrollment', organizationId, id, ifMatch })`.
 */
export async function lockVersioned<T extends ObjectLiteral>(manager: EntityManager, entity: EntityTarget<T>, target: VersionedTarget): Promise<T> {
  const record = await manager.findOne(entity, {
    where: keyOf(manager.connection.getMetadata(entity), target) as FindOptionsWhere<T>,
    lock: { mode: 'pessimistic_write' },
  });
  if (!record) throw DomainError.notFound(target.resource);
  const version = manager.connection.getMetadata(entity).versionColumn?.getEntityValue(record) as number | undefined;
  if (target.ifMatch !== undefined && (version === undefined || !ifMatchAllows(target.ifMatch, version))) throw stale(target);
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
