import { MigrationInterface, QueryRunner } from 'typeorm';

export class SingleSignOnPolicies1796170906635 implements MigrationInterface {
  name = 'SingleSignOnPolicies1796170906635';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE \"sso_connections\" ADD \"passwords_allowed\" boolean NOT NULL DEFAULT true");
    await queryRunner.query("ALTER TABLE \"sso_connections\" ADD \"break_glass_user_id\" uuid");
    await queryRunner.query("ALTER TABLE \"sso_connections\" ADD \"unknown_emails\" text NOT NULL DEFAULT 'refuse'");
    await queryRunner.query("ALTER TABLE \"sso_connections\" ADD \"new_staff_role\" text");
    await queryRunner.query("ALTER TABLE \"sso_connections\" ADD CONSTRAINT \"sso_connections_new_staff_role_check\" CHECK ((unknown_emails = 'create') = (new_staff_role IS NOT NULL) AND (new_staff_role IS NULL OR new_staff_role IN ('admin', 'practitioner', 'facilitator')))");
    await queryRunner.query("ALTER TABLE \"sso_connections\" ADD CONSTRAINT \"sso_connections_unknown_emails_check\" CHECK (unknown_emails IN ('refuse', 'create'))");
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE \"sso_connections\" DROP CONSTRAINT \"sso_connections_unknown_emails_check\"");
    await queryRunner.query("ALTER TABLE \"sso_connections\" DROP CONSTRAINT \"sso_connections_new_staff_role_check\"");
    await queryRunner.query("ALTER TABLE \"sso_connections\" DROP COLUMN \"new_staff_role\"");
    await queryRunner.query("ALTER TABLE \"sso_connections\" DROP COLUMN \"unknown_emails\"");
    await queryRunner.query("ALTER TABLE \"sso_connections\" DROP COLUMN \"break_glass_user_id\"");
    await queryRunner.query("ALTER TABLE \"sso_connections\" DROP COLUMN \"passwords_allowed\"");
  }
}
