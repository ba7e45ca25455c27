import { MigrationInterface, QueryRunner } from 'typeorm';

/** The organization's IANA time zone (validated by the API), UTC until an owner or admin sets it. */
export class OrganizationTimeZone1795701000000 implements MigrationInterface {
  name = 'OrganizationTimeZone1795701000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE \"organizations\" ADD \"time_zone\" text NOT NULL DEFAULT 'UTC'");
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE \"organizations\" DROP COLUMN \"time_zone\"");
  }
}
