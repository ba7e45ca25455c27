import { Check, Column, Entity, PrimaryColumn } from 'typeorm';

export type IdempotencyKeyState = 'in_progress' | 'completed';

/**
 * One `Idempotency-Key` an organization sent with a creating request, and the answer it got, kept
 * for 24 hours so that a retry is answered the same way. The row is written in the transaction of
 * the write it protects, so it is always `completed`; `in_progress` rows were left by earlier
 * versions, which stored the claim apart, and are taken over by the next claim. Expired rows are
 * reclaimed by the next claim of the same key; purging them in bulk belongs to the scheduled jobs,
 * when those exist.
 */
@Entity({ name: 'idempotency_keys' })
@Check('idempotency_keys_state', `"state" IN ('in_progress', 'completed')`)
export class IdempotencyKey {
  // No foreign key to organizations: keys are disposable, and may outlive nothing they point to.
  @PrimaryColumn({ name: 'organization_id', type: 'uuid' })
  organizationId!: string;

  @PrimaryColumn({ type: 'varchar', length: 255 })
  key!: string;

  /** SHA-256 (hex) of the canonical request: method, URL and body with sorted keys. */
  @Column({ name: 'request_hash', type: 'varchar', length: 64 })
  requestHash!: string;

  @Column({ type: 'varchar', length: 16 })
  state!: IdempotencyKeyState;

  @Column({ name: 'response_status', type: 'smallint', nullable: true })
  responseStatus!: number | null;

  /** The JSON body sent, or for a 4xx the problem's code, detail and field errors. */
  @Column({ name: 'response_body', type: 'jsonb', nullable: true })
  responseBody!: unknown;

  @Column({ name: 'response_location', type: 'text', nullable: true })
  responseLocation!: string | null;

  /** When the answer was stored. */
  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt!: Date;
}
