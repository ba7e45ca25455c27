import { MigrationInterface, QueryRunner } from 'typeorm';

export class Boundaries1795702000000 implements MigrationInterface {
  name = 'Boundaries1795702000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE \"boundaries\" (\"organization_id\" uuid NOT NULL, \"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), \"updated_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), \"version\" integer NOT NULL DEFAULT '1', \"couple_id\" uuid NOT NULL, \"partner_a_id\" uuid NOT NULL, \"partner_b_id\" uuid NOT NULL, \"proposed_by_type\" text NOT NULL, \"proposed_by_partner_id\" uuid, \"recorded_by_type\" text NOT NULL, \"recorded_by_id\" uuid NOT NULL, \"text\" text NOT NULL, \"current_version\" integer NOT NULL DEFAULT '1', \"status\" text NOT NULL DEFAULT 'proposed', \"retired_at\" TIMESTAMP WITH TIME ZONE, \"archived_at\" TIMESTAMP WITH TIME ZONE, CONSTRAINT \"boundaries_retired_check\" CHECK ((status = 'retired') = (retired_at IS NOT NULL)), CONSTRAINT \"boundaries_recorded_by_type_check\" CHECK (recorded_by_type IN ('user', 'apiKey')), CONSTRAINT \"boundaries_proposed_by_type_check\" CHECK (proposed_by_type IN ('partner', 'practitioner')), CONSTRAINT \"boundaries_proposed_by_check\" CHECK ((proposed_by_type = 'partner') = (proposed_by_partner_id IS NOT NULL)), CONSTRAINT \"boundaries_status_check\" CHECK (status IN ('proposed', 'agreed', 'retired')), CONSTRAINT \"PK_bdf12d3164a05c88c620a9069d5\" PRIMARY KEY (\"organization_id\", \"id\"))");
    await queryRunner.query("CREATE INDEX \"boundaries_couple\" ON \"boundaries\"  (\"organization_id\", \"couple_id\") ");
    await queryRunner.query("CREATE INDEX \"boundaries_org_updated\" ON \"boundaries\"  (\"organization_id\", \"updated_at\", \"id\") ");
    await queryRunner.query("CREATE INDEX \"boundaries_org_created\" ON \"boundaries\"  (\"organization_id\", \"created_at\", \"id\") ");
    await queryRunner.query("CREATE TABLE \"boundary_agreements\" (\"organization_id\" uuid NOT NULL, \"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"boundary_id\" uuid NOT NULL, \"boundary_version\" integer NOT NULL, \"partner_id\" uuid NOT NULL, \"agreed_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), \"recorded_by_type\" text NOT NULL, \"recorded_by_id\" uuid NOT NULL, \"withdrawn_at\" TIMESTAMP WITH TIME ZONE, \"withdrawn_by_type\" text, \"withdrawn_by_id\" uuid, CONSTRAINT \"boundary_agreements_withdrawn_check\" CHECK ((withdrawn_at IS NULL) = (withdrawn_by_type IS NULL AND withdrawn_by_id IS NULL)), CONSTRAINT \"boundary_agreements_recorded_by_type_check\" CHECK (recorded_by_type IN ('user', 'apiKey')), CONSTRAINT \"PK_de42ac334dbdc25d4fb39db3f45\" PRIMARY KEY (\"organization_id\", \"id\"))");
    await queryRunner.query("CREATE INDEX \"boundary_agreements_boundary\" ON \"boundary_agreements\"  (\"organization_id\", \"boundary_id\", \"boundary_version\", \"partner_id\") ");
    await queryRunner.query("CREATE TABLE \"boundary_breaches\" (\"organization_id\" uuid NOT NULL, \"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), \"updated_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), \"version\" integer NOT NULL DEFAULT '1', \"boundary_id\" uuid NOT NULL, \"boundary_version\" integer NOT NULL, \"breached_by_partner_id\" uuid NOT NULL, \"reported_by_type\" text NOT NULL, \"reported_by_partner_id\" uuid, \"recorded_by_type\" text NOT NULL, \"recorded_by_id\" uuid NOT NULL, \"occurred_at\" TIMESTAMP WITH TIME ZONE NOT NULL, \"severity\" text NOT NULL, \"note\" text, \"acknowledged_at\" TIMESTAMP WITH TIME ZONE, \"acknowledged_by_partner_id\" uuid, \"acknowledged_recorded_by_type\" text, \"acknowledged_recorded_by_id\" uuid, CONSTRAINT \"boundary_breaches_acknowledged_check\" CHECK ((acknowledged_at IS NULL) = (acknowledged_by_partner_id IS NULL)), CONSTRAINT \"boundary_breaches_recorded_by_type_check\" CHECK (recorded_by_type IN ('user', 'apiKey')), CONSTRAINT \"boundary_breaches_reported_by_type_check\" CHECK (reported_by_type IN ('partner', 'practitioner')), CONSTRAINT \"boundary_breaches_reported_by_check\" CHECK ((reported_by_type = 'partner') = (reported_by_partner_id IS NOT NULL)), CONSTRAINT \"boundary_breaches_severity_check\" CHECK (severity IN ('minor', 'major')), CONSTRAINT \"PK_8e670814b0666cb22d22c5c9f78\" PRIMARY KEY (\"organization_id\", \"id\"))");
    await queryRunner.query("CREATE INDEX \"boundary_breaches_org_updated\" ON \"boundary_breaches\"  (\"organization_id\", \"updated_at\", \"id\") ");
    await queryRunner.query("CREATE INDEX \"boundary_breaches_boundary_occurred\" ON \"boundary_breaches\"  (\"organization_id\", \"boundary_id\", \"occurred_at\") ");
    await queryRunner.query("CREATE INDEX \"boundary_breaches_boundary_created\" ON \"boundary_breaches\"  (\"organization_id\", \"boundary_id\", \"created_at\", \"id\") ");
    await queryRunner.query("CREATE TABLE \"boundary_versions\" (\"organization_id\" uuid NOT NULL, \"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"boundary_id\" uuid NOT NULL, \"number\" integer NOT NULL, \"text\" text NOT NULL, \"proposed_by_type\" text NOT NULL, \"proposed_by_partner_id\" uuid, \"recorded_by_type\" text NOT NULL, \"recorded_by_id\" uuid NOT NULL, \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"boundary_versions_recorded_by_type_check\" CHECK (recorded_by_type IN ('user', 'apiKey')), CONSTRAINT \"boundary_versions_proposed_by_type_check\" CHECK (proposed_by_type IN ('partner', 'practitioner')), CONSTRAINT \"boundary_versions_proposed_by_check\" CHECK ((proposed_by_type = 'partner') = (proposed_by_partner_id IS NOT NULL)), CONSTRAINT \"PK_a222b9ab0b4ed288ad311f7a8a5\" PRIMARY KEY (\"organization_id\", \"id\"))");
    await queryRunner.query("CREATE UNIQUE INDEX \"boundary_versions_number_key\" ON \"boundary_versions\"  (\"organization_id\", \"boundary_id\", \"number\") ");
    await queryRunner.query("ALTER TABLE \"boundaries\" ADD CONSTRAINT \"FK_8930e9c432e772bdf1edceaed69\" FOREIGN KEY (\"organization_id\") REFERENCES \"organizations\"(\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"boundaries\" ADD CONSTRAINT \"FK_13c6db99885f3943b00dfac1f82\" FOREIGN KEY (\"organization_id\", \"couple_id\") REFERENCES \"couples\"(\"organization_id\",\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"boundaries\" ADD CONSTRAINT \"FK_8c078e546d7130efa94fe5ead1a\" FOREIGN KEY (\"organization_id\", \"partner_a_id\") REFERENCES \"clients\"(\"organization_id\",\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"boundaries\" ADD CONSTRAINT \"FK_60de93048dc747d88016c4ddd4e\" FOREIGN KEY (\"organization_id\", \"partner_b_id\") REFERENCES \"clients\"(\"organization_id\",\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"boundary_agreements\" ADD CONSTRAINT \"FK_2624d5606cd1d1490d01bac8e6b\" FOREIGN KEY (\"organization_id\", \"boundary_id\") REFERENCES \"boundaries\"(\"organization_id\",\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"boundary_agreements\" ADD CONSTRAINT \"FK_34a49e5faced9036446a157fff7\" FOREIGN KEY (\"organization_id\", \"partner_id\") REFERENCES \"clients\"(\"organization_id\",\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"boundary_breaches\" ADD CONSTRAINT \"FK_c208b87497d13fa71a6daddd175\" FOREIGN KEY (\"organization_id\", \"boundary_id\") REFERENCES \"boundaries\"(\"organization_id\",\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"boundary_breaches\" ADD CONSTRAINT \"FK_4e61055bde3fbbe2de8209febb9\" FOREIGN KEY (\"organization_id\", \"breached_by_partner_id\") REFERENCES \"clients\"(\"organization_id\",\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"boundary_versions\" ADD CONSTRAINT \"FK_51b5dd9a53f0aa05ca130307809\" FOREIGN KEY (\"organization_id\", \"boundary_id\") REFERENCES \"boundaries\"(\"organization_id\",\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE \"boundary_versions\" DROP CONSTRAINT \"FK_51b5dd9a53f0aa05ca130307809\"");
    await queryRunner.query("ALTER TABLE \"boundary_breaches\" DROP CONSTRAINT \"FK_4e61055bde3fbbe2de8209febb9\"");
    await queryRunner.query("ALTER TABLE \"boundary_breaches\" DROP CONSTRAINT \"FK_c208b87497d13fa71a6daddd175\"");
    await queryRunner.query("ALTER TABLE \"boundary_agreements\" DROP CONSTRAINT \"FK_34a49e5faced9036446a157fff7\"");
    await queryRunner.query("ALTER TABLE \"boundary_agreements\" DROP CONSTRAINT \"FK_2624d5606cd1d1490d01bac8e6b\"");
    await queryRunner.query("ALTER TABLE \"boundaries\" DROP CONSTRAINT \"FK_60de93048dc747d88016c4ddd4e\"");
    await queryRunner.query("ALTER TABLE \"boundaries\" DROP CONSTRAINT \"FK_8c078e546d7130efa94fe5ead1a\"");
    await queryRunner.query("ALTER TABLE \"boundaries\" DROP CONSTRAINT \"FK_13c6db99885f3943b00dfac1f82\"");
    await queryRunner.query("ALTER TABLE \"boundaries\" DROP CONSTRAINT \"FK_8930e9c432e772bdf1edceaed69\"");
    await queryRunner.query("DROP INDEX \"public\".\"boundary_versions_number_key\"");
    await queryRunner.query("DROP TABLE \"boundary_versions\"");
    await queryRunner.query("DROP INDEX \"public\".\"boundary_breaches_boundary_created\"");
    await queryRunner.query("DROP INDEX \"public\".\"boundary_breaches_boundary_occurred\"");
    await queryRunner.query("DROP INDEX \"public\".\"boundary_breaches_org_updated\"");
    await queryRunner.query("DROP TABLE \"boundary_breaches\"");
    await queryRunner.query("DROP INDEX \"public\".\"boundary_agreements_boundary\"");
    await queryRunner.query("DROP TABLE \"boundary_agreements\"");
    await queryRunner.query("DROP INDEX \"public\".\"boundaries_org_created\"");
    await queryRunner.query("DROP INDEX \"public\".\"boundaries_org_updated\"");
    await queryRunner.query("DROP INDEX \"public\".\"boundaries_couple\"");
    await queryRunner.query("DROP TABLE \"boundaries\"");
  }
}
