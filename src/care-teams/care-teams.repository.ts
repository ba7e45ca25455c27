import { Injectable } from '@nestjs/common';
import { StaffRole } from '../auth/permissions';
import { isoTimestampSql } from '../database/exact-timestamp';
import { Transactions } from '../database/transactions';
import { staffSql } from '../staff/staff.repository';

/** Clients and couples have care teams of the same shape, in two tables. */
export type CareTeamOf = 'client' | 'couple';

const TABLES: Record<CareTeamOf, { table: string; column: string }> = {
  client: { table: 'client_care_team', column: 'client_id' },
  couple: { table: 'couple_care_team', column: 'couple_id' },
};

/** A member of a care team, as reads hand it on: `addedAt` is ISO 8601 text. */
export interface CareTeamMember {
  userId: string;
  displayName: string;
  role: StaffRole;
  addedAt: string;
}

export interface CareTeamRow extends CareTeamMember {
  recordId: string;
}

/** The care-team tables' SQL. Raw SQL: one table name chosen at run time, ON CONFLICT and DELETE ... RETURNING. */
@Injectable()
export class CareTeamsRepository {
  constructor(private readonly db: Transactions) {}

  /** The members of many records' care teams, with their names, in the order they joined. */
  async membersOf(of: CareTeamOf, organizationId: string, recordIds: string[]): Promise<CareTeamRow[]> {
    const { table, column } = TABLES[of];
    const rows: { record_id: string; user_id: string; display_name: string; role: StaffRole; added_at: string }[] = await this.db.manager.query(
      `SELECT t.${column} AS record_id, t.user_id, u.display_name, u.role, ${isoTimestampSql('t.added_at')} AS added_at
         FROM ${table} t JOIN LATERAL (${staffSql.nameAndRole('t.organization_id', 't.user_id')}) u ON true
        WHERE t.organization_id = $1 AND t.${column} = ANY($2::uuid[])
        ORDER BY t.added_at, t.user_id`,
      [organizationId, recordIds],
    );
    return rows.map((r) => ({ recordId: r.record_id, userId: r.user_id, displayName: r.display_name, role: r.role, addedAt: r.added_at }));
  }

  /** Whether the member was added (false: already on the team). */
  async add(of: CareTeamOf, organizationId: string, recordId: string, userId: string): Promise<boolean> {
    const { table, column } = TABLES[of];
    const inserted: unknown[] = await this.db.manager.query(
      `INSERT INTO ${table} (organization_id, ${column}, user_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING user_id`,
      [organizationId, recordId, userId],
    );
    return inserted.length > 0;
  }

  /** Whether the member was on the team. */
  async remove(of: CareTeamOf, organizationId: string, recordId: string, userId: string): Promise<boolean> {
    const { table, column } = TABLES[of];
    const [, removed]: [unknown, number] = await this.db.manager.query(`DELETE FROM ${table} WHERE organization_id = $1 AND ${column} = $2 AND user_id = $3`, [
      organizationId,
      recordId,
      userId,
    ]);
    return removed > 0;
  }

  /** Takes the user off every team of this kind; returns the records whose team changed. */
  async removeEverywhere(of: CareTeamOf, organizationId: string, userId: string): Promise<string[]> {
    const { table, column } = TABLES[of];
    const [rows]: [{ record_id: string }[], number] = await this.db.manager.query(
      `DELETE FROM ${table} WHERE organization_id = $1 AND user_id = $2 RETURNING ${column} AS record_id`,
      [organizationId, userId],
    );
    return rows.map((r) => r.record_id);
  }
}

/** SQL fragments for other features' statements; arguments are SQL expressions or placeholders. */
export const careTeamSql = {
  /**
   * A lateral-joinable row `(care_team)`: the record's care team as a JSON array of `CareTeamMember`,
   * in the order they joined (as `membersOf`), so a list reads its page's teams in its own statement:
   * `LEFT JOIN LATERAL (${careTeamSql.members('client', 'c.organization_id', 'c.id')}) ct ON true`.
   */
  members: (of: CareTeamOf, organizationId: string, recordId: string) =>
    `SELECT coalesce(json_agg(json_build_object('userId', t.user_id, 'displayName', u.display_name, 'role', u.role, 'addedAt', ${isoTimestampSql('t.added_at')})
                              ORDER BY t.added_at, t.user_id), '[]'::json) AS care_team
       FROM ${TABLES[of].table} t JOIN LATERAL (${staffSql.nameAndRole('t.organization_id', 't.user_id')}) u ON true
      WHERE t.organization_id = ${organizationId} AND t.${TABLES[of].column} = ${recordId}`,
  /** True when the user is on the record's care team. */
  hasMember: (of: CareTeamOf, organizationId: string, recordId: string, userId: string) =>
    `EXISTS (SELECT 1 FROM ${TABLES[of].table} f WHERE f.organization_id = ${organizationId} AND f.${TABLES[of].column} = ${recordId} AND f.user_id = ${userId})`,
};
