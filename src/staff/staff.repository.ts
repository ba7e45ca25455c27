import { Injectable } from '@nestjs/common';
import { Transactions } from '../database/transactions';
import { StaffRole } from '../auth/permissions';

/** The `staff_users` table's SQL. */
@Injectable()
export class StaffRepository {
  constructor(private readonly db: Transactions) {}

  /** A staff user's role and whether they are deactivated; null when there is no such user. */
  async findStanding(organizationId: string, id: string): Promise<{ role: StaffRole; deactivatedAt: Date | null } | null> {
    const [row]: { role: StaffRole; deactivated_at: Date | null }[] = await this.db.manager.query(
      `SELECT role, deactivated_at FROM staff_users WHERE organization_id = $1 AND id = $2`,
      [organizationId, id],
    );
    return row ? { role: row.role, deactivatedAt: row.deactivated_at } : null;
  }
}

/** SQL fragments for other features' statements; arguments are SQL expressions or placeholders. */
export const staffSql = {
  /** A lateral-joinable row of a staff user's display name and role: `JOIN LATERAL (${staffSql.nameAndRole(...)}) u ON true`. */
  nameAndRole: (organizationId: string, userId: string) =>
    `SELECT s.display_name, s.role FROM staff_users s WHERE s.organization_id = ${organizationId} AND s.id = ${userId}`,
};
