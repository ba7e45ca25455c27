import { Check, Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** Who made a change: a staff user, clinic software with an API key, or TrustPath itself (a webhook disabled after failures). */
export type ChangeActorType = 'user' | 'apiKey' | 'client' | 'system';

/**
 * One change of one record, written in the transaction of the change itself: committed together or
 * not at all. It carries ids, a version and a type, never client data. `position` counts the
 * organization's changes in commit order with no gap (see `change_feed_heads`), which is the
 * changes feed's cursor. Kept for `CHANGE_RETENTION_DAYS`, then deleted by the retention job.
 */
@Entity('change_events')
@Check('change_events_actor_type', `"actor_type" IN ('user', 'apiKey', 'client', 'system')`)
@Index('change_events_id_key', ['id'], { unique: true })
@Index('change_events_occurred', ['occurredAt'])
export class ChangeEvent {
  // No foreign key to organizations: the feed is a log beside the records, pruned on its own schedule.
  @PrimaryColumn('uuid')
  organizationId!: string;

  @PrimaryColumn('bigint')
  position!: string;

  /** The event's own id: a webhook delivery's `webhook-id`, so receivers can drop a repeat. */
  @Column('uuid')
  id!: string;

  @Column('text')
  type!: string;

  @Column('text')
  resourceType!: string;

  @Column('uuid')
  resourceId!: string;

  /** The record's version after the change; null for a change that has no versioned record of its own. */
  @Column({ type: 'integer', nullable: true })
  version!: number | null;

  @Column('text')
  actorType!: ChangeActorType;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  occurredAt!: Date;
}

/**
 * The head of an organization's changes feed: the last position given out, and the last one the
 * retention job deleted. A transaction that records changes increments `last_position` as its last
 * statement, which locks this row until it commits: the organization's changes get their positions
 * one transaction at a time, in commit order (see `ChangeEventsRepository.append`).
 */
@Entity('change_feed_heads')
export class ChangeFeedHead {
  @PrimaryColumn('uuid')
  organizationId!: string;

  @Column({ type: 'bigint', default: 0 })
  lastPosition!: string;

  /** Every change at or below this position has been deleted: a cursor older than it must resync. */
  @Column({ type: 'bigint', default: 0 })
  prunedThrough!: string;
}
