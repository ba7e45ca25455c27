import { EntityManager, EntityMetadata, EntityTarget, FindOptionsWhere, ObjectLiteral } from 'typeorm';
import { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { hydrate } from '../../database/returning';
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
 * How a write answers the row it wrote as a read of it would, in the write's own statement:
 * `WITH written AS (<write> RETURNING *) SELECT page.*, <children> FROM (SELECT <columns> FROM written) page <joins>`.
 * The children's laterals see the database as it was when the statement began, which is right for
 * what they read (other tables), not for the written table itself.
 */
export interface WrittenRowShape {
  /** The select list of the row from `row`: a table alias whose columns are the table's. */
  columns(row: string): string;
  /** Its children: their select list and laterals on `page`; `parameter` binds a value and answers its placeholder. */
  children(parameter: (value: unknown) => string): { columns: string; joins(row: string): string };
}

/** Runs `write` (SQL with `$n` placeholders and `RETURNING *`) so that it answers its rows in `shape`, in one statement. */
export async function writeReturningRows<R>(manager: EntityManager, write: string, parameters: unknown[], shape: WrittenRowShape): Promise<R[]> {
  const bound = [...parameters];
  const children = shape.children((value) => {
    bound.push(value);
    return `$${bound.length}`;
  });
  return manager.query(
    `WITH written AS (${write}) SELECT page.*, ${children.columns} FROM (SELECT ${shape.columns('written')} FROM written) page ${children.joins('page')}`,
    bound,
  );
}

/**
 * `updateVersioned`, answering the updated row in `shape` from the UPDATE's own statement, so that the
 * response needs no second read. Null when the write had nothing to change (the record is as it
 * was: read it); 404 and 412 as `updateVersioned`.
 */
export async function updateVersionedAs<T extends ObjectLiteral, R>(
  manager: EntityManager,
  entity: EntityTarget<T>,
  target: VersionedTarget,
  changes: QueryDeepPartialEntity<T>,
  shape: WrittenRowShape,
): Promise<R | null> {
  const metadata = manager.connection.getMetadata(entity);
  const differs = differenceSql(manager, metadata, changes);
  if (differs) {
    const [sql, parameters] = versionedUpdate(manager, metadata, target, changes, differs).returning('*').getQueryAndParameters();
    const [row] = await writeReturningRows<R>(manager, sql, parameters, shape);
    if (row) return row;
  }
  await lockVersioned(manager, entity, target);
  return null;
}

/** `touchVersioned`, answering the row in `shape` from the UPDATE's own statement (404 and 412 as `touchVersioned`). */
export async function touchVersionedAs<T extends ObjectLiteral, R>(manager: EntityManager, entity: EntityTarget<T>, target: VersionedTarget, shape: WrittenRowShape): Promise<R> {
  const metadata = manager.connection.getMetadata(entity);
  const [sql, parameters] = versionedUpdate(manager, metadata, target, {}).returning('*').getQueryAndParameters();
  const [row] = await writeReturningRows<R>(manager, sql, parameters, shape);
  if (row) return row;
  await lockVersioned(manager, entity, target);
  throw new Error(`${metadata.name} ${target.id} was found but not touched`);
}

/** `archive`, answering the row in `shape` (null when it was already archived): see `updateVersionedAs`. */
export function archiveAs<T extends ObjectLiteral, R>(manager: EntityManager, entity: EntityTarget<T>, target: VersionedTarget, shape: WrittenRowShape): Promise<R | null> {
  return updateVersionedAs(manager, entity, target, archivedChange<T>(manager, entity, true), shape);
}

/** `restore`, answering the row in `shape` (null when it was not archived): see `updateVersionedAs`. */
export function restoreAs<T extends ObjectLiteral, R>(manager: EntityManager, entity: EntityTarget<T>, target: VersionedTarget, shape: WrittenRowShape): Promise<R | null> {
  return updateVersionedAs(manager, entity, target, archivedChange<T>(manager, entity, false), shape);
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
  const { raw } = await versionedUpdate(manager, metadata, target, changes, differs).returning('*').execute();
  const [row] = raw as Record<string, unknown>[];
  return row ? hydrate<T>(manager, metadata, row) : undefined;
}

/** The conditional UPDATE's query: the changes, a new version and updatedAt, If-Match and "something would change" in its WHERE. */
function versionedUpdate<T extends ObjectLiteral>(
  manager: EntityManager,
  metadata: EntityMetadata,
  target: VersionedTarget,
  changes: QueryDeepPartialEntity<T>,
  differs?: { sql: string; parameters: ObjectLiteral },
) {
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
  return update;
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

/** The change that archives (or restores) a record. */
function archivedChange<T extends ObjectLiteral>(manager: EntityManager, entity: EntityTarget<T>, archived: boolean): QueryDeepPartialEntity<T> {
  const column = manager.connection.getMetadata(entity).findColumnWithPropertyName('archivedAt');
  if (!column) throw new Error(`${manager.connection.getMetadata(entity).name} has no archivedAt column`);
  const archivedAtSql = manager.connection.driver.escape(column.databaseName);
  // Archiving twice keeps the first archivedAt: it says when the record left the lists.
  return { archivedAt: archived ? () => `COALESCE(${archivedAtSql}, now())` : null } as unknown as QueryDeepPartialEntity<T>;
}

function setArchived<T extends ObjectLiteral>(
  manager: EntityManager,
  entity: EntityTarget<T>,
  target: VersionedTarget,
  archived: boolean,
): Promise<T> {
  return updateVersioned(manager, entity, target, archivedChange(manager, entity, archived));
}

/** `DELETE /x/{id}`: sets `archivedAt`, honoring If-Match: `await archive(manager, Client, target)`. */
export function archive<T extends ObjectLiteral>(manager: EntityManager, entity: EntityTarget<T>, target: VersionedTarget): Promise<T> {
  return setArchived(manager, entity, target, true);
}

/** `POST /x/{id}/restore`: clears `archivedAt`: `await restore(manager, Client, target)`. */
export function restore<T extends ObjectLiteral>(manager: EntityManager, entity: EntityTarget<T>, target: VersionedTarget): Promise<T> {
  return setArchived(manager, entity, target, false);
}
