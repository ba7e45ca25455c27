import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * Failed logins counted per key ("email:<sha-256 of the address>" or "ip:<address>") in a
 * fixed window. Kept in PostgreSQL so that every API process sees the same counts.
 */
@Entity('login_throttles')
export class LoginThrottle {
  @PrimaryColumn({ type: 'text' })
  key!: string;

  @Column({ type: 'integer' })
  failures!: number;

  @Column({ type: 'timestamptz' })
  windowStartedAt!: Date;
}
