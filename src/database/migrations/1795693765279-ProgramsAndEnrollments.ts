import { MigrationInterface, QueryRunner } from 'typeorm';
import { REBUILDING_TRUST_PROGRAM, REBUILDING_TRUST_PROGRAM_ID } from '../../programs/built-in/rebuilding-trust';

export class ProgramsAndEnrollments1795693765279 implements MigrationInterface {
  name = 'ProgramsAndEnrollments1795693765279';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE \"programs\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"organization_id\" uuid, \"key\" text NOT NULL, \"program_version\" integer NOT NULL, \"title\" text NOT NULL, \"description\" text NOT NULL, \"steps\" jsonb NOT NULL, \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), \"updated_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), \"version\" integer NOT NULL DEFAULT '1', CONSTRAINT \"programs_version_check\" CHECK (program_version >= 1), CONSTRAINT \"PK_d43c664bcaafc0e8a06dfd34e05\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE INDEX \"programs_org_updated\" ON \"programs\"  (\"organization_id\", \"updated_at\", \"id\") ");
    await queryRunner.query("CREATE INDEX \"programs_org_created\" ON \"programs\"  (\"organization_id\", \"created_at\", \"id\") ");
    await queryRunner.query("CREATE UNIQUE INDEX \"programs_org_key_version_key\" ON \"programs\"  (\"organization_id\", \"key\", \"program_version\") ");
    await queryRunner.query("CREATE TABLE \"enrollments\" (\"organization_id\" uuid NOT NULL, \"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), \"updated_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), \"version\" integer NOT NULL DEFAULT '1', \"program_id\" uuid NOT NULL, \"program_key\" text NOT NULL, \"program_version\" integer NOT NULL, \"couple_id\" uuid, \"client_id\" uuid, \"status\" text NOT NULL DEFAULT 'active', \"started_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), \"completed_at\" TIMESTAMP WITH TIME ZONE, CONSTRAINT \"enrollments_one_subject\" CHECK ((couple_id IS NULL) <> (client_id IS NULL)), CONSTRAINT \"enrollments_status_check\" CHECK (status IN ('active', 'paused', 'completed', 'withdrawn')), CONSTRAINT \"PK_f18f21365b9cc42af50903a366e\" PRIMARY KEY (\"organization_id\", \"id\"))");
    await queryRunner.query("CREATE INDEX \"enrollments_org_client\" ON \"enrollments\"  (\"organization_id\", \"client_id\") ");
    await queryRunner.query("CREATE INDEX \"enrollments_org_couple\" ON \"enrollments\"  (\"organization_id\", \"couple_id\") ");
    await queryRunner.query("CREATE INDEX \"enrollments_org_updated\" ON \"enrollments\"  (\"organization_id\", \"updated_at\", \"id\") ");
    await queryRunner.query("CREATE INDEX \"enrollments_org_created\" ON \"enrollments\"  (\"organization_id\", \"created_at\", \"id\") ");
    await queryRunner.query("CREATE TABLE \"enrollment_events\" (\"organization_id\" uuid NOT NULL, \"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"enrollment_id\" uuid NOT NULL, \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), \"occurred_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), \"type\" text NOT NULL, \"step_key\" text, \"practice_key\" text, \"actor_type\" text NOT NULL, \"actor_id\" uuid, \"data\" jsonb NOT NULL DEFAULT '{}', \"source_type\" text, \"source_id\" uuid, CONSTRAINT \"enrollment_events_source_check\" CHECK ((source_type IS NULL) = (source_id IS NULL)), CONSTRAINT \"enrollment_events_actor_type_check\" CHECK (actor_type IN ('user', 'apiKey', 'system')), CONSTRAINT \"PK_b17bcec44f16b7735d918773a78\" PRIMARY KEY (\"organization_id\", \"id\"))");
    await queryRunner.query("CREATE INDEX \"enrollment_events_source\" ON \"enrollment_events\"  (\"organization_id\", \"source_type\", \"source_id\") ");
    await queryRunner.query("CREATE INDEX \"enrollment_events_timeline\" ON \"enrollment_events\"  (\"organization_id\", \"enrollment_id\", \"created_at\", \"id\") ");
    await queryRunner.query("CREATE TABLE \"enrollment_steps\" (\"organization_id\" uuid NOT NULL, \"enrollment_id\" uuid NOT NULL, \"step_key\" text NOT NULL, \"status\" text NOT NULL DEFAULT 'not_started', \"started_at\" TIMESTAMP WITH TIME ZONE, \"completed_at\" TIMESTAMP WITH TIME ZONE, \"setbacks\" integer NOT NULL DEFAULT '0', \"updated_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"enrollment_steps_setbacks_check\" CHECK (setbacks >= 0), CONSTRAINT \"enrollment_steps_status_check\" CHECK (status IN ('not_started', 'in_progress', 'completed')), CONSTRAINT \"PK_d97a6146ef20d0d7af988151c85\" PRIMARY KEY (\"organization_id\", \"enrollment_id\", \"step_key\"))");
    await queryRunner.query("CREATE TABLE \"enrollment_practice_ticks\" (\"organization_id\" uuid NOT NULL, \"enrollment_id\" uuid NOT NULL, \"step_key\" text NOT NULL, \"practice_key\" text NOT NULL, \"client_id\" uuid NOT NULL, \"ticked_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), \"ticked_by_type\" text NOT NULL, \"ticked_by_id\" uuid, CONSTRAINT \"enrollment_practice_ticks_actor_type_check\" CHECK (ticked_by_type IN ('user', 'apiKey', 'system')), CONSTRAINT \"PK_2f657c3bc7e4ad5d391f6e240be\" PRIMARY KEY (\"organization_id\", \"enrollment_id\", \"step_key\", \"practice_key\", \"client_id\"))");
    await queryRunner.query("ALTER TABLE \"programs\" ADD CONSTRAINT \"FK_c5834d3b3137f015ea45906474c\" FOREIGN KEY (\"organization_id\") REFERENCES \"organizations\"(\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"enrollments\" ADD CONSTRAINT \"FK_e13a934cd35f22879e61ec923b1\" FOREIGN KEY (\"organization_id\") REFERENCES \"organizations\"(\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"enrollments\" ADD CONSTRAINT \"FK_46cbd5f5fcd422a898bfdf8aabb\" FOREIGN KEY (\"program_id\") REFERENCES \"programs\"(\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"enrollments\" ADD CONSTRAINT \"FK_f4480ddc8380a1b5913cb499b51\" FOREIGN KEY (\"organization_id\", \"couple_id\") REFERENCES \"couples\"(\"organization_id\",\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"enrollments\" ADD CONSTRAINT \"FK_26408e7263247312fc07194b1a3\" FOREIGN KEY (\"organization_id\", \"client_id\") REFERENCES \"clients\"(\"organization_id\",\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"enrollment_events\" ADD CONSTRAINT \"FK_6a8ac6e901a3d950c7ceb638f52\" FOREIGN KEY (\"organization_id\", \"enrollment_id\") REFERENCES \"enrollments\"(\"organization_id\",\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"enrollment_steps\" ADD CONSTRAINT \"FK_ff2d61d5816069f593f83aeaf36\" FOREIGN KEY (\"organization_id\", \"enrollment_id\") REFERENCES \"enrollments\"(\"organization_id\",\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"enrollment_practice_ticks\" ADD CONSTRAINT \"FK_67aa365ac067f56631831af4a9a\" FOREIGN KEY (\"organization_id\", \"enrollment_id\", \"step_key\") REFERENCES \"enrollment_steps\"(\"organization_id\",\"enrollment_id\",\"step_key\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"enrollment_practice_ticks\" ADD CONSTRAINT \"FK_bf75ac4bd22b04571eb69bd4d43\" FOREIGN KEY (\"organization_id\", \"client_id\") REFERENCES \"clients\"(\"organization_id\",\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
    // Indexes TypeORM can't express (declared with synchronize: false on the entities).
    await queryRunner.query(
      'CREATE UNIQUE INDEX "programs_built_in_key_version_key" ON "programs" ("key", "program_version") WHERE "organization_id" IS NULL',
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "enrollments_open_couple_key" ON "enrollments" ("organization_id", "couple_id", "program_key") WHERE "couple_id" IS NOT NULL AND "status" IN ('active', 'paused')`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "enrollments_open_client_key" ON "enrollments" ("organization_id", "client_id", "program_key") WHERE "client_id" IS NOT NULL AND "status" IN ('active', 'paused')`,
    );
    // The timeline is append-only, like the audit trail.
    await queryRunner.query(
      "CREATE FUNCTION enrollment_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'enrollment_events is append-only' USING ERRCODE = 'insufficient_privilege'; END $$",
    );
    await queryRunner.query(
      'CREATE TRIGGER enrollment_events_no_change BEFORE UPDATE OR DELETE ON "enrollment_events" FOR EACH ROW EXECUTE FUNCTION enrollment_events_append_only()',
    );
    await queryRunner.query(
      'CREATE TRIGGER enrollment_events_no_truncate BEFORE TRUNCATE ON "enrollment_events" FOR EACH STATEMENT EXECUTE FUNCTION enrollment_events_append_only()',
    );
    // The built-in program, from its content in src/programs/built-in (the single source). Version 1
    // is immutable from here on: changed content is a new version, inserted by a new migration.
    const program = REBUILDING_TRUST_PROGRAM;
    await queryRunner.query(
      'INSERT INTO "programs" ("id", "organization_id", "key", "program_version", "title", "description", "steps") VALUES ($1, NULL, $2, $3, $4, $5, $6::jsonb)',
      [REBUILDING_TRUST_PROGRAM_ID, program.key, program.version, program.title, program.description, JSON.stringify(program.steps)],
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TRIGGER enrollment_events_no_truncate ON "enrollment_events"');
    await queryRunner.query('DROP TRIGGER enrollment_events_no_change ON "enrollment_events"');
    await queryRunner.query('DROP FUNCTION enrollment_events_append_only()');
    for (const index of ['enrollments_open_client_key', 'enrollments_open_couple_key', 'programs_built_in_key_version_key']) {
      await queryRunner.query(`DROP INDEX "${index}"`);
    }
    await queryRunner.query("ALTER TABLE \"enrollment_practice_ticks\" DROP CONSTRAINT \"FK_bf75ac4bd22b04571eb69bd4d43\"");
    await queryRunner.query("ALTER TABLE \"enrollment_practice_ticks\" DROP CONSTRAINT \"FK_67aa365ac067f56631831af4a9a\"");
    await queryRunner.query("ALTER TABLE \"enrollment_steps\" DROP CONSTRAINT \"FK_ff2d61d5816069f593f83aeaf36\"");
    await queryRunner.query("ALTER TABLE \"enrollment_events\" DROP CONSTRAINT \"FK_6a8ac6e901a3d950c7ceb638f52\"");
    await queryRunner.query("ALTER TABLE \"enrollments\" DROP CONSTRAINT \"FK_26408e7263247312fc07194b1a3\"");
    await queryRunner.query("ALTER TABLE \"enrollments\" DROP CONSTRAINT \"FK_f4480ddc8380a1b5913cb499b51\"");
    await queryRunner.query("ALTER TABLE \"enrollments\" DROP CONSTRAINT \"FK_46cbd5f5fcd422a898bfdf8aabb\"");
    await queryRunner.query("ALTER TABLE \"enrollments\" DROP CONSTRAINT \"FK_e13a934cd35f22879e61ec923b1\"");
    await queryRunner.query("ALTER TABLE \"programs\" DROP CONSTRAINT \"FK_c5834d3b3137f015ea45906474c\"");
    await queryRunner.query("DROP TABLE \"enrollment_practice_ticks\"");
    await queryRunner.query("DROP TABLE \"enrollment_steps\"");
    await queryRunner.query("DROP INDEX \"public\".\"enrollment_events_timeline\"");
    await queryRunner.query("DROP INDEX \"public\".\"enrollment_events_source\"");
    await queryRunner.query("DROP TABLE \"enrollment_events\"");
    await queryRunner.query("DROP INDEX \"public\".\"enrollments_org_created\"");
    await queryRunner.query("DROP INDEX \"public\".\"enrollments_org_updated\"");
    await queryRunner.query("DROP INDEX \"public\".\"enrollments_org_couple\"");
    await queryRunner.query("DROP INDEX \"public\".\"enrollments_org_client\"");
    await queryRunner.query("DROP TABLE \"enrollments\"");
    await queryRunner.query("DROP INDEX \"public\".\"programs_org_key_version_key\"");
    await queryRunner.query("DROP INDEX \"public\".\"programs_org_created\"");
    await queryRunner.query("DROP INDEX \"public\".\"programs_org_updated\"");
    await queryRunner.query("DROP TABLE \"programs\"");
  }
}
