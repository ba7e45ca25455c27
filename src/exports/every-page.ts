import type { Page } from '../common/pagination';

/** The query an export hands a feature's list method: every record, archived ones included, a page at a time. */
export interface WalkQuery {
  limit: number;
  cursor?: string;
  includeArchived: true;
}

/** A page of a subject's records: small enough for one response. */
export const SUBJECT_PAGE_SIZE = 100;

/**
 * Each page of a feature's list, first to last, following its cursor: an export reads every record
 * through the list method the API itself answers with (its access rules and its mapper), and never
 * holds more than one page.
 */
export async function* pagesOf<T>(read: (query: WalkQuery) => Promise<Page<T>>, limit: number): AsyncGenerator<T[]> {
  let cursor: string | undefined;
  do {
    const page = await read({ limit, cursor, includeArchived: true });
    if (page.data.length > 0) yield page.data;
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
}

/**
 * Every record of a feature's list, collected, oldest first (lists walk newest first): for a
 * subject's export, which the subject bounds.
 */
export async function everyRecord<T>(read: (query: WalkQuery) => Promise<Page<T>>): Promise<T[]> {
  const records: T[] = [];
  for await (const page of pagesOf(read, SUBJECT_PAGE_SIZE)) records.push(...page);
  return records.reverse();
}
