import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AccessService, Resource } from '../access/access.service';
import { Actor } from '../auth/actor';
import { CASELOAD_ROLES, StaffRole } from '../auth/permissions';
import { DomainError } from '../errors/domain-error';
import { CareTeamMemberDto } from './dto/care-team.dto';
import { Transactions } from '../database/transactions';

/** Clients and couples have care teams of the same shape; this one service keeps both. */
export type CareTeamOf = 'client' | 'couple';

const TABLES: Record<CareTeamOf, { table: string; column: string; resource: Resource }> = {
  client: { table: 'client_care_team', column: 'client_id', resource: Resource.Client },
  couple: { table: 'couple_care_team', column: 'couple_id', resource: Resource.Couple },
};


@Injectable()
export class CareTeamsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly db: Transactions,
    private readonly access: AccessService,
  ) {}

  /**
   * Takes a staff member whose new role cannot hold a caseload off every care team, inside the
   * caller's transaction, so no caseload outlives the role that held it. Each record left moves its
   * updatedAt and version, as any care-team change does.
   */
  async leaveAllUnlessCaseloadRole(organizationId: string, userId: string, role: StaffRole): Promise<void> {
    if ((CASELOAD_ROLES as readonly StaffRole[]).includes(role)) return;
    for (const kind of ['client', 'couple'] as const) {
      const { table, column } = TABLES[kind];
      await this.db.manager.query(
        `WITH gone AS (DELETE FROM ${table} WHERE organization_id = $1 AND user_id = $2 RETURNING ${column} AS record_id)
         UPDATE ${kind === 'client' ? 'clients' : 'couples'} SET updated_at = now(), version = version + 1
          WHERE organization_id = $1 AND id IN (SELECT record_id FROM gone)`,
        [organizationId, userId],
      );
    }
  }

  /** The care teams of many records in one query, keyed by record id. */
  async membersOf(of: CareTeamOf, organizationId: string, ids: string[]): Promise<Map<string, CareTeamMemberDto[]>> {
    const manager = this.db.manager;
    const { table, column } = TABLES[of];
    const teams = new Map<string, CareTeamMemberDto[]>(ids.map((id) => [id, []]));
    if (ids.length === 0) return teams;
    const rows: { record_id: string; user_id: string; display_name: string; role: CareTeamMemberDto['role']; added_at: Date }[] =
      await manager.query(
        `SELECT t.${column} AS record_id, t.user_id, u.display_name, u.role, t.added_at
           FROM ${table} t JOIN staff_users u ON u.organization_id = t.organization_id AND u.id = t.user_id
          WHERE t.organization_id = $1 AND t.${column} = ANY($2::uuid[])
          ORDER BY t.added_at, t.user_id`,
        [organizationId, ids],
      );
    for (const row of rows) {
      teams.get(row.record_id)?.push({ userId: row.user_id, displayName: row.display_name, role: row.role, addedAt: row.added_at });
    }
    return teams;
  }

  /** Adds a member inside the caller's transaction (the creator of a client or couple joins its team). */
  async add(of: CareTeamOf, organizationId: string, recordId: string, userId: string): Promise<boolean> {
    const manager = this.db.manager;
    const { table, column } = TABLES[of];
    const inserted: unknown[] = await manager.query(
      `INSERT INTO ${table} (organization_id, ${column}, user_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING user_id`,
      [organizationId, recordId, userId],
    );
    return inserted.length > 0;
  }

  /** PUT .../care-team/{userId}: idempotent; the user must be active staff who can hold a caseload. */
  async put(actor: Actor, of: CareTeamOf, recordId: string, userId: string): Promise<CareTeamMemberDto[]> {
    const { resource } = TABLES[of];
    await this.access.require(actor, resource, [recordId]);
    await this.db.run(async () => {
      const manager = this.db.manager;
      const [user] = await manager.query(
        `SELECT role, deactivated_at FROM staff_users WHERE organization_id = $1 AND id = $2`,
        [actor.organizationId, userId],
      );
      if (!user) throw DomainError.notFound('Staff user');
      if (!(CASELOAD_ROLES as readonly StaffRole[]).includes(user.role) || user.deactivated_at) {
        throw DomainError.validation(
          [{ field: 'userId', message: 'must be an active practitioner, admin or owner' }],
          'This staff member cannot join a care team.',
        );
      }
      if (await this.add(of, actor.organizationId, recordId, userId)) {
        await this.touch(manager, of, actor.organizationId, recordId);
      }
    });
    return (await this.membersOf(of, actor.organizationId, [recordId])).get(recordId)!;
  }

  async remove(actor: Actor, of: CareTeamOf, recordId: string, userId: string): Promise<void> {
    const { table, column, resource } = TABLES[of];
    await this.access.require(actor, resource, [recordId]);
    await this.db.run(async () => {
      const manager = this.db.manager;
      const [, removed] = await manager.query(
        `DELETE FROM ${table} WHERE organization_id = $1 AND ${column} = $2 AND user_id = $3`,
        [actor.organizationId, recordId, userId],
      );
      if (removed === 0) throw DomainError.notFound('Care team member');
      await this.touch(manager, of, actor.organizationId, recordId);
    });
  }

  /** A care-team change is a change of the record: it moves updatedAt and version, so sync sees it. */
  private async touch(manager: EntityManager, of: CareTeamOf, organizationId: string, recordId: string): Promise<void> {
    const table = of === 'client' ? 'clients' : 'couples';
    await manager.query(`UPDATE ${table} SET updated_at = now(), version = version + 1 WHERE organization_id = $1 AND id = $2`, [
      organizationId,
      recordId,
    ]);
  }
}
