import { MigrationInterface, QueryRunner } from 'typeorm';

export class GroupsAndSessions1795693857630 implements MigrationInterface {
  name = 'GroupsAndSessions1795693857630';

  public async up(queryRunner: QueryRunner): Promise<void> {
    // The no-overlap exclusion constraint on therapy_sessions compares uuids with = inside a GiST index.
    await queryRunner.query('CREATE EXTENSION IF NOT EXISTS btree_gist');
    await queryRunner.query("CREATE TABLE \"groups\" (\"organization_id\" uuid NOT NULL, \"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), \"updated_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), \"version\" integer NOT NULL DEFAULT '1', \"name\" text NOT NULL, \"description\" text, \"facilitator_user_id\" uuid NOT NULL, \"status\" text NOT NULL DEFAULT 'active', \"capacity\" integer, \"starts_on\" date, \"ends_on\" date, \"archived_at\" TIMESTAMP WITH TIME ZONE, CONSTRAINT \"groups_dates_check\" CHECK (ends_on IS NULL OR starts_on IS NULL OR ends_on >= starts_on), CONSTRAINT \"groups_capacity_check\" CHECK (capacity IS NULL OR capacity BETWEEN 1 AND 500), CONSTRAINT \"groups_status_check\" CHECK (status IN ('active', 'closed')), CONSTRAINT \"PK_eb0d906156885b1b3e716d09fad\" PRIMARY KEY (\"organization_id\", \"id\"))");
    await queryRunner.query("CREATE INDEX \"groups_facilitator\" ON \"groups\"  (\"organization_id\", \"facilitator_user_id\") ");
    await queryRunner.query("CREATE INDEX \"groups_org_updated\" ON \"groups\"  (\"organization_id\", \"updated_at\", \"id\") ");
    await queryRunner.query("CREATE INDEX \"groups_org_created\" ON \"groups\"  (\"organization_id\", \"created_at\", \"id\") ");
    await queryRunner.query("CREATE TABLE \"group_members\" (\"organization_id\" uuid NOT NULL, \"group_id\" uuid NOT NULL, \"client_id\" uuid NOT NULL, \"joined_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), \"left_at\" TIMESTAMP WITH TIME ZONE, CONSTRAINT \"PK_fb2d4d0b92b9e8a011f1514c86e\" PRIMARY KEY (\"organization_id\", \"group_id\", \"client_id\"))");
    await queryRunner.query("CREATE INDEX \"group_members_by_client\" ON \"group_members\"  (\"organization_id\", \"client_id\", \"group_id\") ");
    await queryRunner.query("CREATE TABLE \"therapy_sessions\" (\"organization_id\" uuid NOT NULL, \"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), \"updated_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), \"version\" integer NOT NULL DEFAULT '1', \"kind\" text NOT NULL, \"client_id\" uuid, \"couple_id\" uuid, \"group_id\" uuid, \"lead_user_id\" uuid NOT NULL, \"starts_at\" TIMESTAMP WITH TIME ZONE NOT NULL, \"duration_minutes\" integer NOT NULL, \"ends_at\" TIMESTAMP WITH TIME ZONE NOT NULL, \"modality\" text NOT NULL, \"location\" text, \"planned_step_keys\" text array NOT NULL DEFAULT '{}', \"status\" text NOT NULL DEFAULT 'scheduled', \"cancelled_reason\" text, \"safety_override_reason\" text, \"safety_override_by_user_id\" uuid, \"completed_at\" TIMESTAMP WITH TIME ZONE, \"attendance\" jsonb, \"steps_addressed\" text array NOT NULL DEFAULT '{}', \"note_format\" text, \"note_ciphertext\" text, \"signed_at\" TIMESTAMP WITH TIME ZONE, \"signed_by_user_id\" uuid, \"archived_at\" TIMESTAMP WITH TIME ZONE, CONSTRAINT \"therapy_sessions_signed_check\" CHECK ((status = 'completed') = (signed_at IS NOT NULL AND signed_by_user_id IS NOT NULL AND note_ciphertext IS NOT NULL AND note_format IS NOT NULL)), CONSTRAINT \"therapy_sessions_note_format_check\" CHECK (note_format IS NULL OR note_format IN ('free_text', 'soap', 'dap')), CONSTRAINT \"therapy_sessions_status_check\" CHECK (status IN ('scheduled', 'completed', 'cancelled', 'no_show')), CONSTRAINT \"therapy_sessions_modality_check\" CHECK (modality IN ('in_person', 'video', 'phone')), CONSTRAINT \"therapy_sessions_ends_at_check\" CHECK (ends_at - starts_at = make_interval(mins => duration_minutes)), CONSTRAINT \"therapy_sessions_duration_check\" CHECK (duration_minutes BETWEEN 5 AND 480), CONSTRAINT \"therapy_sessions_subject_check\" CHECK ((kind = 'individual' AND client_id IS NOT NULL AND couple_id IS NULL AND group_id IS NULL) OR (kind = 'couple' AND couple_id IS NOT NULL AND client_id IS NULL AND group_id IS NULL) OR (kind = 'group' AND group_id IS NOT NULL AND client_id IS NULL AND couple_id IS NULL)), CONSTRAINT \"therapy_sessions_kind_check\" CHECK (kind IN ('individual', 'couple', 'group')), CONSTRAINT \"therapy_sessions_no_overlap\" EXCLUDE USING gist (\"organization_id\" WITH =, \"lead_user_id\" WITH =, tstzrange(\"starts_at\", \"ends_at\", '[)') WITH &&) WHERE (\"status\" <> 'cancelled' AND \"archived_at\" IS NULL), CONSTRAINT \"PK_f1dc24fb9a1db88a281be1681d7\" PRIMARY KEY (\"organization_id\", \"id\"))");
    await queryRunner.query("CREATE INDEX \"therapy_sessions_group\" ON \"therapy_sessions\"  (\"organization_id\", \"group_id\") ");
    await queryRunner.query("CREATE INDEX \"therapy_sessions_couple\" ON \"therapy_sessions\"  (\"organization_id\", \"couple_id\") ");
    await queryRunner.query("CREATE INDEX \"therapy_sessions_client\" ON \"therapy_sessions\"  (\"organization_id\", \"client_id\") ");
    await queryRunner.query("CREATE INDEX \"therapy_sessions_lead\" ON \"therapy_sessions\"  (\"organization_id\", \"lead_user_id\", \"starts_at\") ");
    await queryRunner.query("CREATE INDEX \"therapy_sessions_org_starts\" ON \"therapy_sessions\"  (\"organization_id\", \"starts_at\") ");
    await queryRunner.query("CREATE INDEX \"therapy_sessions_org_updated\" ON \"therapy_sessions\"  (\"organization_id\", \"updated_at\", \"id\") ");
    await queryRunner.query("CREATE INDEX \"therapy_sessions_org_created\" ON \"therapy_sessions\"  (\"organization_id\", \"created_at\", \"id\") ");
    await queryRunner.query("CREATE TABLE \"session_addenda\" (\"organization_id\" uuid NOT NULL, \"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), \"updated_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), \"version\" integer NOT NULL DEFAULT '1', \"session_id\" uuid NOT NULL, \"author_user_id\" uuid NOT NULL, \"signed_at\" TIMESTAMP WITH TIME ZONE NOT NULL, \"text_ciphertext\" text NOT NULL, CONSTRAINT \"PK_07d6d2739b8d1b03af98b64d3bf\" PRIMARY KEY (\"organization_id\", \"id\"))");
    await queryRunner.query("CREATE INDEX \"session_addenda_org_updated\" ON \"session_addenda\"  (\"organization_id\", \"updated_at\", \"id\") ");
    await queryRunner.query("CREATE INDEX \"session_addenda_org_created\" ON \"session_addenda\"  (\"organization_id\", \"created_at\", \"id\") ");
    await queryRunner.query("CREATE INDEX \"session_addenda_session\" ON \"session_addenda\"  (\"organization_id\", \"session_id\", \"created_at\") ");
    await queryRunner.query("ALTER TABLE \"groups\" ADD CONSTRAINT \"FK_f7f1b335edff519132aa2163fef\" FOREIGN KEY (\"organization_id\") REFERENCES \"organizations\"(\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"groups\" ADD CONSTRAINT \"FK_93543ad8f6142a5d1069f035415\" FOREIGN KEY (\"organization_id\", \"facilitator_user_id\") REFERENCES \"staff_users\"(\"organization_id\",\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"group_members\" ADD CONSTRAINT \"FK_8595337fe0432b53c3208329853\" FOREIGN KEY (\"organization_id\", \"group_id\") REFERENCES \"groups\"(\"organization_id\",\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"group_members\" ADD CONSTRAINT \"FK_7f46cd2c87e2e345e0e79ca26d1\" FOREIGN KEY (\"organization_id\", \"client_id\") REFERENCES \"clients\"(\"organization_id\",\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"therapy_sessions\" ADD CONSTRAINT \"FK_2dce62c14f201d2a4b87f938481\" FOREIGN KEY (\"organization_id\") REFERENCES \"organizations\"(\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"therapy_sessions\" ADD CONSTRAINT \"FK_df22fd63e3af3863370f9436f41\" FOREIGN KEY (\"organization_id\", \"client_id\") REFERENCES \"clients\"(\"organization_id\",\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"therapy_sessions\" ADD CONSTRAINT \"FK_fb0b86154a82813b12774658d95\" FOREIGN KEY (\"organization_id\", \"couple_id\") REFERENCES \"couples\"(\"organization_id\",\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"therapy_sessions\" ADD CONSTRAINT \"FK_2ea33f428f2cebb24e576f36a41\" FOREIGN KEY (\"organization_id\", \"group_id\") REFERENCES \"groups\"(\"organization_id\",\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"therapy_sessions\" ADD CONSTRAINT \"FK_7a2b08483b6f1da114774df0cef\" FOREIGN KEY (\"organization_id\", \"lead_user_id\") REFERENCES \"staff_users\"(\"organization_id\",\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"therapy_sessions\" ADD CONSTRAINT \"FK_1addc7699b49b6b815fd37b89d4\" FOREIGN KEY (\"organization_id\", \"signed_by_user_id\") REFERENCES \"staff_users\"(\"organization_id\",\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"session_addenda\" ADD CONSTRAINT \"FK_1c74f424c5c97d778fef313a677\" FOREIGN KEY (\"organization_id\", \"session_id\") REFERENCES \"therapy_sessions\"(\"organization_id\",\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"session_addenda\" ADD CONSTRAINT \"FK_ce4ff64df1ecfb2617ddb013667\" FOREIGN KEY (\"organization_id\", \"author_user_id\") REFERENCES \"staff_users\"(\"organization_id\",\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
    // A signed session is a clinical record: nothing about it changes any more, except that its note
    // may be re-encrypted under another key (and updated_at/version move when an addendum is added).
    await queryRunner.query(
      `CREATE FUNCTION therapy_sessions_signed_lock() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         IF OLD.signed_at IS NOT NULL AND (TG_OP = 'DELETE'
             OR (to_jsonb(NEW) - ARRAY['note_ciphertext', 'updated_at', 'version']) IS DISTINCT FROM
                (to_jsonb(OLD) - ARRAY['note_ciphertext', 'updated_at', 'version'])) THEN
           RAISE EXCEPTION 'a signed session is locked' USING ERRCODE = 'insufficient_privilege';
         END IF;
         IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
         RETURN NEW;
       END $$`,
    );
    await queryRunner.query(
      'CREATE TRIGGER therapy_sessions_signed_lock BEFORE UPDATE OR DELETE ON "therapy_sessions" FOR EACH ROW EXECUTE FUNCTION therapy_sessions_signed_lock()',
    );
    // Addenda are append-only; only re-encryption of their text under another key is an allowed update.
    await queryRunner.query(
      `CREATE FUNCTION session_addenda_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         IF TG_OP = 'UPDATE' AND (to_jsonb(NEW) - 'text_ciphertext') = (to_jsonb(OLD) - 'text_ciphertext') THEN
           RETURN NEW;
         END IF;
         RAISE EXCEPTION 'session_addenda is append-only' USING ERRCODE = 'insufficient_privilege';
       END $$`,
    );
    await queryRunner.query(
      'CREATE TRIGGER session_addenda_no_change BEFORE UPDATE OR DELETE ON "session_addenda" FOR EACH ROW EXECUTE FUNCTION session_addenda_append_only()',
    );
    await queryRunner.query(
      'CREATE TRIGGER session_addenda_no_truncate BEFORE TRUNCATE ON "session_addenda" FOR EACH STATEMENT EXECUTE FUNCTION session_addenda_append_only()',
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TRIGGER session_addenda_no_truncate ON "session_addenda"');
    await queryRunner.query('DROP TRIGGER session_addenda_no_change ON "session_addenda"');
    await queryRunner.query('DROP FUNCTION session_addenda_append_only()');
    await queryRunner.query('DROP TRIGGER therapy_sessions_signed_lock ON "therapy_sessions"');
    await queryRunner.query('DROP FUNCTION therapy_sessions_signed_lock()');
    await queryRunner.query("ALTER TABLE \"session_addenda\" DROP CONSTRAINT \"FK_ce4ff64df1ecfb2617ddb013667\"");
    await queryRunner.query("ALTER TABLE \"session_addenda\" DROP CONSTRAINT \"FK_1c74f424c5c97d778fef313a677\"");
    await queryRunner.query("ALTER TABLE \"therapy_sessions\" DROP CONSTRAINT \"FK_1addc7699b49b6b815fd37b89d4\"");
    await queryRunner.query("ALTER TABLE \"therapy_sessions\" DROP CONSTRAINT \"FK_7a2b08483b6f1da114774df0cef\"");
    await queryRunner.query("ALTER TABLE \"therapy_sessions\" DROP CONSTRAINT \"FK_2ea33f428f2cebb24e576f36a41\"");
    await queryRunner.query("ALTER TABLE \"therapy_sessions\" DROP CONSTRAINT \"FK_fb0b86154a82813b12774658d95\"");
    await queryRunner.query("ALTER TABLE \"therapy_sessions\" DROP CONSTRAINT \"FK_df22fd63e3af3863370f9436f41\"");
    await queryRunner.query("ALTER TABLE \"therapy_sessions\" DROP CONSTRAINT \"FK_2dce62c14f201d2a4b87f938481\"");
    await queryRunner.query("ALTER TABLE \"group_members\" DROP CONSTRAINT \"FK_7f46cd2c87e2e345e0e79ca26d1\"");
    await queryRunner.query("ALTER TABLE \"group_members\" DROP CONSTRAINT \"FK_8595337fe0432b53c3208329853\"");
    await queryRunner.query("ALTER TABLE \"groups\" DROP CONSTRAINT \"FK_93543ad8f6142a5d1069f035415\"");
    await queryRunner.query("ALTER TABLE \"groups\" DROP CONSTRAINT \"FK_f7f1b335edff519132aa2163fef\"");
    await queryRunner.query("DROP INDEX \"public\".\"session_addenda_session\"");
    await queryRunner.query("DROP INDEX \"public\".\"session_addenda_org_created\"");
    await queryRunner.query("DROP INDEX \"public\".\"session_addenda_org_updated\"");
    await queryRunner.query("DROP TABLE \"session_addenda\"");
    await queryRunner.query("DROP INDEX \"public\".\"therapy_sessions_org_created\"");
    await queryRunner.query("DROP INDEX \"public\".\"therapy_sessions_org_updated\"");
    await queryRunner.query("DROP INDEX \"public\".\"therapy_sessions_org_starts\"");
    await queryRunner.query("DROP INDEX \"public\".\"therapy_sessions_lead\"");
    await queryRunner.query("DROP INDEX \"public\".\"therapy_sessions_client\"");
    await queryRunner.query("DROP INDEX \"public\".\"therapy_sessions_couple\"");
    await queryRunner.query("DROP INDEX \"public\".\"therapy_sessions_group\"");
    await queryRunner.query("DROP TABLE \"therapy_sessions\"");
    await queryRunner.query("DROP INDEX \"public\".\"group_members_by_client\"");
    await queryRunner.query("DROP TABLE \"group_members\"");
    await queryRunner.query("DROP INDEX \"public\".\"groups_org_created\"");
    await queryRunner.query("DROP INDEX \"public\".\"groups_org_updated\"");
    await queryRunner.query("DROP INDEX \"public\".\"groups_facilitator\"");
    await queryRunner.query("DROP TABLE \"groups\"");
  }
}
