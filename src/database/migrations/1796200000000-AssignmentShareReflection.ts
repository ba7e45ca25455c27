import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Who wrote an assignment's response (the client in the portal, or staff for them), and whether the
 * client shares it with the group's facilitators (off by default).
 */
export class AssignmentShareReflection1796200000000 implements MigrationInterface {
  name = 'AssignmentShareReflection1796200000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "assignments" ADD "response_by_type" text`);
    await queryRunner.query(`ALTER TABLE "assignments" ADD "response_by_id" uuid`);
    await queryRunner.query(`ALTER TABLE "assignments" ADD "share_reflection" boolean NOT NULL DEFAULT false`);
    await queryRunner.query(`ALTER TABLE "assignments" ADD CONSTRAINT "assignments_response_by_type_check" CHECK (response_by_type IN ('user', 'apiKey', 'client'))`);
    await queryRunner.query(`ALTER TABLE "assignments" ADD CONSTRAINT "assignments_response_by_check" CHECK ((response_by_type IS NULL) = (response_by_id IS NULL))`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "assignments" DROP CONSTRAINT "assignments_response_by_check"`);
    await queryRunner.query(`ALTER TABLE "assignments" DROP CONSTRAINT "assignments_response_by_type_check"`);
    await queryRunner.query(`ALTER TABLE "assignments" DROP COLUMN "share_reflection"`);
    await queryRunner.query(`ALTER TABLE "assignments" DROP COLUMN "response_by_id"`);
    await queryRunner.query(`ALTER TABLE "assignments" DROP COLUMN "response_by_type"`);
  }
}
