import { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { decodeCursor, encodeCursor, PageOrder } from './cursor';
import { Page } from './page';
import { includesArchived, PageQueryDto } from './page-query.dto';
import { exactTimestampSql } from '../../database/exact-timestamp';

/**
 * Runs a list query one page at a time, by keyset: a module builds its query (organization,
 * caseload, filters) and hands it over: `return paginate(repo.createQueryBuilder('client').where(...), query)`.
 *
 * Order is (createdAt, id) newest first, or with `updatedSince` (updatedAt, id) oldest first from
 * that instant. The position is compared as a row value, `(created_at, id) < (:at, :id)`, so an
 * index on (organization_id, created_at, id) serves each page. Rows with `archivedAt` set are left
 * out unless `includesArchived` (asked for, or by default a sync with `updatedSince`). The entity
 * needs `id` and `createdAt` columns (or names its own in `timestamps`), and `updatedAt` unless it
 * is append-only (then `updatedSince` reads the creation time); joins must yield one row per item
 * (join collections in a second query).
 */
export async function paginate<T extends ObjectLiteral>(
  query: SelectQueryBuilder<T>,
  pageQuery: PageQueryDto,
  timestamps: { created?: string; updated?: string } = {},
): Promise<Page<T>> {
  const { limit, cursor, updatedSince } = pageQuery;
  const metadata = query.expressionMap.mainAlias!.metadata;
  const column = (property: string) => {
    const found = metadata.findColumnWithPropertyName(property);
    if (!found) throw new Error(`${metadata.name} has no ${property} column to paginate on`);
    return `${query.escape(query.alias)}.${query.escape(found.databaseName)}`;
  };
  const order: PageOrder = updatedSince ? 'updated' : 'created';
  const created = timestamps.created ?? 'createdAt';
  // An append-only record (a timeline event, an audit event) last changed when it was created.
  const updated = timestamps.updated ?? (metadata.findColumnWithPropertyName('updatedAt') ? 'updatedAt' : created);
  const at = column(order === 'updated' ? updated : created);
  const id = column('id');
  const direction = order === 'updated' ? 'ASC' : 'DESC';

  const page = query.clone();
  if (!includesArchived(pageQuery) && metadata.findColumnWithPropertyName('archivedAt')) {
    page.andWhere(`${column('archivedAt')} IS NULL`);
  }
  if (updatedSince) {
    page.andWhere(`${at} >= CAST(:pageUpdatedSince AS timestamptz)`, { pageUpdatedSince: updatedSince });
  }
  if (cursor) {
    const after = decodeCursor(cursor, order);
    // Newest-first walks continue below the position, oldest-change-first walks above it.
    page.andWhere(`(${at}, ${id}) ${order === 'updated' ? '>' : '<'} (CAST(:pageAfterAt AS timestamptz), :pageAfterId)`, {
      pageAfterAt: after.at,
      pageAfterId: after.id,
    });
  }
  page
    .addSelect(exactTimestampSql(at), 'page_at')
    .addSelect(id, 'page_id')
    .orderBy(at, direction)
    .addOrderBy(id, direction)
    .limit(limit + 1);

  const { entities, raw } = await page.getRawAndEntities<{ page_at: string; page_id: string }>();
  if (raw.length !== entities.length) throw new Error('paginate() needs one row per item: join collections separately');
  const data = entities.slice(0, limit);
  const last = raw[data.length - 1];
  return {
    data,
    nextCursor: entities.length > limit ? encodeCursor({ order, at: last.page_at, id: last.page_id }) : null,
  };
}
