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

/** The page's part of a list statement: its conditions (the statement's own first), order and row limit. */
export interface KeysetClauses {
  where: string[];
  orderBy: string;
  /** `limit + 1`: one more row than the page tells whether there is a next page. */
  limit: number;
  order: PageOrder;
  /** SQL of the timestamp the page is ordered by. */
  at: string;
}

/**
 * The conditions, order and limit that choose a page, for a statement that applies them where it
 * needs them (inside a lateral join, say); `keysetPage` uses them for a plain statement.
 */
export function keysetClauses(
  statement: Pick<KeysetStatement, 'where' | 'parameters' | 'created' | 'updated' | 'id' | 'archivedAt'>,
  pageQuery: PageQueryDto,
): KeysetClauses {
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
    // Newest-first walks continue below the position, oldest-change-first walks above it.
    where.push(`(${at}, ${statement.id}) ${order === 'updated' ? '>' : '<'} (CAST(${p.add(after.at)} AS timestamptz), ${p.add(after.id)}::uuid)`);
  }
  return { where, orderBy: `${at} ${direction}, ${statement.id} ${direction}`, limit: limit + 1, order, at };
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
  const { where, orderBy, limit, order, at } = keysetClauses(statement, pageQuery);
  const page =
    `SELECT ${statement.columns}, ${exactTimestampSql(at)} AS page_at, ${statement.id} AS page_id FROM ${statement.from}` +
    (where.length > 0 ? ` WHERE ${where.join(' AND ')}` : '') +
    ` ORDER BY ${orderBy} LIMIT ${limit}`;
  // The children join the chosen rows, so a search that sorts its matches does not read theirs too.
  // page_at is fixed-width UTC text: in the C collation its order is the timestamps' order.
  const direction = order === 'updated' ? 'ASC' : 'DESC';
  const sql = statement.children
    ? `SELECT page.*, ${statement.children.columns} FROM (${page}) page ${statement.children.joins('page')}` +
      ` ORDER BY page.page_at COLLATE "C" ${direction}, page.page_id ${direction}`
    : page;
  const rows = await run(sql, statement.parameters.values);
  const data = rows.slice(0, pageQuery.limit);
  const last = data[data.length - 1];
  return { data, nextCursor: rows.length > pageQuery.limit ? encodeCursor({ order, at: last.page_at, id: last.page_id }) : null };
}
