import { MigrationInterface, QueryRunner } from 'typeorm';

export class ChangesFeed1796182662727 implements MigrationInterface {
  name = 'ChangesFeed1796182662727';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE \"change_events\" (\"organization_id\" uuid NOT NULL, \"position\" bigint NOT NULL, \"id\" uuid NOT NULL, \"type\" text NOT NULL, \"resource_type\" text NOT NULL, \"resource_id\" uuid NOT NULL, \"version\" integer, \"actor_type\" text NOT NULL, \"occurred_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"change_events_actor_type\" CHECK (\"actor_type\" IN ('user', 'apiKey', 'system')), CONSTRAINT \"PK_4cb0cbed9dd49041ed31b71afb8\" PRIMARY KEY (\"organization_id\", \"position\"))");
    await queryRunner.query("CREATE INDEX \"change_events_occurred\" ON \"change_events\"  (\"occurred_at\") ");
    await queryRunner.query("CREATE UNIQUE INDEX \"change_events_id_key\" ON \"change_events\"  (\"id\") ");
    await queryRunner.query("CREATE TABLE \"change_feed_heads\" (\"organization_id\" uuid NOT NULL, \"last_position\" bigint NOT NULL DEFAULT '0', \"pruned_through\" bigint NOT NULL DEFAULT '0', CONSTRAINT \"PK_1d61d10b42f1542e0756d1f6e9b\" PRIMARY KEY (\"organization_id\"))");
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP TABLE \"change_feed_heads\"");
    await queryRunner.query("DROP INDEX \"public\".\"change_events_id_key\"");
    await queryRunner.query("DROP INDEX \"public\".\"change_events_occurred\"");
    await queryRunner.query("DROP TABLE \"change_events\"");
  }
}
