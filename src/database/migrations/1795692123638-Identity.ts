import { MigrationInterface, QueryRunner } from 'typeorm';

export class Identity1795692123638 implements MigrationInterface {
  name = 'Identity1795692123638';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE \"organizations\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"name\" text NOT NULL, \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), \"updated_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), \"version\" integer NOT NULL DEFAULT '1', CONSTRAINT \"PK_6b031fcd0863e3f6b44230163f9\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE TABLE \"api_keys\" (\"organization_id\" uuid NOT NULL, \"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), \"updated_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), \"version\" integer NOT NULL DEFAULT '1', \"name\" text NOT NULL, \"role\" text NOT NULL, \"prefix\" text NOT NULL, \"secret_hash\" text NOT NULL, \"created_by_user_id\" uuid, \"last_used_at\" TIMESTAMP WITH TIME ZONE, \"revoked_at\" TIMESTAMP WITH TIME ZONE, CONSTRAINT \"api_keys_role_check\" CHECK (role IN ('integration', 'readonly')), CONSTRAINT \"PK_751e3663c1005cb4ccc93d475c3\" PRIMARY KEY (\"organization_id\", \"id\"))");
    await queryRunner.query("CREATE INDEX \"api_keys_org_updated\" ON \"api_keys\"  (\"organization_id\", \"updated_at\", \"id\") ");
    await queryRunner.query("CREATE INDEX \"api_keys_org_created\" ON \"api_keys\"  (\"organization_id\", \"created_at\", \"id\") ");
    await queryRunner.query("CREATE UNIQUE INDEX \"api_keys_prefix_key\" ON \"api_keys\"  (\"prefix\") ");
    await queryRunner.query("CREATE TABLE \"audit_events\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"organization_id\" uuid, \"occurred_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), \"actor_type\" text NOT NULL, \"actor_id\" uuid, \"action\" text NOT NULL, \"resource_type\" text, \"resource_id\" text, \"detail\" jsonb, \"request_id\" text, \"ip\" text, \"user_agent\" text, \"status\" smallint NOT NULL, CONSTRAINT \"PK_910f64d901a5c3e9878f0d4a407\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE INDEX \"audit_events_org_resource_time\" ON \"audit_events\"  (\"organization_id\", \"resource_type\", \"resource_id\", \"occurred_at\") ");
    await queryRunner.query("CREATE INDEX \"audit_events_org_actor_time\" ON \"audit_events\"  (\"organization_id\", \"actor_id\", \"occurred_at\") ");
    await queryRunner.query("CREATE INDEX \"audit_events_org_time\" ON \"audit_events\"  (\"organization_id\", \"occurred_at\", \"id\") ");
    await queryRunner.query("CREATE TABLE \"staff_users\" (\"organization_id\" uuid NOT NULL, \"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), \"updated_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), \"version\" integer NOT NULL DEFAULT '1', \"email\" text NOT NULL, \"email_normalized\" text NOT NULL, \"display_name\" text NOT NULL, \"role\" text NOT NULL, \"password_hash\" text NOT NULL, \"deactivated_at\" TIMESTAMP WITH TIME ZONE, \"last_login_at\" TIMESTAMP WITH TIME ZONE, CONSTRAINT \"staff_users_role_check\" CHECK (role IN ('owner', 'admin', 'practitioner', 'facilitator')), CONSTRAINT \"PK_e19e0afb19547be4a6d09c1bd2f\" PRIMARY KEY (\"organization_id\", \"id\"))");
    await queryRunner.query("CREATE INDEX \"staff_users_org_updated\" ON \"staff_users\"  (\"organization_id\", \"updated_at\", \"id\") ");
    await queryRunner.query("CREATE INDEX \"staff_users_org_created\" ON \"staff_users\"  (\"organization_id\", \"created_at\", \"id\") ");
    await queryRunner.query("CREATE INDEX \"staff_users_email_lookup\" ON \"staff_users\"  (\"email_normalized\") ");
    await queryRunner.query("CREATE UNIQUE INDEX \"staff_users_email_key\" ON \"staff_users\"  (\"organization_id\", \"email_normalized\") ");
    await queryRunner.query("CREATE TABLE \"auth_sessions\" (\"organization_id\" uuid NOT NULL, \"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), \"updated_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), \"version\" integer NOT NULL DEFAULT '1', \"user_id\" uuid NOT NULL, \"last_seen_at\" TIMESTAMP WITH TIME ZONE NOT NULL, \"expires_at\" TIMESTAMP WITH TIME ZONE NOT NULL, \"revoked_at\" TIMESTAMP WITH TIME ZONE, \"revoked_reason\" text, CONSTRAINT \"PK_eae0259d8d394a4a62a708b7af4\" PRIMARY KEY (\"organization_id\", \"id\"))");
    await queryRunner.query("CREATE INDEX \"auth_sessions_user\" ON \"auth_sessions\"  (\"organization_id\", \"user_id\") ");
    await queryRunner.query("CREATE TABLE \"instance_settings\" (\"key\" text NOT NULL, \"value\" text NOT NULL, CONSTRAINT \"PK_f4841fbd4c9819d5ade4b5dfeb8\" PRIMARY KEY (\"key\"))");
    await queryRunner.query("CREATE TABLE \"login_throttles\" (\"key\" text NOT NULL, \"failures\" integer NOT NULL, \"window_started_at\" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT \"PK_366650e3560115bd25315ca53d0\" PRIMARY KEY (\"key\"))");
    await queryRunner.query("CREATE TABLE \"refresh_tokens\" (\"organization_id\" uuid NOT NULL, \"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"session_id\" uuid NOT NULL, \"secret_hash\" text NOT NULL, \"used_at\" TIMESTAMP WITH TIME ZONE, \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"PK_5a3a1f76f540136c58e2b46f29e\" PRIMARY KEY (\"organization_id\", \"id\"))");
    await queryRunner.query("CREATE UNIQUE INDEX \"refresh_tokens_id_key\" ON \"refresh_tokens\"  (\"id\") ");
    await queryRunner.query("ALTER TABLE \"api_keys\" ADD CONSTRAINT \"FK_a283bdef18876e525aefaec042f\" FOREIGN KEY (\"organization_id\") REFERENCES \"organizations\"(\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"staff_users\" ADD CONSTRAINT \"FK_d4d18cfc7e4468cd816883be2f1\" FOREIGN KEY (\"organization_id\") REFERENCES \"organizations\"(\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"auth_sessions\" ADD CONSTRAINT \"FK_4721d839822e0393d03bbcb233d\" FOREIGN KEY (\"organization_id\", \"user_id\") REFERENCES \"staff_users\"(\"organization_id\",\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"refresh_tokens\" ADD CONSTRAINT \"FK_06fdff35a764448fc62303c4d55\" FOREIGN KEY (\"organization_id\", \"session_id\") REFERENCES \"auth_sessions\"(\"organization_id\",\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    // The audit trail is append-only: the database itself refuses to change or remove an event.
    await queryRunner.query(
      "CREATE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'audit_events is append-only' USING ERRCODE = 'insufficient_privilege'; END $$",
    );
    await queryRunner.query(
      'CREATE TRIGGER audit_events_no_change BEFORE UPDATE OR DELETE ON "audit_events" FOR EACH ROW EXECUTE FUNCTION audit_events_append_only()',
    );
    await queryRunner.query(
      'CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON "audit_events" FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only()',
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TRIGGER audit_events_no_truncate ON "audit_events"');
    await queryRunner.query('DROP TRIGGER audit_events_no_change ON "audit_events"');
    await queryRunner.query('DROP FUNCTION audit_events_append_only()');
    await queryRunner.query("ALTER TABLE \"refresh_tokens\" DROP CONSTRAINT \"FK_06fdff35a764448fc62303c4d55\"");
    await queryRunner.query("ALTER TABLE \"auth_sessions\" DROP CONSTRAINT \"FK_4721d839822e0393d03bbcb233d\"");
    await queryRunner.query("ALTER TABLE \"staff_users\" DROP CONSTRAINT \"FK_d4d18cfc7e4468cd816883be2f1\"");
    await queryRunner.query("ALTER TABLE \"api_keys\" DROP CONSTRAINT \"FK_a283bdef18876e525aefaec042f\"");
    await queryRunner.query("DROP INDEX \"public\".\"refresh_tokens_id_key\"");
    await queryRunner.query("DROP TABLE \"refresh_tokens\"");
    await queryRunner.query("DROP TABLE \"login_throttles\"");
    await queryRunner.query("DROP TABLE \"instance_settings\"");
    await queryRunner.query("DROP INDEX \"public\".\"auth_sessions_user\"");
    await queryRunner.query("DROP TABLE \"auth_sessions\"");
    await queryRunner.query("DROP INDEX \"public\".\"staff_users_email_key\"");
    await queryRunner.query("DROP INDEX \"public\".\"staff_users_email_lookup\"");
    await queryRunner.query("DROP INDEX \"public\".\"staff_users_org_created\"");
    await queryRunner.query("DROP INDEX \"public\".\"staff_users_org_updated\"");
    await queryRunner.query("DROP TABLE \"staff_users\"");
    await queryRunner.query("DROP INDEX \"public\".\"audit_events_org_time\"");
    await queryRunner.query("DROP INDEX \"public\".\"audit_events_org_actor_time\"");
    await queryRunner.query("DROP INDEX \"public\".\"audit_events_org_resource_time\"");
    await queryRunner.query("DROP TABLE \"audit_events\"");
    await queryRunner.query("DROP INDEX \"public\".\"api_keys_prefix_key\"");
    await queryRunner.query("DROP INDEX \"public\".\"api_keys_org_created\"");
    await queryRunner.query("DROP INDEX \"public\".\"api_keys_org_updated\"");
    await queryRunner.query("DROP TABLE \"api_keys\"");
    await queryRunner.query("DROP TABLE \"organizations\"");
  }
}
