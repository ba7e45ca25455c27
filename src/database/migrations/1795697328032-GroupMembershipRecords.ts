import { MigrationInterface, QueryRunner } from 'typeorm';

export class GroupMembershipRecords1795697328032 implements MigrationInterface {
  name = 'GroupMembershipRecords1795697328032';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE \"group_members\" ADD \"id\" uuid NOT NULL DEFAULT gen_random_uuid()");
    await queryRunner.query("ALTER TABLE \"group_members\" ADD \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now()");
    await queryRunner.query("ALTER TABLE \"group_members\" ADD \"updated_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now()");
    await queryRunner.query("ALTER TABLE \"group_members\" ADD \"version\" integer NOT NULL DEFAULT '1'");
    // Memberships that existed before: created when the client joined, last changed when they left.
    await queryRunner.query('UPDATE "group_members" SET "created_at" = "joined_at", "updated_at" = COALESCE("left_at", "joined_at")');
    await queryRunner.query("CREATE INDEX \"group_members_group_updated\" ON \"group_members\"  (\"organization_id\", \"group_id\", \"updated_at\", \"id\") ");
    await queryRunner.query("CREATE INDEX \"group_members_group_created\" ON \"group_members\"  (\"organization_id\", \"group_id\", \"created_at\", \"id\") ");
    await queryRunner.query("CREATE UNIQUE INDEX \"group_members_id_key\" ON \"group_members\"  (\"organization_id\", \"id\") ");
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP INDEX \"public\".\"group_members_id_key\"");
    await queryRunner.query("DROP INDEX \"public\".\"group_members_group_created\"");
    await queryRunner.query("DROP INDEX \"public\".\"group_members_group_updated\"");
    await queryRunner.query("ALTER TABLE \"group_members\" DROP COLUMN \"version\"");
    await queryRunner.query("ALTER TABLE \"group_members\" DROP COLUMN \"updated_at\"");
    await queryRunner.query("ALTER TABLE \"group_members\" DROP COLUMN \"created_at\"");
    await queryRunner.query("ALTER TABLE \"group_members\" DROP COLUMN \"id\"");
  }
}
