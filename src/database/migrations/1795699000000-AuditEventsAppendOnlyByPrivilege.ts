import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The audit trail is append-only by privilege as well as by trigger. A role the API connects as
 * (docker-compose.yml's app role, whose default privileges give it SELECT, INSERT, UPDATE and
 * DELETE on every table the owner creates) keeps SELECT and INSERT on audit_events and loses
 * UPDATE, DELETE and TRUNCATE: PostgreSQL refuses those before any trigger would run, and the
 * refusal holds even with the triggers disabled. Only the table's owner (the role that migrates)
 * keeps them, as an owner always may.
 */
export class AuditEventsAppendOnlyByPrivilege1795699000000 implements MigrationInterface {
  name = 'AuditEventsAppendOnlyByPrivilege1795699000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('REVOKE UPDATE, DELETE, TRUNCATE ON "audit_events" FROM PUBLIC');
    await queryRunner.query(`
      DO $$
      DECLARE grantee regrole;
      BEGIN
        FOR grantee IN
          SELECT DISTINCT acl.grantee::regrole
          FROM pg_class c CROSS JOIN LATERAL aclexplode(c.relacl) acl
          WHERE c.oid = '"audit_events"'::regclass AND acl.grantee <> 0 AND acl.grantee <> c.relowner
            AND acl.privilege_type IN ('UPDATE', 'DELETE', 'TRUNCATE')
        LOOP
          EXECUTE format('REVOKE UPDATE, DELETE, TRUNCATE ON "audit_events" FROM %s', grantee);
        END LOOP;
      END $$`);
  }

  public async down(): Promise<void> {
    // Nothing to undo: the privileges stay revoked. Grant them by hand if a role truly needs them.
  }
}
