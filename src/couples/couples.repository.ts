import { Injectable } from '@nestjs/common';
import { Transactions } from '../database/transactions';

/** The `couples` table's SQL. Other features ask through these methods and fragments. */
@Injectable()
export class CouplesRepository {
  constructor(private readonly db: Transactions) {}

  /** The couple's two partners, and whether it is archived; null when it does not exist. */
  async findPartners(organizationId: string, id: string): Promise<{ partnerAId: string; partnerBId: string; archivedAt: Date | null } | null> {
    const [row]: { partner_a_id: string; partner_b_id: string; archived_at: Date | null }[] = await this.db.manager.query(
      `SELECT partner_a_id, partner_b_id, archived_at FROM couples WHERE organization_id = $1 AND id = $2`,
      [organizationId, id],
    );
    return row ? { partnerAId: row.partner_a_id, partnerBId: row.partner_b_id, archivedAt: row.archived_at } : null;
  }
}

/** SQL fragments for other features' statements; arguments are SQL expressions or placeholders. */
export const coupleSql = {
  /** The ids of the couples the client is a partner in: `x.couple_id IN (${coupleSql.idsWithPartner(...)})`. */
  idsWithPartner: (organizationId: string, clientId: string) =>
    `SELECT k.id FROM couples k WHERE k.organization_id = ${organizationId} AND (k.partner_a_id = ${clientId} OR k.partner_b_id = ${clientId})`,
};
