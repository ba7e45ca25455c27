import { MigrationInterface, QueryRunner } from 'typeorm';

export class ClientsAndCouples1795693318632 implements MigrationInterface {
  name = 'ClientsAndCouples1795693318632';

  public async up(queryRunner: QueryRunner): Promise<void> {
    // Trigram indexes make substring name search fast on large tables.
    await queryRunner.query('CREATE EXTENSION IF NOT EXISTS pg_trgm');
    await queryRunner.query("CREATE TABLE \"clients\" (\"organization_id\" uuid NOT NULL, \"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), \"updated_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), \"version\" integer NOT NULL DEFAULT '1', \"first_name\" text NOT NULL, \"last_name\" text NOT NULL, \"preferred_name\" text, \"pronouns\" text, \"date_of_birth\" date, \"email\" text, \"phone\" text, \"external_id\" text, \"status\" text NOT NULL DEFAULT 'active', \"tags\" text array NOT NULL DEFAULT '{}', \"archived_at\" TIMESTAMP WITH TIME ZONE, CONSTRAINT \"clients_status_check\" CHECK (status IN ('active', 'paused', 'discharged')), CONSTRAINT \"PK_9c7056e6be26c90879527cd3053\" PRIMARY KEY (\"organization_id\", \"id\"))");
    await queryRunner.query("CREATE INDEX \"clients_org_status\" ON \"clients\"  (\"organization_id\", \"status\") ");
    await queryRunner.query("CREATE INDEX \"clients_org_updated\" ON \"clients\"  (\"organization_id\", \"updated_at\", \"id\") ");
    await queryRunner.query("CREATE INDEX \"clients_org_created\" ON \"clients\"  (\"organization_id\", \"created_at\", \"id\") ");
    await queryRunner.query("CREATE TABLE \"couples\" (\"organization_id\" uuid NOT NULL, \"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), \"updated_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), \"version\" integer NOT NULL DEFAULT '1', \"partner_a_id\" uuid NOT NULL, \"partner_b_id\" uuid NOT NULL, \"label\" text, \"status\" text NOT NULL DEFAULT 'active', \"presenting_concern\" text, \"start_date\" date, \"external_id\" text, \"archived_at\" TIMESTAMP WITH TIME ZONE, CONSTRAINT \"couples_distinct_partners\" CHECK (partner_a_id <> partner_b_id), CONSTRAINT \"couples_status_check\" CHECK (status IN ('active', 'paused', 'ended')), CONSTRAINT \"PK_e9bd703ddd33a5a480e5ba4d242\" PRIMARY KEY (\"organization_id\", \"id\"))");
    await queryRunner.query("CREATE INDEX \"couples_partner_b\" ON \"couples\"  (\"organization_id\", \"partner_b_id\") ");
    await queryRunner.query("CREATE INDEX \"couples_partner_a\" ON \"couples\"  (\"organization_id\", \"partner_a_id\") ");
    await queryRunner.query("CREATE INDEX \"couples_org_updated\" ON \"couples\"  (\"organization_id\", \"updated_at\", \"id\") ");
    await queryRunner.query("CREATE INDEX \"couples_org_created\" ON \"couples\"  (\"organization_id\", \"created_at\", \"id\") ");
    await queryRunner.query("CREATE TABLE \"client_care_team\" (\"organization_id\" uuid NOT NULL, \"client_id\" uuid NOT NULL, \"user_id\" uuid NOT NULL, \"added_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"PK_07320b2b7c341e7aafb3c9210b3\" PRIMARY KEY (\"organization_id\", \"client_id\", \"user_id\"))");
    await queryRunner.query("CREATE INDEX \"client_care_team_by_user\" ON \"client_care_team\"  (\"organization_id\", \"user_id\", \"client_id\") ");
    await queryRunner.query("CREATE TABLE \"couple_care_team\" (\"organization_id\" uuid NOT NULL, \"couple_id\" uuid NOT NULL, \"user_id\" uuid NOT NULL, \"added_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"PK_1bec1687fd2c4af9c994a30223d\" PRIMARY KEY (\"organization_id\", \"couple_id\", \"user_id\"))");
    await queryRunner.query("CREATE INDEX \"couple_care_team_by_user\" ON \"couple_care_team\"  (\"organization_id\", \"user_id\", \"couple_id\") ");
    await queryRunner.query("CREATE TABLE \"safety_screenings\" (\"organization_id\" uuid NOT NULL, \"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), \"updated_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), \"version\" integer NOT NULL DEFAULT '1', \"client_id\" uuid NOT NULL, \"result\" text NOT NULL, \"screened_at\" TIMESTAMP WITH TIME ZONE NOT NULL, \"screened_by_user_id\" uuid, \"note\" text, CONSTRAINT \"safety_screenings_result_check\" CHECK (result IN ('clear', 'concern', 'unsafe')), CONSTRAINT \"PK_49a99f14cb7cbda1cb2413c4bd6\" PRIMARY KEY (\"organization_id\", \"id\"))");
    await queryRunner.query("CREATE INDEX \"safety_screenings_org_updated\" ON \"safety_screenings\"  (\"organization_id\", \"updated_at\", \"id\") ");
    await queryRunner.query("CREATE INDEX \"safety_screenings_org_created\" ON \"safety_screenings\"  (\"organization_id\", \"created_at\", \"id\") ");
    await queryRunner.query("CREATE INDEX \"safety_screenings_latest\" ON \"safety_screenings\"  (\"organization_id\", \"client_id\", \"screened_at\", \"id\") ");
    await queryRunner.query("ALTER TABLE \"clients\" ADD CONSTRAINT \"FK_56db59155836a7548efa3272d5d\" FOREIGN KEY (\"organization_id\") REFERENCES \"organizations\"(\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"couples\" ADD CONSTRAINT \"FK_e69366597dd0ddbceeb5352c3c1\" FOREIGN KEY (\"organization_id\") REFERENCES \"organizations\"(\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"couples\" ADD CONSTRAINT \"FK_e39d288ef331b9a7028be2656e1\" FOREIGN KEY (\"organization_id\", \"partner_a_id\") REFERENCES \"clients\"(\"organization_id\",\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"couples\" ADD CONSTRAINT \"FK_0a3702993f327eac725b97532f8\" FOREIGN KEY (\"organization_id\", \"partner_b_id\") REFERENCES \"clients\"(\"organization_id\",\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"client_care_team\" ADD CONSTRAINT \"FK_f7f2318bb59d7d5e48ed266bec3\" FOREIGN KEY (\"organization_id\", \"client_id\") REFERENCES \"clients\"(\"organization_id\",\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"client_care_team\" ADD CONSTRAINT \"FK_7c692f96b457356f89bac9d23fc\" FOREIGN KEY (\"organization_id\", \"user_id\") REFERENCES \"staff_users\"(\"organization_id\",\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"couple_care_team\" ADD CONSTRAINT \"FK_69448db3bbf85a9e15b8073c827\" FOREIGN KEY (\"organization_id\", \"couple_id\") REFERENCES \"couples\"(\"organization_id\",\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"couple_care_team\" ADD CONSTRAINT \"FK_2bfe1b2d3421110d4fb8328dcad\" FOREIGN KEY (\"organization_id\", \"user_id\") REFERENCES \"staff_users\"(\"organization_id\",\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"safety_screenings\" ADD CONSTRAINT \"FK_a802cf8b647665b3809516a121f\" FOREIGN KEY (\"organization_id\", \"client_id\") REFERENCES \"clients\"(\"organization_id\",\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
    // Indexes TypeORM can't express (declared with synchronize: false on the entities).
    await queryRunner.query(
      'CREATE UNIQUE INDEX "clients_external_id_key" ON "clients" ("organization_id", "external_id") WHERE "external_id" IS NOT NULL',
    );
    await queryRunner.query(
      `CREATE INDEX "clients_name_search" ON "clients" USING gin ((lower("first_name" || ' ' || "last_name" || ' ' || coalesce("preferred_name", ''))) gin_trgm_ops)`,
    );
    await queryRunner.query('CREATE INDEX "clients_tags" ON "clients" USING gin ("tags")');
    await queryRunner.query(
      `CREATE UNIQUE INDEX "couples_open_pair_key" ON "couples" ("organization_id", LEAST("partner_a_id", "partner_b_id"), GREATEST("partner_a_id", "partner_b_id")) WHERE "archived_at" IS NULL AND "status" <> 'ended'`,
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "couples_external_id_key" ON "couples" ("organization_id", "external_id") WHERE "external_id" IS NOT NULL',
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const index of ['couples_external_id_key', 'couples_open_pair_key', 'clients_tags', 'clients_name_search', 'clients_external_id_key']) {
      await queryRunner.query(`DROP INDEX "${index}"`);
    }
    await queryRunner.query("ALTER TABLE \"safety_screenings\" DROP CONSTRAINT \"FK_a802cf8b647665b3809516a121f\"");
    await queryRunner.query("ALTER TABLE \"couple_care_team\" DROP CONSTRAINT \"FK_2bfe1b2d3421110d4fb8328dcad\"");
    await queryRunner.query("ALTER TABLE \"couple_care_team\" DROP CONSTRAINT \"FK_69448db3bbf85a9e15b8073c827\"");
    await queryRunner.query("ALTER TABLE \"client_care_team\" DROP CONSTRAINT \"FK_7c692f96b457356f89bac9d23fc\"");
    await queryRunner.query("ALTER TABLE \"client_care_team\" DROP CONSTRAINT \"FK_f7f2318bb59d7d5e48ed266bec3\"");
    await queryRunner.query("ALTER TABLE \"couples\" DROP CONSTRAINT \"FK_0a3702993f327eac725b97532f8\"");
    await queryRunner.query("ALTER TABLE \"couples\" DROP CONSTRAINT \"FK_e39d288ef331b9a7028be2656e1\"");
    await queryRunner.query("ALTER TABLE \"couples\" DROP CONSTRAINT \"FK_e69366597dd0ddbceeb5352c3c1\"");
    await queryRunner.query("ALTER TABLE \"clients\" DROP CONSTRAINT \"FK_56db59155836a7548efa3272d5d\"");
    await queryRunner.query("DROP INDEX \"public\".\"safety_screenings_latest\"");
    await queryRunner.query("DROP INDEX \"public\".\"safety_screenings_org_created\"");
    await queryRunner.query("DROP INDEX \"public\".\"safety_screenings_org_updated\"");
    await queryRunner.query("DROP TABLE \"safety_screenings\"");
    await queryRunner.query("DROP INDEX \"public\".\"couple_care_team_by_user\"");
    await queryRunner.query("DROP TABLE \"couple_care_team\"");
    await queryRunner.query("DROP INDEX \"public\".\"client_care_team_by_user\"");
    await queryRunner.query("DROP TABLE \"client_care_team\"");
    await queryRunner.query("DROP INDEX \"public\".\"couples_org_created\"");
    await queryRunner.query("DROP INDEX \"public\".\"couples_org_updated\"");
    await queryRunner.query("DROP INDEX \"public\".\"couples_partner_a\"");
    await queryRunner.query("DROP INDEX \"public\".\"couples_partner_b\"");
    await queryRunner.query("DROP TABLE \"couples\"");
    await queryRunner.query("DROP INDEX \"public\".\"clients_org_created\"");
    await queryRunner.query("DROP INDEX \"public\".\"clients_org_updated\"");
    await queryRunner.query("DROP INDEX \"public\".\"clients_org_status\"");
    await queryRunner.query("DROP TABLE \"clients\"");
  }
}
