import { MigrationInterface, QueryRunner } from 'typeorm';
import { PG_BOSS_SCHEMA } from './pg-boss-10.4.2.sql';

/** Webhooks, their deliveries and attempts, and the job queue (pg-boss) that delivers them. */

export class Webhooks1796183571769 implements MigrationInterface {
  name = 'Webhooks1796183571769';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(PG_BOSS_SCHEMA);
    // The delivery queue is a partition of pgboss.job: created here, by the schema's owner. Each
    // process then applies its own retry settings to it (an UPDATE, which the app role may do).
    await queryRunner.query(
      `SELECT pgboss.create_queue('webhook-delivery', '{"policy":"standard","retryLimit":13,"retryDelay":20,"retryBackoff":true,"expireInSeconds":120}'::json)`,
    );
    await queryRunner.query("CREATE TABLE \"webhooks\" (\"organization_id\" uuid NOT NULL, \"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), \"updated_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), \"version\" integer NOT NULL DEFAULT '1', \"url\" text NOT NULL, \"event_types\" text array NOT NULL DEFAULT '{}', \"description\" text, \"status\" text NOT NULL DEFAULT 'active', \"secret_encrypted\" text NOT NULL, \"previous_secret_encrypted\" text, \"previous_secret_expires_at\" TIMESTAMP WITH TIME ZONE, \"consecutive_failures\" integer NOT NULL DEFAULT '0', \"disabled_at\" TIMESTAMP WITH TIME ZONE, \"disabled_reason\" text, CONSTRAINT \"webhooks_status_check\" CHECK (status IN ('active', 'disabled')), CONSTRAINT \"PK_cf455c94758b3a55f84de84b07d\" PRIMARY KEY (\"organization_id\", \"id\"))");
    await queryRunner.query("CREATE INDEX \"webhooks_org_updated\" ON \"webhooks\"  (\"organization_id\", \"updated_at\", \"id\") ");
    await queryRunner.query("CREATE INDEX \"webhooks_org_created\" ON \"webhooks\"  (\"organization_id\", \"created_at\", \"id\") ");
    await queryRunner.query("CREATE TABLE \"webhook_deliveries\" (\"organization_id\" uuid NOT NULL, \"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), \"updated_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), \"version\" integer NOT NULL DEFAULT '1', \"webhook_id\" uuid NOT NULL, \"message_id\" uuid NOT NULL, \"event_type\" text NOT NULL, \"payload\" jsonb NOT NULL, \"status\" text NOT NULL DEFAULT 'pending', \"attempts\" integer NOT NULL DEFAULT '0', \"last_attempt_at\" TIMESTAMP WITH TIME ZONE, \"response_status\" integer, \"latency_ms\" integer, \"error\" text, CONSTRAINT \"webhook_deliveries_status_check\" CHECK (status IN ('pending', 'succeeded', 'failed')), CONSTRAINT \"PK_24cb0452b7280b0c67c232ba3bf\" PRIMARY KEY (\"organization_id\", \"id\"))");
    await queryRunner.query("CREATE INDEX \"webhook_deliveries_webhook_created\" ON \"webhook_deliveries\"  (\"organization_id\", \"webhook_id\", \"created_at\", \"id\") ");
    await queryRunner.query("CREATE INDEX \"webhook_deliveries_org_updated\" ON \"webhook_deliveries\"  (\"organization_id\", \"updated_at\", \"id\") ");
    await queryRunner.query("CREATE INDEX \"webhook_deliveries_org_created\" ON \"webhook_deliveries\"  (\"organization_id\", \"created_at\", \"id\") ");
    await queryRunner.query("CREATE TABLE \"webhook_delivery_attempts\" (\"organization_id\" uuid NOT NULL, \"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), \"updated_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), \"version\" integer NOT NULL DEFAULT '1', \"delivery_id\" uuid NOT NULL, \"attempt\" integer NOT NULL, \"attempted_at\" TIMESTAMP WITH TIME ZONE NOT NULL, \"succeeded\" boolean NOT NULL, \"response_status\" integer, \"latency_ms\" integer NOT NULL, \"error\" text, CONSTRAINT \"PK_69d0d2b4d789ef3aef1df254fb7\" PRIMARY KEY (\"organization_id\", \"id\"))");
    await queryRunner.query("CREATE INDEX \"webhook_delivery_attempts_delivery\" ON \"webhook_delivery_attempts\"  (\"organization_id\", \"delivery_id\", \"attempt\") ");
    await queryRunner.query("ALTER TABLE \"webhooks\" ADD CONSTRAINT \"FK_1263da9f2a66fe09006bd86130e\" FOREIGN KEY (\"organization_id\") REFERENCES \"organizations\"(\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"webhook_deliveries\" ADD CONSTRAINT \"FK_30202c2a9cf469e1eec92ba0534\" FOREIGN KEY (\"organization_id\", \"webhook_id\") REFERENCES \"webhooks\"(\"organization_id\",\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"webhook_delivery_attempts\" ADD CONSTRAINT \"FK_ca3326eb19958628bf04428d363\" FOREIGN KEY (\"organization_id\", \"delivery_id\") REFERENCES \"webhook_deliveries\"(\"organization_id\",\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP SCHEMA pgboss CASCADE');
    await queryRunner.query("ALTER TABLE \"webhook_delivery_attempts\" DROP CONSTRAINT \"FK_ca3326eb19958628bf04428d363\"");
    await queryRunner.query("ALTER TABLE \"webhook_deliveries\" DROP CONSTRAINT \"FK_30202c2a9cf469e1eec92ba0534\"");
    await queryRunner.query("ALTER TABLE \"webhooks\" DROP CONSTRAINT \"FK_1263da9f2a66fe09006bd86130e\"");
    await queryRunner.query("DROP INDEX \"public\".\"webhook_delivery_attempts_delivery\"");
    await queryRunner.query("DROP TABLE \"webhook_delivery_attempts\"");
    await queryRunner.query("DROP INDEX \"public\".\"webhook_deliveries_org_created\"");
    await queryRunner.query("DROP INDEX \"public\".\"webhook_deliveries_org_updated\"");
    await queryRunner.query("DROP INDEX \"public\".\"webhook_deliveries_webhook_created\"");
    await queryRunner.query("DROP TABLE \"webhook_deliveries\"");
    await queryRunner.query("DROP INDEX \"public\".\"webhooks_org_created\"");
    await queryRunner.query("DROP INDEX \"public\".\"webhooks_org_updated\"");
    await queryRunner.query("DROP TABLE \"webhooks\"");
  }
}
