import { Injectable } from '@nestjs/common';
import { Transactions } from '../database/transactions';

/** The `clients` table's SQL. Other features ask through these methods and fragments. */
@Injectable()
export class ClientsRepository {
  constructor(private readonly db: Transactions) {}

  /** Whether the client exists in the organization, and whether it is archived. */
  async findState(organizationId: string, id: string): Promise<{ id: string; archivedAt: Date | null } | null> {
    const [row]: { id: string; archived_at: Date | null }[] = await this.db.manager.query(
      `SELECT id, archived_at FROM clients WHERE organization_id = $1 AND id = $2`,
      [organizationId, id],
    );
    return row ? { id: row.id, archivedAt: row.archived_at } : null;
  }
}

/**
 * SQL fragments for other features' statements that filter or join by client, so the statement stays
 * one round trip while the table's SQL stays here. Arguments are SQL expressions or placeholders.
 */
export const clientSql = {
  /** True when the client exists and is not archived. */
  isCurrent: (organizationId: string, clientId: string) =>
    `EXISTS (SELECT 1 FROM clients c WHERE c.organization_id = ${organizationId} AND c.id = ${clientId} AND c.archived_at IS NULL)`,
  /** A lateral-joinable row of the client's names: `JOIN LATERAL (${clientSql.names(...)}) AS c ON true`. */
  names: (organizationId: string, clientId: string) =>
    `SELECT c.first_name, c.last_name, c.preferred_name, c.archived_at FROM clients c WHERE c.organization_id = ${organizationId} AND c.id = ${clientId}`,
};
