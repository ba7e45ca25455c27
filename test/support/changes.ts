import type { TestApp } from './test-app';

/** One change on the feed, as `GET /v1/changes` answers it. */
export interface Change {
  id: string;
  position: string;
  type: string;
  resourceType: string;
  resourceId: string;
  version: number | null;
  actorType: string;
}

/** Every change after `after`, following `nextCursor` to the head. */
export async function follow(
  t: TestApp,
  as: Record<string, string>,
  after?: string,
  query: Record<string, string> = {},
): Promise<{ changes: Change[]; cursor: string }> {
  const changes: Change[] = [];
  let cursor = after;
  for (;;) {
    const res = await t.http.get('/v1/changes').query({ ...(cursor === undefined ? {} : { after: cursor }), limit: '50', ...query }).set(as);
    if (res.status !== 200) throw new Error(`changes: ${res.status} ${res.text}`);
    changes.push(...(res.body.data as Change[]));
    cursor = res.body.nextCursor as string;
    if (!res.body.hasMore) return { changes, cursor };
  }
}
