import { Injectable } from '@nestjs/common';
import { Transactions } from '../database/transactions';
import { ChangeActorType, ChangeEvent } from './change-event.entity';
import { ChangeRef } from './change-types';

export interface ChangeRow {
  position: string;
  id: string;
  type: string;
  resourceType: string;
  resourceId: string;
  version: number | null;
  actorType: ChangeActorType;
  occurredAt: Date;
}

/** One page of the feed and the head it was read against, from one snapshot. */
export interface FeedRead {
  rows: ChangeRow[];
  /** The last committed position when the page was read. */
  lastPosition: string;
  /** Every change at or below this position has been deleted. */
  prunedThrough: string;
}

/** The `change_events` and `change_feed_heads` tables' SQL. */
@Injectable()
export class ChangeEventsRepository {
  constructor(private readonly db: Transactions) {}

  /**
   * Appends the changes with the organization's next positions. The head row's increment locks it
   * until the transaction ends, so a second transaction of the organization waits here for the
   * first to commit (or roll back) and then continues after its last position: positions are
   * given in commit order, with no gap, and a reader never sees a position before all lower ones.
   * The caller makes this the transaction's last statement, so the lock is held only for the commit.
   */
  async append(organizationId: string, actorType: ChangeActorType, changes: ChangeRef[]): Promise<ChangeRow[]> {
    if (changes.length === 0) return [];
    const column = <T>(pick: (c: ChangeRef) => T) => changes.map(pick);
    const rows: Array<Record<string, unknown>> = await this.db.manager.query(
      `WITH head AS (
         INSERT INTO change_feed_heads (organization_id, last_position) VALUES ($1, $2)
         ON CONFLICT (organization_id) DO UPDATE SET last_position = change_feed_heads.last_position + $2
         RETURNING last_position - $2 AS first_position
       )
       INSERT INTO change_events (organization_id, position, id, type, resource_type, resource_id, version, actor_type)
       SELECT $1, head.first_position + c.ord, gen_random_uuid(), c.type, c.resource_type, c.resource_id, c.version, $3
         FROM head, unnest($4::text[], $5::text[], $6::uuid[], $7::integer[]) WITH ORDINALITY AS c(type, resource_type, resource_id, version, ord)
       RETURNING position::text AS "position", id, type, resource_type AS "resourceType", resource_id AS "resourceId",
                 version, actor_type AS "actorType", occurred_at AS "occurredAt"`,
      [
        organizationId,
        changes.length,
        actorType,
        column((c) => c.type),
        column((c) => c.resourceType),
        column((c) => c.resourceId),
        column((c) => c.version),
      ],
    );
    return rows as unknown as ChangeRow[];
  }

  /** Changes after `after`, oldest first, of the given types (all when empty), with the head, in one statement (one snapshot). */
  async read(organizationId: string, after: string, types: string[], limit: number): Promise<FeedRead> {
    const rows: Array<Record<string, unknown>> = await this.db.manager.query(
      `WITH head AS (
         SELECT last_position, pruned_through FROM change_feed_heads WHERE organization_id = $1
       ), page AS (
         SELECT e.position, e.id, e.type, e.resource_type, e.resource_id, e.version, e.actor_type, e.occurred_at
           FROM change_events e
          WHERE e.organization_id = $1 AND e.position > $2::bigint
            AND (cardinality($3::text[]) = 0 OR e.type = ANY($3::text[]))
          ORDER BY e.position
          LIMIT $4
       )
       SELECT coalesce((SELECT last_position FROM head), 0)::text AS "lastPosition",
              coalesce((SELECT pruned_through FROM head), 0)::text AS "prunedThrough",
              page.position::text AS "position", page.id, page.type, page.resource_type AS "resourceType",
              page.resource_id AS "resourceId", page.version, page.actor_type AS "actorType", page.occurred_at AS "occurredAt"
         FROM (SELECT 1) one LEFT JOIN page ON true
        ORDER BY page.position`,
      [organizationId, after, types, limit],
    );
    const first = rows[0] as { lastPosition: string; prunedThrough: string };
    return {
      lastPosition: first.lastPosition,
      prunedThrough: first.prunedThrough,
      rows: rows.filter((row) => row.position !== null).map(({ lastPosition: _l, prunedThrough: _p, ...row }) => row as unknown as ChangeRow),
    };
  }

  /** Changes by id, oldest first (webhook deliveries load the events they carry). */
  findByIds(organizationId: string, ids: string[]): Promise<ChangeEvent[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.db.manager
      .createQueryBuilder(ChangeEvent, 'event')
      .where('event.organizationId = :organizationId AND event.id IN (:...ids)', { organizationId, ids })
      .orderBy('event.position')
      .getMany();
  }

  /**
   * Deletes the changes that occurred before `before`, organization by organization, and moves
   * each head's `pruned_through` up to the last position deleted: a cursor below it must resync.
   */
  async prune(before: Date): Promise<number> {
    const rows: Array<{ deleted: number }> = await this.db.manager.query(
      `WITH gone AS (
         DELETE FROM change_events WHERE occurred_at < $1 RETURNING organization_id, position
       ), moved AS (
         UPDATE change_feed_heads h SET pruned_through = greatest(h.pruned_through, g.through)
           FROM (SELECT organization_id, max(position) AS through FROM gone GROUP BY organization_id) g
          WHERE h.organization_id = g.organization_id
       )
       SELECT count(*)::int AS deleted FROM gone`,
      [before],
    );
    return rows[0]?.deleted ?? 0;
  }
}
