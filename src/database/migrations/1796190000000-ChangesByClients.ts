import { MigrationInterface, QueryRunner } from 'typeorm';

/** A client writing through the portal is the actor of the changes it makes. */
export class ChangesByClients1796190000000 implements MigrationInterface {
  name = 'ChangesByClients1796190000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "change_events" DROP CONSTRAINT "change_events_actor_type"`);
    await queryRunner.query(`ALTER TABLE "change_events" ADD CONSTRAINT "change_events_actor_type" CHECK ("actor_type" IN ('user', 'apiKey', 'client', 'system'))`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "change_events" DROP CONSTRAINT "change_events_actor_type"`);
    await queryRunner.query(`ALTER TABLE "change_events" ADD CONSTRAINT "change_events_actor_type" CHECK ("actor_type" IN ('user', 'apiKey', 'system'))`);
  }
}
