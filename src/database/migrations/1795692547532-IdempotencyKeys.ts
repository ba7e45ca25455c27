import { MigrationInterface, QueryRunner } from 'typeorm';

export class IdempotencyKeys1795692547532 implements MigrationInterface {
  name = 'IdempotencyKeys1795692547532';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE \"idempotency_keys\" (\"organization_id\" uuid NOT NULL, \"key\" character varying(255) NOT NULL, \"request_hash\" character varying(64) NOT NULL, \"state\" character varying(16) NOT NULL, \"response_status\" smallint, \"response_body\" jsonb, \"response_location\" text, \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), \"expires_at\" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT \"idempotency_keys_state\" CHECK (\"state\" IN ('in_progress', 'completed')), CONSTRAINT \"PK_fa1b697098c138245abc15cad73\" PRIMARY KEY (\"organization_id\", \"key\"))");
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP TABLE \"idempotency_keys\"");
  }
}
