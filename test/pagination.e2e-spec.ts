import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { touchVersioned } from '../src/common/concurrency';
import { PageQueryDto, paginate } from '../src/common/pagination';
import { DomainError } from '../src/errors/domain-error';
import { createTestDatabase, TestDatabase } from './support/database';
import { dataSourceWithNotes, insertNotes, Note } from './support/notes';

describe('keyset pagination on PostgreSQL', () => {
  let db: TestDatabase;
  let dataSource: DataSource;

  beforeAll(async () => {
    db = await createTestDatabase();
    dataSource = await dataSourceWithNotes(db.url, db.poolSize);
  });
  afterAll(async () => {
    await dataSource.destroy();
    await db.drop();
  });

  const pageQuery = (query: Partial<PageQueryDto>) => Object.assign(new PageQueryDto(), query);
  const notesOf = (organizationId: string) =>
    dataSource.getRepository(Note).createQueryBuilder('note').where('note.organizationId = :organizationId', { organizationId });

  /** Follows nextCursor to the end; `between` runs after each page, as other clients would. */
  async function walk(
    organizationId: string,
    query: Partial<PageQueryDto>,
    between: (page: number) => Promise<void> = async () => undefined,
  ): Promise<string[]> {
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 100; page += 1) {
      const result = await paginate(notesOf(organizationId), pageQuery({ ...query, cursor }));
      expect(result.data.length).toBeLessThanOrEqual(query.limit ?? 25);
      seen.push(...result.data.map((note) => note.title));
      if (!result.nextCursor) return seen;
      cursor = result.nextCursor;
      await between(page);
    }
    throw new Error('the walk did not end');
  }

  async function titlesInOrder(organizationId: string, orderBy: string): Promise<string[]> {
    const rows: { title: string }[] = await dataSource.query(
      `SELECT title FROM test_notes WHERE organization_id = $1 AND archived_at IS NULL ORDER BY ${orderBy}`,
      [organizationId],
    );
    return rows.map((r) => r.title);
  }

  it('returns the newest first, 25 by default, and a null cursor on the last page', async () => {
    const org = randomUUID();
    await insertNotes(dataSource, org, Array.from({ length: 30 }, (_, i) => ({ title: `n${i}`, createdAt: `2024-01-01T00:00:${String(i).padStart(2, '0')}Z` })));
    const first = await paginate(notesOf(org), pageQuery({}));
    expect(first.data).toHaveLength(25);
    expect(first.data[0].title).toBe('n29');
    expect(first.data[0]).toBeInstanceOf(Note);
    const second = await paginate(notesOf(org), pageQuery({ cursor: first.nextCursor! }));
    expect(second.data.map((n) => n.title)).toEqual(['n4', 'n3', 'n2', 'n1', 'n0']);
    expect(second.nextCursor).toBeNull();
    const exact = await paginate(notesOf(org), pageQuery({ limit: 30 }));
    expect(exact.data).toHaveLength(30);
    expect(exact.nextCursor).toBeNull();
  });

  it('neither repeats nor skips rows that share a timestamp or differ by a microsecond', async () => {
    const org = randomUUID();
    const stamps = [
      ...Array(4).fill('2024-03-01T12:00:00.123456Z'),
      ...Array(2).fill('2024-03-01T12:00:00.123457Z'),
      ...Array(2).fill('2024-03-01T12:00:00.123455Z'),
      '2024-03-01T12:00:00.123000Z',
      '2024-03-01T12:00:00.123999Z',
      '2024-03-01T12:00:00.122999Z',
    ];
    await insertNotes(dataSource, org, stamps.map((at, i) => ({ title: `t${i}`, createdAt: at, updatedAt: at })));
    const newestFirst = await titlesInOrder(org, 'created_at DESC, id DESC');
    const oldestChangeFirst = await titlesInOrder(org, 'updated_at ASC, id ASC');
    for (const limit of [1, 2, 3, 4, 5]) {
      expect(await walk(org, { limit })).toEqual(newestFirst);
      expect(await walk(org, { limit, updatedSince: '2024-03-01T12:00:00Z' })).toEqual(oldestChangeFirst);
    }
  });

  it('walks newest first with no duplicates or gaps while rows are created mid-walk', async () => {
    const org = randomUUID();
    await insertNotes(dataSource, org, Array.from({ length: 10 }, (_, i) => ({ title: `old${i}`, createdAt: `2024-02-01T00:00:0${i}Z` })));
    const before = await titlesInOrder(org, 'created_at DESC, id DESC');
    let added = 0;
    const seen = await walk(org, { limit: 3 }, async () => {
      await insertNotes(dataSource, org, [{ title: `new${added++}` }, { title: `new${added++}` }]);
    });
    expect(seen).toEqual(before);
    expect(added).toBeGreaterThan(0);
    const next = await walk(org, { limit: 4 });
    expect(next).toHaveLength(10 + added);
    expect(new Set(next).size).toBe(next.length);
  });

  it('syncs by updatedSince: oldest change first, and a row changed mid-walk is seen again at the end', async () => {
    const org = randomUUID();
    const notes = await insertNotes(
      dataSource,
      org,
      [1, 2, 3, 4, 5, 6].map((i) => ({ title: `u${i}`, createdAt: '2024-04-01T00:00:00Z', updatedAt: `2024-04-01T00:00:0${i}Z` })),
    );
    // A new version and updatedAt, the title kept (writing the same title would change nothing).
    const change = (index: number) =>
      dataSource.transaction((manager) => touchVersioned(manager, Note, { resource: 'Note', organizationId: org, id: notes[index].id }));
    const seen = await walk(org, { limit: 2, updatedSince: '2024-04-01T00:00:02Z' }, async (page) => {
      if (page === 0) {
        await change(1); // u2: already seen
        await change(4); // u5: not yet seen
      }
    });
    expect(seen.slice(0, 4)).toEqual(['u2', 'u3', 'u4', 'u6']);
    expect(seen.slice(4).sort()).toEqual(['u2', 'u5']);
  });

  it('leaves archived rows out unless includeArchived, or updatedSince (a sync sees deletions) without includeArchived=false', async () => {
    const org = randomUUID();
    await insertNotes(dataSource, org, [{ title: 'kept' }, { title: 'archived', archivedAt: '2024-05-01T00:00:00Z' }]);
    expect(await walk(org, {})).toEqual(['kept']);
    expect(await walk(org, { includeArchived: false })).toEqual(['kept']);
    expect((await walk(org, { includeArchived: true })).sort()).toEqual(['archived', 'kept']);
    expect((await walk(org, { updatedSince: '2000-01-01T00:00:00Z' })).sort()).toEqual(['archived', 'kept']);
    expect(await walk(org, { updatedSince: '2000-01-01T00:00:00Z', includeArchived: false })).toEqual(['kept']);
  });

  it('keeps to the organization the module asked for', async () => {
    const mine = randomUUID();
    const theirs = randomUUID();
    await insertNotes(dataSource, mine, [{ title: 'mine' }]);
    await insertNotes(dataSource, theirs, [{ title: 'theirs' }]);
    expect(await walk(mine, { limit: 1 })).toEqual(['mine']);
  });

  it('refuses a cursor from the other ordering, or a garbage one, with a 400 instead of a database error', async () => {
    const org = randomUUID();
    await insertNotes(dataSource, org, [{ title: 'a' }, { title: 'b' }]);
    const { nextCursor } = await paginate(notesOf(org), pageQuery({ limit: 1 }));
    await expect(paginate(notesOf(org), pageQuery({ cursor: nextCursor!, updatedSince: '2000-01-01T00:00:00Z' }))).rejects.toBeInstanceOf(DomainError);
    await expect(paginate(notesOf(org), pageQuery({ cursor: 'eyJvIjoiY3JlYXRlZCJ9' }))).rejects.toBeInstanceOf(DomainError);
  });
});
