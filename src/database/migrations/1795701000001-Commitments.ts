import { MigrationInterface, QueryRunner } from 'typeorm';

export class Commitments1795701000001 implements MigrationInterface {
  name = 'Commitments1795701000001';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE \"commitments\" (\"organization_id\" uuid NOT NULL, \"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), \"updated_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), \"version\" integer NOT NULL DEFAULT '1', \"couple_id\" uuid, \"client_id\" uuid, \"committer_id\" uuid NOT NULL, \"to_whom\" text NOT NULL, \"description\" text NOT NULL, \"step_key\" text, \"practice_key\" text, \"schedule\" jsonb NOT NULL, \"time_zone\" text NOT NULL, \"first_on\" date NOT NULL, \"last_on\" date NOT NULL, \"previous_id\" uuid, \"superseded_by_id\" uuid, \"created_by_type\" text NOT NULL, \"created_by_id\" uuid NOT NULL, \"archived_at\" TIMESTAMP WITH TIME ZONE, CONSTRAINT \"commitments_created_by_type_check\" CHECK (created_by_type IN ('user', 'apiKey')), CONSTRAINT \"commitments_span_check\" CHECK (first_on <= last_on), CONSTRAINT \"commitments_to_check\" CHECK (to_whom IN ('partner', 'relationship', 'self') AND ((couple_id IS NULL) = (to_whom = 'self'))), CONSTRAINT \"commitments_one_subject\" CHECK ((couple_id IS NULL) <> (client_id IS NULL)), CONSTRAINT \"PK_87fb5554df2f24fc6bf739311d8\" PRIMARY KEY (\"organization_id\", \"id\"))");
    await queryRunner.query("CREATE INDEX \"commitments_org_committer\" ON \"commitments\"  (\"organization_id\", \"committer_id\", \"first_on\") ");
    await queryRunner.query("CREATE INDEX \"commitments_org_client\" ON \"commitments\"  (\"organization_id\", \"client_id\", \"first_on\") ");
    await queryRunner.query("CREATE INDEX \"commitments_org_couple\" ON \"commitments\"  (\"organization_id\", \"couple_id\", \"first_on\") ");
    await queryRunner.query("CREATE INDEX \"commitments_org_updated\" ON \"commitments\"  (\"organization_id\", \"updated_at\", \"id\") ");
    await queryRunner.query("CREATE INDEX \"commitments_org_created\" ON \"commitments\"  (\"organization_id\", \"created_at\", \"id\") ");
    await queryRunner.query("CREATE TABLE \"commitment_outcomes\" (\"organization_id\" uuid NOT NULL, \"commitment_id\" uuid NOT NULL, \"occurs_on\" date NOT NULL, \"committer_outcome\" text, \"committer_reason\" text, \"committer_recorded_by_type\" text, \"committer_recorded_by_id\" uuid, \"committer_recorded_at\" TIMESTAMP WITH TIME ZONE, \"partner_answer\" text, \"partner_note\" text, \"partner_recorded_by_type\" text, \"partner_recorded_by_id\" uuid, \"partner_recorded_at\" TIMESTAMP WITH TIME ZONE, \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), \"updated_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"commitment_outcomes_recorder_types\" CHECK (committer_recorded_by_type IN ('user', 'apiKey') AND partner_recorded_by_type IN ('user', 'apiKey')), CONSTRAINT \"commitment_outcomes_partner_recorded\" CHECK ((partner_answer IS NULL) = (partner_recorded_at IS NULL) AND (partner_answer IS NULL) = (partner_recorded_by_id IS NULL)), CONSTRAINT \"commitment_outcomes_committer_recorded\" CHECK ((committer_outcome IS NULL) = (committer_recorded_at IS NULL) AND (committer_outcome IS NULL) = (committer_recorded_by_id IS NULL)), CONSTRAINT \"commitment_outcomes_answer_needs_report\" CHECK (partner_answer IS NULL OR committer_outcome IS NOT NULL), CONSTRAINT \"commitment_outcomes_answer_check\" CHECK (partner_answer IS NULL OR partner_answer IN ('confirmed', 'disputed')), CONSTRAINT \"commitment_outcomes_outcome_check\" CHECK (committer_outcome IS NULL OR committer_outcome IN ('kept', 'missed', 'renegotiated', 'excused')), CONSTRAINT \"PK_4617e51febb41eb9110d731a2c5\" PRIMARY KEY (\"organization_id\", \"commitment_id\", \"occurs_on\"))");
    await queryRunner.query("ALTER TABLE \"commitments\" ADD CONSTRAINT \"FK_51be18569525c34f09eaa24678e\" FOREIGN KEY (\"organization_id\") REFERENCES \"organizations\"(\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"commitments\" ADD CONSTRAINT \"FK_bb39ed51a3ec4408270c383f08e\" FOREIGN KEY (\"organization_id\", \"couple_id\") REFERENCES \"couples\"(\"organization_id\",\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"commitments\" ADD CONSTRAINT \"FK_a06e69ce4310cf88fa4ce3b7567\" FOREIGN KEY (\"organization_id\", \"client_id\") REFERENCES \"clients\"(\"organization_id\",\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"commitments\" ADD CONSTRAINT \"FK_6e4c6bcf5e79de09369a9477d15\" FOREIGN KEY (\"organization_id\", \"committer_id\") REFERENCES \"clients\"(\"organization_id\",\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"commitments\" ADD CONSTRAINT \"FK_4213ef20049a09a3d7047c9ac6c\" FOREIGN KEY (\"organization_id\", \"previous_id\") REFERENCES \"commitments\"(\"organization_id\",\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"commitments\" ADD CONSTRAINT \"FK_b1407aacbb821611d665b51bdd8\" FOREIGN KEY (\"organization_id\", \"superseded_by_id\") REFERENCES \"commitments\"(\"organization_id\",\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"commitment_outcomes\" ADD CONSTRAINT \"FK_d9d91cbdca1999165216682d636\" FOREIGN KEY (\"organization_id\") REFERENCES \"organizations\"(\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"commitment_outcomes\" ADD CONSTRAINT \"FK_bd68d073c0fbb729dadc8cf7966\" FOREIGN KEY (\"organization_id\", \"commitment_id\") REFERENCES \"commitments\"(\"organization_id\",\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE \"commitment_outcomes\" DROP CONSTRAINT \"FK_bd68d073c0fbb729dadc8cf7966\"");
    await queryRunner.query("ALTER TABLE \"commitment_outcomes\" DROP CONSTRAINT \"FK_d9d91cbdca1999165216682d636\"");
    await queryRunner.query("ALTER TABLE \"commitments\" DROP CONSTRAINT \"FK_b1407aacbb821611d665b51bdd8\"");
    await queryRunner.query("ALTER TABLE \"commitments\" DROP CONSTRAINT \"FK_4213ef20049a09a3d7047c9ac6c\"");
    await queryRunner.query("ALTER TABLE \"commitments\" DROP CONSTRAINT \"FK_6e4c6bcf5e79de09369a9477d15\"");
    await queryRunner.query("ALTER TABLE \"commitments\" DROP CONSTRAINT \"FK_a06e69ce4310cf88fa4ce3b7567\"");
    await queryRunner.query("ALTER TABLE \"commitments\" DROP CONSTRAINT \"FK_bb39ed51a3ec4408270c383f08e\"");
    await queryRunner.query("ALTER TABLE \"commitments\" DROP CONSTRAINT \"FK_51be18569525c34f09eaa24678e\"");
    await queryRunner.query("DROP TABLE \"commitment_outcomes\"");
    await queryRunner.query("DROP INDEX \"public\".\"commitments_org_created\"");
    await queryRunner.query("DROP INDEX \"public\".\"commitments_org_updated\"");
    await queryRunner.query("DROP INDEX \"public\".\"commitments_org_couple\"");
    await queryRunner.query("DROP INDEX \"public\".\"commitments_org_client\"");
    await queryRunner.query("DROP INDEX \"public\".\"commitments_org_committer\"");
    await queryRunner.query("DROP TABLE \"commitments\"");
  }
}
