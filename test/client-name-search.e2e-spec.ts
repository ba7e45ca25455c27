import { bearer, Org, signupOrganization } from './support/factories';
import { startTestApp, TestApp } from './support/test-app';

const FIRST = ['Dana', 'Daniel', 'Danielle', 'Ana', 'Anna', 'Hannah', 'Jo', 'Joanna', 'Mary Ann', 'Zoë', 'Ólafur', 'Sam'];
const LAST = ['Okafor', 'Johnson', 'Jackson', 'Anderson', 'Okafor-Smith', 'Smith', 'Smithson', 'Nakamura', 'O’Brien', 'Lindqvist', 'Robinson', 'Dahl'];
const PREFERRED = [null, null, null, 'Dee', 'Annie', 'Jojo', 'Sonny'];

/**
 * A name search reads a page per matching name word instead of every match: these walks hold it to
 * the results of the one filtered statement it replaces, in the same order, page after page.
 */
describe('client name search', () => {
  let t: TestApp;
  let org: Org;
  let owner: Record<string, string>;

  beforeAll(async () => {
    t = await startTestApp();
    org = await signupOrganization(t);
    owner = bearer(org.owner.token);
    // 240 clients, some sharing a creation time to the microsecond, some archived, then some renamed.
    await t.dataSource.query(
      `INSERT INTO clients (organization_id, first_name, last_name, preferred_name, status, archived_at, created_at, updated_at)
       SELECT $1, ($2::text[])[1 + g % 12], ($3::text[])[1 + (g * 7) % 12], ($4::text[])[1 + (g * 5) % 7],
              (ARRAY['active', 'paused', 'discharged'])[1 + g % 3], CASE WHEN g % 9 = 0 THEN now() END,
              timestamptz '2030-01-01' - make_interval(secs => (g / 2) * 60), now()
         FROM generate_series(1, 240) AS g`,
      [org.organizationId, FIRST, LAST, PREFERRED],
    );
    await t.dataSource.query(
      `UPDATE clients SET last_name = 'Okafor-Renamed', preferred_name = NULL
        WHERE organization_id = $1 AND id IN (SELECT id FROM clients WHERE organization_id = $1 ORDER BY created_at LIMIT 20)`,
      [org.organizationId],
    );
  });
  afterAll(() => t.close());

  /** Today's answer: every match of the substring, in list order. */
  async function expected(q: string, filters: { status?: string; includeArchived?: boolean } = {}): Promise<string[]> {
    const rows: { id: string }[] = await t.dataSource.query(
      `SELECT id FROM clients
        WHERE organization_id = $1 AND strpos(lower(first_name || ' ' || last_name || ' ' || coalesce(preferred_name, '')), $2) > 0
          AND ($3::text IS NULL OR status = $3) AND ($4 OR archived_at IS NULL)
        ORDER BY created_at DESC, id DESC`,
      [org.organizationId, q.toLowerCase(), filters.status ?? null, filters.includeArchived ?? false],
    );
    return rows.map((r) => r.id);
  }

  async function walk(query: Record<string, string>): Promise<string[]> {
    const ids: string[] = [];
    let cursor: string | null = null;
    do {
      const res: { status: number; body: { data: { id: string }[]; nextCursor: string | null } } = await t.http
        .get('/v1/clients')
        .query({ limit: '7', ...query, ...(cursor ? { cursor } : {}) })
        .set(owner);
      expect(res.status).toBe(200);
      ids.push(...res.body.data.map((c: { id: string }) => c.id));
      cursor = res.body.nextCursor;
    } while (cursor);
    return ids;
  }

  it.each(['okafor', 'OKAF', 'son', 'ann', 'anna', 'smith', 'afor-sm', 'o’b', 'zoë', 'ólaf', 'dee', 'renamed', 'an', 'y ann', 'na o', 'nothing-like-it'])(
    'finds what the substring search found for %p, in the same order',
    async (q) => {
      const want = await expected(q);
      expect(await walk({ q })).toEqual(want);
    },
  );

  it('keeps the other filters and archived clients as they were', async () => {
    expect(await walk({ q: 'okafor', status: 'paused' })).toEqual(await expected('okafor', { status: 'paused' }));
    expect(await walk({ q: 'son', includeArchived: 'true' })).toEqual(await expected('son', { includeArchived: true }));
    expect((await expected('okafor')).length).toBeGreaterThan(20);
  });
});
