import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Archiving a client now ends their group memberships. Clients archived before kept theirs: end
 * them as the archive would have (no earlier than the client joined), and count each as a change
 * of its group, so a sync sees it. Data only; nothing to undo.
 */
export class EndGroupMembershipsOfArchivedClients1795698000000 implements MigrationInterface {
  name = 'EndGroupMembershipsOfArchivedClients1795698000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `WITH ended AS (
         UPDATE "group_members" m
            SET "left_at" = GREATEST(c."archived_at", m."joined_at"), "updated_at" = now(), "version" = m."version" + 1
           FROM "clients" c
          WHERE c."organization_id" = m."organization_id" AND c."id" = m."client_id"
            AND c."archived_at" IS NOT NULL AND m."left_at" IS NULL
         RETURNING m."organization_id", m."group_id"
       )
       UPDATE "groups" g SET "updated_at" = now(), "version" = g."version" + 1
         FROM (SELECT DISTINCT "organization_id", "group_id" FROM ended) e
        WHERE g."organization_id" = e."organization_id" AND g."id" = e."group_id"`,
    );
  }

  public async down(): Promise<void> {
    // The memberships stay ended: a restored client rejoins a group explicitly.
  }
}
