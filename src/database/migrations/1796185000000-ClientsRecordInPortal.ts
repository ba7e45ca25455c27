import { MigrationInterface, QueryRunner } from 'typeorm';

/** What a client writes in the portal is recorded as written by them: `client` joins the recorder types. */
const CHECKS: [table: string, name: string, before: string, after: string][] = [
  ['enrollment_events', 'enrollment_events_actor_type_check', "actor_type IN ('user', 'apiKey', 'system')", "actor_type IN ('user', 'apiKey', 'client', 'system')"],
  ['commitments', 'commitments_created_by_type_check', "created_by_type IN ('user', 'apiKey')", "created_by_type IN ('user', 'apiKey', 'client')"],
  [
    'commitment_outcomes',
    'commitment_outcomes_recorder_types',
    "committer_recorded_by_type IN ('user', 'apiKey') AND partner_recorded_by_type IN ('user', 'apiKey')",
    "committer_recorded_by_type IN ('user', 'apiKey', 'client') AND partner_recorded_by_type IN ('user', 'apiKey', 'client')",
  ],
  ['boundaries', 'boundaries_recorded_by_type_check', "recorded_by_type IN ('user', 'apiKey')", "recorded_by_type IN ('user', 'apiKey', 'client')"],
  ['boundary_versions', 'boundary_versions_recorded_by_type_check', "recorded_by_type IN ('user', 'apiKey')", "recorded_by_type IN ('user', 'apiKey', 'client')"],
  ['boundary_agreements', 'boundary_agreements_recorded_by_type_check', "recorded_by_type IN ('user', 'apiKey')", "recorded_by_type IN ('user', 'apiKey', 'client')"],
  ['boundary_breaches', 'boundary_breaches_recorded_by_type_check', "recorded_by_type IN ('user', 'apiKey')", "recorded_by_type IN ('user', 'apiKey', 'client')"],
  ['measurements', 'measurements_recorded_by_type_check', "recorded_by_type IN ('user', 'apiKey')", "recorded_by_type IN ('user', 'apiKey', 'client')"],
];

export class ClientsRecordInPortal1796185000000 implements MigrationInterface {
  name = 'ClientsRecordInPortal1796185000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    for (const [table, name, , after] of CHECKS) {
      await queryRunner.query(`ALTER TABLE "${table}" DROP CONSTRAINT "${name}"`);
      await queryRunner.query(`ALTER TABLE "${table}" ADD CONSTRAINT "${name}" CHECK (${after})`);
    }
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const [table, name, before] of CHECKS) {
      await queryRunner.query(`ALTER TABLE "${table}" DROP CONSTRAINT "${name}"`);
      await queryRunner.query(`ALTER TABLE "${table}" ADD CONSTRAINT "${name}" CHECK (${before})`);
    }
  }
}
