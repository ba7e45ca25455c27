import { MigrationInterface, QueryRunner } from 'typeorm';

export class ClientPortal1796183014413 implements MigrationInterface {
  name = 'ClientPortal1796183014413';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE \"portal_accounts\" (\"organization_id\" uuid NOT NULL, \"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), \"updated_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), \"version\" integer NOT NULL DEFAULT '1', \"client_id\" uuid NOT NULL, \"email\" text NOT NULL, \"password_hash\" text NOT NULL, \"granted_at\" TIMESTAMP WITH TIME ZONE NOT NULL, \"revoked_at\" TIMESTAMP WITH TIME ZONE, \"last_login_at\" TIMESTAMP WITH TIME ZONE, CONSTRAINT \"PK_7b829d7af57db072cd54332f15c\" PRIMARY KEY (\"organization_id\", \"id\"))");
    await queryRunner.query("CREATE INDEX \"portal_accounts_org_updated\" ON \"portal_accounts\"  (\"organization_id\", \"updated_at\", \"id\") ");
    await queryRunner.query("CREATE INDEX \"portal_accounts_org_created\" ON \"portal_accounts\"  (\"organization_id\", \"created_at\", \"id\") ");
    await queryRunner.query("CREATE INDEX \"portal_accounts_email\" ON \"portal_accounts\"  (\"email\") ");
    await queryRunner.query("CREATE UNIQUE INDEX \"portal_accounts_client_key\" ON \"portal_accounts\"  (\"organization_id\", \"client_id\") ");
    await queryRunner.query("CREATE TABLE \"portal_invitations\" (\"organization_id\" uuid NOT NULL, \"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), \"updated_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), \"version\" integer NOT NULL DEFAULT '1', \"client_id\" uuid NOT NULL, \"email\" text NOT NULL, \"token_hash\" text NOT NULL, \"expires_at\" TIMESTAMP WITH TIME ZONE NOT NULL, \"accepted_at\" TIMESTAMP WITH TIME ZONE, \"withdrawn_at\" TIMESTAMP WITH TIME ZONE, \"invited_by_type\" text NOT NULL, \"invited_by_id\" uuid NOT NULL, CONSTRAINT \"PK_135b48372a0606f00d687e653e1\" PRIMARY KEY (\"organization_id\", \"id\"))");
    await queryRunner.query("CREATE INDEX \"portal_invitations_org_updated\" ON \"portal_invitations\"  (\"organization_id\", \"updated_at\", \"id\") ");
    await queryRunner.query("CREATE INDEX \"portal_invitations_org_created\" ON \"portal_invitations\"  (\"organization_id\", \"created_at\", \"id\") ");
    await queryRunner.query("CREATE INDEX \"portal_invitations_client\" ON \"portal_invitations\"  (\"organization_id\", \"client_id\") ");
    await queryRunner.query("CREATE UNIQUE INDEX \"portal_invitations_token_key\" ON \"portal_invitations\"  (\"token_hash\") ");
    await queryRunner.query("ALTER TABLE \"auth_sessions\" ADD \"client_id\" uuid");
    await queryRunner.query("ALTER TABLE \"auth_sessions\" DROP CONSTRAINT \"FK_4721d839822e0393d03bbcb233d\"");
    await queryRunner.query("DROP INDEX \"public\".\"auth_sessions_user\"");
    await queryRunner.query("ALTER TABLE \"auth_sessions\" ALTER COLUMN \"user_id\" DROP NOT NULL");
    await queryRunner.query("CREATE INDEX \"auth_sessions_client\" ON \"auth_sessions\"  (\"organization_id\", \"client_id\") ");
    await queryRunner.query("CREATE INDEX \"auth_sessions_user\" ON \"auth_sessions\"  (\"organization_id\", \"user_id\") ");
    await queryRunner.query("ALTER TABLE \"auth_sessions\" ADD CONSTRAINT \"auth_sessions_holder_check\" CHECK ((user_id IS NULL) <> (client_id IS NULL))");
    await queryRunner.query("ALTER TABLE \"auth_sessions\" ADD CONSTRAINT \"FK_db7329c38bd70edfb6d64178276\" FOREIGN KEY (\"organization_id\", \"client_id\") REFERENCES \"clients\"(\"organization_id\",\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"auth_sessions\" ADD CONSTRAINT \"FK_4721d839822e0393d03bbcb233d\" FOREIGN KEY (\"organization_id\", \"user_id\") REFERENCES \"staff_users\"(\"organization_id\",\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"portal_accounts\" ADD CONSTRAINT \"FK_56ee0e13c4590ca88af488df9fd\" FOREIGN KEY (\"organization_id\", \"client_id\") REFERENCES \"clients\"(\"organization_id\",\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"portal_invitations\" ADD CONSTRAINT \"FK_2ceaa41f0dc39b9a8dffdbb1312\" FOREIGN KEY (\"organization_id\", \"client_id\") REFERENCES \"clients\"(\"organization_id\",\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE \"portal_invitations\" DROP CONSTRAINT \"FK_2ceaa41f0dc39b9a8dffdbb1312\"");
    await queryRunner.query("ALTER TABLE \"portal_accounts\" DROP CONSTRAINT \"FK_56ee0e13c4590ca88af488df9fd\"");
    await queryRunner.query("ALTER TABLE \"auth_sessions\" DROP CONSTRAINT \"FK_4721d839822e0393d03bbcb233d\"");
    await queryRunner.query("ALTER TABLE \"auth_sessions\" DROP CONSTRAINT \"FK_db7329c38bd70edfb6d64178276\"");
    await queryRunner.query("ALTER TABLE \"auth_sessions\" DROP CONSTRAINT \"auth_sessions_holder_check\"");
    await queryRunner.query("DROP INDEX \"public\".\"auth_sessions_user\"");
    await queryRunner.query("DROP INDEX \"public\".\"auth_sessions_client\"");
    await queryRunner.query("ALTER TABLE \"auth_sessions\" ALTER COLUMN \"user_id\" SET NOT NULL");
    await queryRunner.query("CREATE INDEX \"auth_sessions_user\" ON \"auth_sessions\" USING btree (\"organization_id\", \"user_id\") ");
    await queryRunner.query("ALTER TABLE \"auth_sessions\" ADD CONSTRAINT \"FK_4721d839822e0393d03bbcb233d\" FOREIGN KEY (\"organization_id\", \"user_id\") REFERENCES \"staff_users\"(\"organization_id\",\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"auth_sessions\" DROP COLUMN \"client_id\"");
    await queryRunner.query("DROP INDEX \"public\".\"portal_invitations_token_key\"");
    await queryRunner.query("DROP INDEX \"public\".\"portal_invitations_client\"");
    await queryRunner.query("DROP INDEX \"public\".\"portal_invitations_org_created\"");
    await queryRunner.query("DROP INDEX \"public\".\"portal_invitations_org_updated\"");
    await queryRunner.query("DROP TABLE \"portal_invitations\"");
    await queryRunner.query("DROP INDEX \"public\".\"portal_accounts_client_key\"");
    await queryRunner.query("DROP INDEX \"public\".\"portal_accounts_email\"");
    await queryRunner.query("DROP INDEX \"public\".\"portal_accounts_org_created\"");
    await queryRunner.query("DROP INDEX \"public\".\"portal_accounts_org_updated\"");
    await queryRunner.query("DROP TABLE \"portal_accounts\"");
  }
}
