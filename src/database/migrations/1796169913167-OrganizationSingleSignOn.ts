import { MigrationInterface, QueryRunner } from 'typeorm';

export class OrganizationSingleSignOn1796169913167 implements MigrationInterface {
  name = 'OrganizationSingleSignOn1796169913167';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE \"sso_connections\" (\"organization_id\" uuid NOT NULL, \"slug\" text NOT NULL, \"issuer\" text NOT NULL, \"client_id\" text NOT NULL, \"client_secret_encrypted\" text NOT NULL, \"allowed_domains\" text array NOT NULL, \"redirect_uris\" text array NOT NULL, \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), \"updated_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), \"version\" integer NOT NULL DEFAULT '1', CONSTRAINT \"PK_6a27faf853cddf79c1ee5c14922\" PRIMARY KEY (\"organization_id\"))");
    await queryRunner.query("CREATE UNIQUE INDEX \"sso_connections_slug_key\" ON \"sso_connections\"  (\"slug\") ");
    await queryRunner.query("CREATE TABLE \"sso_sign_ins\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"organization_id\" uuid NOT NULL, \"state_hash\" text NOT NULL, \"code_verifier\" text, \"nonce\" text, \"redirect_uri\" text NOT NULL, \"started_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), \"expires_at\" TIMESTAMP WITH TIME ZONE NOT NULL, \"answered_at\" TIMESTAMP WITH TIME ZONE, \"user_id\" uuid, \"code_hash\" text, \"code_expires_at\" TIMESTAMP WITH TIME ZONE, \"exchanged_at\" TIMESTAMP WITH TIME ZONE, CONSTRAINT \"PK_38782b324f922b78f8efb997811\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE UNIQUE INDEX \"sso_sign_ins_code_key\" ON \"sso_sign_ins\"  (\"code_hash\") ");
    await queryRunner.query("CREATE UNIQUE INDEX \"sso_sign_ins_state_key\" ON \"sso_sign_ins\"  (\"state_hash\") ");
    await queryRunner.query("ALTER TABLE \"sso_connections\" ADD CONSTRAINT \"FK_6a27faf853cddf79c1ee5c14922\" FOREIGN KEY (\"organization_id\") REFERENCES \"organizations\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"sso_sign_ins\" ADD CONSTRAINT \"FK_7d33cd9fbb4db4917eb20b2b7dd\" FOREIGN KEY (\"organization_id\") REFERENCES \"organizations\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE \"sso_sign_ins\" DROP CONSTRAINT \"FK_7d33cd9fbb4db4917eb20b2b7dd\"");
    await queryRunner.query("ALTER TABLE \"sso_connections\" DROP CONSTRAINT \"FK_6a27faf853cddf79c1ee5c14922\"");
    await queryRunner.query("DROP INDEX \"public\".\"sso_sign_ins_state_key\"");
    await queryRunner.query("DROP INDEX \"public\".\"sso_sign_ins_code_key\"");
    await queryRunner.query("DROP TABLE \"sso_sign_ins\"");
    await queryRunner.query("DROP INDEX \"public\".\"sso_connections_slug_key\"");
    await queryRunner.query("DROP TABLE \"sso_connections\"");
  }
}
