import { MigrationInterface, QueryRunner } from 'typeorm';

/** How often an enrolled client should answer an instrument; the built-in check-in weekly, the CSI-4 every four weeks. */
export class InstrumentCadence1796200100000 implements MigrationInterface {
  name = 'InstrumentCadence1796200100000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "instruments" ADD "cadence_days" integer`);
    await queryRunner.query(`ALTER TABLE "instruments" ADD CONSTRAINT "instruments_cadence_days_check" CHECK (cadence_days BETWEEN 1 AND 366)`);
    await queryRunner.query(`UPDATE "instruments" SET "cadence_days" = 7 WHERE "organization_id" IS NULL AND "key" = 'trust-check-in'`);
    await queryRunner.query(`UPDATE "instruments" SET "cadence_days" = 28 WHERE "organization_id" IS NULL AND "key" = 'csi-4'`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "instruments" DROP CONSTRAINT "instruments_cadence_days_check"`);
    await queryRunner.query(`ALTER TABLE "instruments" DROP COLUMN "cadence_days"`);
  }
}
