import { everyRecord, pagesOf, WalkQuery } from './every-page';

/** A list of `total` numbers answered `limit` at a time, with the cursor the next index. */
function list(total: number) {
  const asked: WalkQuery[] = [];
  const read = async (query: WalkQuery) => {
    asked.push(query);
    const start = query.cursor ? Number(query.cursor) : 0;
    const end = Math.min(start + query.limit, total);
    const data = Array.from({ length: end - start }, (_, i) => start + i);
    return { data, nextCursor: end < total ? String(end) : null };
  };
  return { read, asked };
}

describe('pagesOf', () => {
  it('follows the cursor to the end, a page at a time, archived records included', async () => {
    const { read, asked } = list(7);
    const pages: number[][] = [];
    for await (const page of pagesOf(read, 3)) pages.push(page);
    expect(pages).toEqual([[0, 1, 2], [3, 4, 5], [6]]);
    expect(asked).toEqual([
      { limit: 3, cursor: undefined, includeArchived: true },
      { limit: 3, cursor: '3', includeArchived: true },
      { limit: 3, cursor: '6', includeArchived: true },
    ]);
  });

  it('yields nothing for an empty list, and stops after one read', async () => {
    const { read, asked } = list(0);
    const pages: number[][] = [];
    for await (const page of pagesOf(read, 3)) pages.push(page);
    expect(pages).toEqual([]);
    expect(asked).toHaveLength(1);
  });

  it('reads no further page than the consumer asks for', async () => {
    const { read, asked } = list(10);
    for await (const page of pagesOf(read, 2)) {
      expect(page).toEqual([0, 1]);
      break;
    }
    expect(asked).toHaveLength(1);
  });
});

describe('everyRecord', () => {
  it('collects every page, and turns the newest-first walk into oldest first', async () => {
    expect(await everyRecord(list(250).read)).toEqual(Array.from({ length: 250 }, (_, i) => 249 - i));
  });
});
