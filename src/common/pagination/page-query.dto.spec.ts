import { DomainError } from '../../errors/domain-error';
import { createValidationPipe } from '../../http/validation';
import { includesArchived, PageQueryDto } from './page-query.dto';

const pipe = createValidationPipe();
const parse = (query: Record<string, unknown>) =>
  pipe.transform(query, { type: 'query', metatype: PageQueryDto }) as Promise<PageQueryDto>;

async function fieldsRefused(query: Record<string, unknown>): Promise<string[]> {
  try {
    await parse(query);
  } catch (error) {
    if (error instanceof DomainError) return [...new Set((error.options.errors ?? []).map((e) => e.field))];
    throw error;
  }
  return [];
}

describe('PageQueryDto through the validation pipe', () => {
  it('defaults to 25 items, no cursor, and leaves includeArchived unset (its default depends on updatedSince)', async () => {
    const query = await parse({});
    expect(query).toBeInstanceOf(PageQueryDto);
    expect({ ...query }).toEqual({ limit: 25 });
  });

  it('converts query-string values', async () => {
    const query = await parse({ limit: '100', cursor: 'abc', updatedSince: '2024-05-01T10:00:00.5Z', includeArchived: 'true' });
    expect({ ...query }).toEqual({ limit: 100, cursor: 'abc', updatedSince: '2024-05-01T10:00:00.5Z', includeArchived: true });
    expect((await parse({ limit: '1', includeArchived: 'false' })).includeArchived).toBe(false);
  });

  it.each([['0'], ['101'], ['abc'], ['2.5'], ['-1'], [''], [['1', '2']]])('refuses limit=%p', async (limit) => {
    expect(await fieldsRefused({ limit })).toEqual(['limit']);
  });

  it.each([['1.5'], ['abc'], [''], ['-1'], ['1e2']])('answers limit=%p with "must be an integer" alone', async (limit) => {
    const error = await parse({ limit }).catch((e: DomainError) => e);
    expect((error as DomainError).options.errors).toEqual([{ field: 'limit', message: 'must be an integer' }]);
  });

  it.each([['yes'], ['1'], ['TRUE'], ['']])('refuses includeArchived=%p', async (includeArchived) => {
    expect(await fieldsRefused({ includeArchived })).toEqual(['includeArchived']);
  });

  it.each([['2024-05-01'], ['2024-13-01T00:00:00Z'], ['0000-01-01T00:00:00Z'], ['now']])('refuses updatedSince=%p', async (updatedSince) => {
    expect(await fieldsRefused({ updatedSince })).toEqual(['updatedSince']);
  });

  it('refuses unknown parameters', async () => {
    expect(await fieldsRefused({ sort: 'name' })).toEqual(['sort']);
  });
});

describe('includesArchived', () => {
  const since = '2024-05-01T10:00:00Z';

  it('lists archived items when asked, and by default only to a sync (updatedSince)', () => {
    expect(includesArchived({})).toBe(false);
    expect(includesArchived({ updatedSince: since })).toBe(true);
    expect(includesArchived({ includeArchived: true })).toBe(true);
  });

  it('honours an explicit false, even in a sync', () => {
    expect(includesArchived({ includeArchived: false })).toBe(false);
    expect(includesArchived({ updatedSince: since, includeArchived: false })).toBe(false);
  });
});
