import { exactTimestampSql } from '../../database/exact-timestamp';
import { SqlParameters } from '../../database/sql-parameters';
import { decodeCursor, encodeCursor, PageOrder } from './cursor';
import { Page } from './page';
import { includesArchived, PageQueryDto } from './page-query.dto';

/** A list statement before its page is chosen: its select list and joins, its conditions, and its keyset columns. */
export interface KeysetStatement {
  /** The select list, without `SELECT`. */
  columns: string;
  /** `<table> <alias> [JOIN ...]`, without `FROM`: one row per item. */
  from: string;
  /** Conditions already written, their values in `parameters`. */
  where: string[];
  parameters: SqlParameters;
  /** SQL of the row's creation time, last change (defaults to creation, for append-only records) and id. */
  created: string;
  updated?: string;
  id: string;
  /** SQL of the row's `archived_at`, for records that can be archived. */
  archivedAt?: string;
  /**
   * Per-item children (a care team) read for the page's rows only, once the page is chosen: extra
   * columns, and lateral joins on the chosen row (`row`, whose columns are the select list's names).
   */
  children?: { columns: string; joins: (row: string) => string };
}

/** The position columns every keyset page row carries beside its own. */
export interface KeysetColumns {
  page_at: string;
  page_id: string;
}

/**
 * `paginate()` for a hand-written statement whose rows go straight to a DTO, with the same rules:
 * (createdAt, id) newest first, or with `updatedSince` (updatedAt, id) oldest first from that
 * instant; archived rows only when `includesArchived`; the cursor of the same format; `limit + 1`
 * rows read to know whether there is a next page. `run` is the repository's query.
 */
export async function keysetPage<R>(
  statement: KeysetStatement,
  pageQuery: PageQueryDto,
  run: (sql: string, parameters: unknown[]) => Promise<(R & KeysetColumns)[]>,
): Promise<Page<R & KeysetColumns>> {
  const { limit, cursor, updatedSince } = pageQuery;
  const p = statement.parameters;
  const where = [...statement.where];
  const order: PageOrder = updatedSince ? 'updated' : 'created';
  const at = order === 'updated' ? (statement.updated ?? statement.created) : statement.created;
  const direction = order === 'updated' ? 'ASC' : 'DESC';
  if (statement.archivedAt && !includesArchived(pageQuery)) where.push(`${statement.archivedAt} IS NULL`);
  if (updatedSince) where.push(`${at} >= CAST(${p.add(updatedSince)} AS timestamptz)`);
  if (cursor) {
    const after = decodeCursor(cursor, order);
    where.push(`(${at}, ${statement.id}) ${order === 'updated' ? '>' : '<'} (CAST(${p.add(after.at)} AS timestamptz), ${p.add(after.id)}::uuid)`);
  }
  const page =
    `SELECT ${statement.columns}, ${exactTimestampSql(at)} AS page_at, ${statement.id} AS page_id FROM ${statement.from}` +
    (where.length > 0 ? ` WHERE ${where.join(' AND ')}` : '') +
    ` ORDER BY ${at} ${direction}, ${statement.id} ${direction} LIMIT ${limit + 1}`;
  // The children join the chosen rows, so a search that sorts its matches does not read theirs too.
  // page_at is fixed-width UTC text: in the C collation its order is the timestamps' order.
  const sql = statement.children
    ? `SELECT page.*, ${statement.children.columns} FROM (${page}) page ${statement.children.joins('page')}` +
      ` ORDER BY page.page_at COLLATE "C" ${direction}, page.page_id ${direction}`
    : page;
  const rows = await run(sql, p.values);
  const data = rows.slice(0, limit);
  const last = data[data.length - 1];
  return { data, nextCursor: rows.length > limit ? encodeCursor({ order, at: last.page_at, id: last.page_id }) : null };
}
