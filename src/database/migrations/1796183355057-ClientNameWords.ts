import { MigrationInterface, QueryRunner } from 'typeorm';

export class ClientNameWords1796183355057 implements MigrationInterface {
  name = 'ClientNameWords1796183355057';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE \"client_name_words\" (\"organization_id\" uuid NOT NULL, \"client_id\" uuid NOT NULL, \"word\" text NOT NULL, \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT \"PK_2ef2c38b99a29d386e01700b22e\" PRIMARY KEY (\"organization_id\", \"client_id\", \"word\"))");
    await queryRunner.query("CREATE INDEX \"client_name_words_by_word\" ON \"client_name_words\"  (\"organization_id\", \"word\", \"created_at\", \"client_id\") ");
    await queryRunner.query("CREATE TABLE \"client_name_vocabulary\" (\"organization_id\" uuid NOT NULL, \"word\" text NOT NULL, CONSTRAINT \"PK_946b6c374c2d5f6845ec308dacd\" PRIMARY KEY (\"organization_id\", \"word\"))");
    await queryRunner.query("ALTER TABLE \"client_name_words\" ADD CONSTRAINT \"FK_0a9200a162afb9901bb89051c54\" FOREIGN KEY (\"organization_id\", \"client_id\") REFERENCES \"clients\"(\"organization_id\",\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"client_name_vocabulary\" ADD CONSTRAINT \"FK_bfaeee8e3f69bc3f4a8f9db3888\" FOREIGN KEY (\"organization_id\") REFERENCES \"organizations\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    // A substring without a space lies inside one word: the trigram index finds the few words
    // that contain it, and each word's clients are read newest first from client_name_words_by_word.
    await queryRunner.query('CREATE INDEX "client_name_vocabulary_trigrams" ON "client_name_vocabulary" USING gin ("word" gin_trgm_ops)');
    // The words are those of the text the search has always matched: lower(first || ' ' || last || ' ' || preferred).
    await queryRunner.query(
      `CREATE FUNCTION clients_name_words() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         IF TG_OP = 'UPDATE' THEN
           DELETE FROM client_name_words WHERE organization_id = OLD.organization_id AND client_id = OLD.id;
         END IF;
         INSERT INTO client_name_words (organization_id, client_id, word, created_at)
           SELECT DISTINCT NEW.organization_id, NEW.id, w, NEW.created_at
             FROM unnest(string_to_array(lower(NEW.first_name || ' ' || NEW.last_name || ' ' || coalesce(NEW.preferred_name, '')), ' ')) AS w
            WHERE w <> '';
         INSERT INTO client_name_vocabulary (organization_id, word)
           SELECT DISTINCT NEW.organization_id, w
             FROM unnest(string_to_array(lower(NEW.first_name || ' ' || NEW.last_name || ' ' || coalesce(NEW.preferred_name, '')), ' ')) AS w
            WHERE w <> ''
           ON CONFLICT DO NOTHING;
         RETURN NULL;
       END $$`,
    );
    await queryRunner.query('CREATE TRIGGER clients_name_words_on_insert AFTER INSERT ON "clients" FOR EACH ROW EXECUTE FUNCTION clients_name_words()');
    await queryRunner.query(
      `CREATE TRIGGER clients_name_words_on_update AFTER UPDATE OF first_name, last_name, preferred_name, created_at ON "clients" FOR EACH ROW
         WHEN ((OLD.first_name, OLD.last_name, OLD.preferred_name, OLD.created_at) IS DISTINCT FROM (NEW.first_name, NEW.last_name, NEW.preferred_name, NEW.created_at))
         EXECUTE FUNCTION clients_name_words()`,
    );
    await queryRunner.query(
      `INSERT INTO client_name_words (organization_id, client_id, word, created_at)
       SELECT DISTINCT c.organization_id, c.id, w, c.created_at
         FROM clients c, unnest(string_to_array(lower(c.first_name || ' ' || c.last_name || ' ' || coalesce(c.preferred_name, '')), ' ')) AS w
        WHERE w <> ''`,
    );
    await queryRunner.query('INSERT INTO client_name_vocabulary (organization_id, word) SELECT DISTINCT organization_id, word FROM client_name_words');
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TRIGGER clients_name_words_on_update ON "clients"');
    await queryRunner.query('DROP TRIGGER clients_name_words_on_insert ON "clients"');
    await queryRunner.query('DROP FUNCTION clients_name_words()');
    await queryRunner.query('DROP INDEX "public"."client_name_vocabulary_trigrams"');
    await queryRunner.query("ALTER TABLE \"client_name_vocabulary\" DROP CONSTRAINT \"FK_bfaeee8e3f69bc3f4a8f9db3888\"");
    await queryRunner.query("ALTER TABLE \"client_name_words\" DROP CONSTRAINT \"FK_0a9200a162afb9901bb89051c54\"");
    await queryRunner.query("DROP TABLE \"client_name_vocabulary\"");
    await queryRunner.query("DROP INDEX \"public\".\"client_name_words_by_word\"");
    await queryRunner.query("DROP TABLE \"client_name_words\"");
  }
}
