export class HealthDto {
  /** `ok` when the check passed. */
  status!: 'ok';
  /** `up` when the database answered (readiness only). */
  database?: 'up';
}
