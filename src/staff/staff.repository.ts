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
