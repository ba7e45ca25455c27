import { MigrationInterface, QueryRunner } from 'typeorm';
import { BUILT_IN_INSTRUMENTS } from '../../instruments/built-in/built-in-instruments';
import { scoreRange } from '../../instruments/rules/scoring';

export class InstrumentsAndMeasurements1795703000000 implements MigrationInterface {
  name = 'InstrumentsAndMeasurements1795703000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE \"instruments\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"organization_id\" uuid, \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), \"updated_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), \"version\" integer NOT NULL DEFAULT '1', \"key\" text NOT NULL, \"instrument_version\" integer NOT NULL, \"title\" text NOT NULL, \"description\" text NOT NULL, \"items\" jsonb NOT NULL, \"scoring\" jsonb NOT NULL, \"score_min\" double precision NOT NULL, \"score_max\" double precision NOT NULL, \"better_direction\" text NOT NULL, \"cut_offs\" jsonb NOT NULL, \"reliable_change\" jsonb, \"citation\" text, \"licence\" text NOT NULL, CONSTRAINT \"instruments_score_range_check\" CHECK (score_min <= score_max), CONSTRAINT \"instruments_better_direction_check\" CHECK (better_direction IN ('higher', 'lower')), CONSTRAINT \"instruments_version_check\" CHECK (instrument_version >= 1), CONSTRAINT \"PK_44d772c3199b38559c5fb666eb6\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE INDEX \"instruments_org_updated\" ON \"instruments\"  (\"organization_id\", \"updated_at\", \"id\") ");
    await queryRunner.query("CREATE INDEX \"instruments_org_created\" ON \"instruments\"  (\"organization_id\", \"created_at\", \"id\") ");
    await queryRunner.query("CREATE UNIQUE INDEX \"instruments_org_key_version_key\" ON \"instruments\"  (\"organization_id\", \"key\", \"instrument_version\") ");
    await queryRunner.query("CREATE TABLE \"measurements\" (\"organization_id\" uuid NOT NULL, \"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), \"updated_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), \"version\" integer NOT NULL DEFAULT '1', \"instrument_id\" uuid NOT NULL, \"couple_id\" uuid, \"client_id\" uuid NOT NULL, \"session_id\" uuid, \"taken_at\" TIMESTAMP WITH TIME ZONE NOT NULL, \"answers\" jsonb NOT NULL, \"score\" double precision NOT NULL, \"supersedes_id\" uuid, \"superseded_by_id\" uuid, \"reason\" text, \"recorded_by_type\" text NOT NULL, \"recorded_by_id\" uuid NOT NULL, CONSTRAINT \"measurements_recorded_by_type_check\" CHECK (recorded_by_type IN ('user', 'apiKey')), CONSTRAINT \"measurements_correction_check\" CHECK ((supersedes_id IS NULL) = (reason IS NULL)), CONSTRAINT \"PK_cddf5a53f0851de9f2222e69f1f\" PRIMARY KEY (\"organization_id\", \"id\"))");
    await queryRunner.query("CREATE INDEX \"measurements_client_instrument\" ON \"measurements\"  (\"organization_id\", \"client_id\", \"instrument_id\", \"taken_at\") ");
    await queryRunner.query("CREATE INDEX \"measurements_couple_instrument\" ON \"measurements\"  (\"organization_id\", \"couple_id\", \"instrument_id\", \"taken_at\") ");
    await queryRunner.query("CREATE INDEX \"measurements_org_updated\" ON \"measurements\"  (\"organization_id\", \"updated_at\", \"id\") ");
    await queryRunner.query("CREATE INDEX \"measurements_org_created\" ON \"measurements\"  (\"organization_id\", \"created_at\", \"id\") ");
    await queryRunner.query("ALTER TABLE \"instruments\" ADD CONSTRAINT \"FK_829f2a1d806f80c69ce3f3da111\" FOREIGN KEY (\"organization_id\") REFERENCES \"organizations\"(\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"measurements\" ADD CONSTRAINT \"FK_1e87e2b4e45c18c5aec8b31e11a\" FOREIGN KEY (\"organization_id\") REFERENCES \"organizations\"(\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"measurements\" ADD CONSTRAINT \"FK_c49ad29c0750371ab7833a85843\" FOREIGN KEY (\"instrument_id\") REFERENCES \"instruments\"(\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"measurements\" ADD CONSTRAINT \"FK_47f8d2e4058624c669b811becc2\" FOREIGN KEY (\"organization_id\", \"couple_id\") REFERENCES \"couples\"(\"organization_id\",\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"measurements\" ADD CONSTRAINT \"FK_73727c5a15d90649bcea04fd8a5\" FOREIGN KEY (\"organization_id\", \"client_id\") REFERENCES \"clients\"(\"organization_id\",\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"measurements\" ADD CONSTRAINT \"FK_835f1c6e56a46e589c7f9e46e99\" FOREIGN KEY (\"organization_id\", \"session_id\") REFERENCES \"therapy_sessions\"(\"organization_id\",\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"measurements\" ADD CONSTRAINT \"FK_298c236678a93ac8e96e0797f7d\" FOREIGN KEY (\"organization_id\", \"supersedes_id\") REFERENCES \"measurements\"(\"organization_id\",\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"measurements\" ADD CONSTRAINT \"FK_39802bebce0174253a82d51d61b\" FOREIGN KEY (\"organization_id\", \"superseded_by_id\") REFERENCES \"measurements\"(\"organization_id\",\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
    // Indexes TypeORM can't express (declared with synchronize: false on the entities).
    await queryRunner.query(
      'CREATE UNIQUE INDEX "instruments_built_in_key_version_key" ON "instruments" ("key", "instrument_version") WHERE "organization_id" IS NULL',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "measurements_supersedes_key" ON "measurements" ("organization_id", "supersedes_id") WHERE "supersedes_id" IS NOT NULL',
    );
    // The built-in instruments, from their content in src/instruments/built-in (the single source),
    // with their stable ids. A version is immutable from here on: changed content is a new version,
    // inserted by a new migration.
    for (const { id, definition: d } of BUILT_IN_INSTRUMENTS) {
      const range = scoreRange(d.items, d.scoring);
      await queryRunner.query(
        `INSERT INTO "instruments" ("id", "organization_id", "key", "instrument_version", "title", "description", "items", "scoring", "score_min",
                                    "score_max", "better_direction", "cut_offs", "reliable_change", "citation", "licence")
         VALUES ($1, NULL, $2, $3, $4, $5, $6::jsonb, $7::jsonb, $8, $9, $10, $11::jsonb, $12::jsonb, $13, $14)`,
        [
          id,
          d.key,
          d.version,
          d.title,
          d.description,
          JSON.stringify(d.items),
          JSON.stringify(d.scoring),
          range.min,
          range.max,
          d.betterDirection,
          JSON.stringify(d.cutOffs),
          d.reliableChange === null ? null : JSON.stringify(d.reliableChange),
          d.citation,
          d.licence,
        ],
      );
    }
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "measurements_supersedes_key"');
    await queryRunner.query('DROP INDEX "instruments_built_in_key_version_key"');
    await queryRunner.query("ALTER TABLE \"measurements\" DROP CONSTRAINT \"FK_39802bebce0174253a82d51d61b\"");
    await queryRunner.query("ALTER TABLE \"measurements\" DROP CONSTRAINT \"FK_298c236678a93ac8e96e0797f7d\"");
    await queryRunner.query("ALTER TABLE \"measurements\" DROP CONSTRAINT \"FK_835f1c6e56a46e589c7f9e46e99\"");
    await queryRunner.query("ALTER TABLE \"measurements\" DROP CONSTRAINT \"FK_73727c5a15d90649bcea04fd8a5\"");
    await queryRunner.query("ALTER TABLE \"measurements\" DROP CONSTRAINT \"FK_47f8d2e4058624c669b811becc2\"");
    await queryRunner.query("ALTER TABLE \"measurements\" DROP CONSTRAINT \"FK_c49ad29c0750371ab7833a85843\"");
    await queryRunner.query("ALTER TABLE \"measurements\" DROP CONSTRAINT \"FK_1e87e2b4e45c18c5aec8b31e11a\"");
    await queryRunner.query("ALTER TABLE \"instruments\" DROP CONSTRAINT \"FK_829f2a1d806f80c69ce3f3da111\"");
    await queryRunner.query("DROP INDEX \"public\".\"measurements_org_created\"");
    await queryRunner.query("DROP INDEX \"public\".\"measurements_org_updated\"");
    await queryRunner.query("DROP INDEX \"public\".\"measurements_couple_instrument\"");
    await queryRunner.query("DROP INDEX \"public\".\"measurements_client_instrument\"");
    await queryRunner.query("DROP TABLE \"measurements\"");
    await queryRunner.query("DROP INDEX \"public\".\"instruments_org_key_version_key\"");
    await queryRunner.query("DROP INDEX \"public\".\"instruments_org_created\"");
    await queryRunner.query("DROP INDEX \"public\".\"instruments_org_updated\"");
    await queryRunner.query("DROP TABLE \"instruments\"");
  }
}
