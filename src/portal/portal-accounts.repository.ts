import { Injectable } from '@nestjs/common';
import { IsNull } from 'typeorm';
import { clientSql } from '../clients/clients.repository';
import { Transactions } from '../database/transactions';
import { PortalAccount } from './entities/portal-account.entity';
import { PortalInvitation } from './entities/portal-invitation.entity';

/** The `portal_accounts` and `portal_invitations` tables' SQL. Other features ask through `portalSql`. */
@Injectable()
export class PortalAccountsRepository {
  constructor(private readonly db: Transactions) {}

  findAccount(organizationId: string, clientId: string): Promise<PortalAccount | null> {
    return this.db.manager.findOneBy(PortalAccount, { organizationId, clientId });
  }

  lockAccount(organizationId: string, clientId: string): Promise<PortalAccount | null> {
    return this.db.manager.findOne(PortalAccount, { where: { organizationId, clientId }, lock: { mode: 'pessimistic_write' } });
  }

  /** Whether another client of the organization signs in to the portal with this address. */
  async emailTakenByAnother(organizationId: string, email: string, clientId: string): Promise<boolean> {
    const [row]: unknown[] = await this.db.manager.query(
      `SELECT 1 FROM portal_accounts WHERE organization_id = $1 AND email = $2 AND client_id <> $3 AND revoked_at IS NULL LIMIT 1`,
      [organizationId, email, clientId],
    );
    return row !== undefined;
  }

  /** Opens (or opens again) a client's account with a new passphrase. */
  async grant(account: Pick<PortalAccount, 'organizationId' | 'clientId' | 'email' | 'passwordHash' | 'grantedAt'>): Promise<PortalAccount> {
    await this.db.manager.query(
      `INSERT INTO portal_accounts (organization_id, client_id, email, password_hash, granted_at, revoked_at)
       VALUES ($1, $2, $3, $4, $5, NULL)
       ON CONFLICT (organization_id, client_id) DO UPDATE
         SET email = EXCLUDED.email, password_hash = EXCLUDED.password_hash, granted_at = EXCLUDED.granted_at,
             revoked_at = NULL, updated_at = now(), version = portal_accounts.version + 1`,
      [account.organizationId, account.clientId, account.email, account.passwordHash, account.grantedAt],
    );
    return this.db.manager.findOneByOrFail(PortalAccount, { organizationId: account.organizationId, clientId: account.clientId });
  }

  /** Ends a client's access unless it has already ended; whether it had any. */
  async revoke(organizationId: string, clientId: string): Promise<boolean> {
    const rows: unknown[] = await this.db.manager.query(
      `UPDATE portal_accounts SET revoked_at = now(), updated_at = now(), version = version + 1
        WHERE organization_id = $1 AND client_id = $2 AND revoked_at IS NULL RETURNING id`,
      [organizationId, clientId],
    );
    return rows.length > 0;
  }

  /** Live accounts signing in with this address (in one organization when given), at most `limit`. */
  findLiveByEmail(email: string, organizationId: string | undefined, limit: number): Promise<PortalAccount[]> {
    return this.db.manager.find(PortalAccount, {
      where: { email, revokedAt: IsNull(), ...(organizationId ? { organizationId } : {}) },
      order: { createdAt: 'ASC' },
      take: limit,
    });
  }

  /** Whether a client's access is live: not revoked, and the client not archived. */
  async isLive(organizationId: string, clientId: string): Promise<boolean> {
    const [row]: { live: boolean }[] = await this.db.manager.query(`SELECT EXISTS (${portalSql.liveAccount('$1', '$2')}) AS live`, [organizationId, clientId]);
    return row.live;
  }

  async recordLogin(organizationId: string, id: string): Promise<void> {
    await this.db.manager.update(PortalAccount, { organizationId, id }, { lastLoginAt: new Date() });
  }

  insertInvitation(
    invitation: Pick<PortalInvitation, 'organizationId' | 'clientId' | 'email' | 'tokenHash' | 'expiresAt' | 'invitedByType' | 'invitedById'>,
  ): Promise<PortalInvitation> {
    const manager = this.db.manager;
    return manager.save(manager.create(PortalInvitation, { ...invitation, acceptedAt: null, withdrawnAt: null }));
  }

  /** Withdraws a client's invitations not yet accepted (a newer one replaces them, or access is revoked). */
  async withdrawPending(organizationId: string, clientId: string): Promise<void> {
    await this.db.manager.query(
      `UPDATE portal_invitations SET withdrawn_at = now(), updated_at = now(), version = version + 1
        WHERE organization_id = $1 AND client_id = $2 AND accepted_at IS NULL AND withdrawn_at IS NULL`,
      [organizationId, clientId],
    );
  }

  /** The client's newest invitation that can still be accepted. */
  findPending(organizationId: string, clientId: string): Promise<PortalInvitation | null> {
    return this.db.manager
      .createQueryBuilder(PortalInvitation, 'invitation')
      .where('invitation.organizationId = :organizationId AND invitation.clientId = :clientId', { organizationId, clientId })
      .andWhere('invitation.acceptedAt IS NULL AND invitation.withdrawnAt IS NULL AND invitation.expiresAt > now()')
      .orderBy('invitation.createdAt', 'DESC')
      .getOne();
  }

  lockInvitationByHash(tokenHash: string): Promise<PortalInvitation | null> {
    return this.db.manager.findOne(PortalInvitation, { where: { tokenHash }, lock: { mode: 'pessimistic_write' } });
  }

  async markAccepted(organizationId: string, id: string, at: Date): Promise<void> {
    await this.db.manager.update(PortalInvitation, { organizationId, id }, { acceptedAt: at });
  }
}

/** SQL fragments for the features that filter by portal access in one statement. */
export const portalSql = {
  /** A row while the client's portal access is live and the client not archived: `EXISTS (${portalSql.liveAccount(...)})`. */
  liveAccount: (organizationId: string, clientId: string) =>
    `SELECT 1 FROM portal_accounts pa WHERE pa.organization_id = ${organizationId} AND pa.client_id = ${clientId} AND pa.revoked_at IS NULL` +
    ` AND ${clientSql.isCurrent(organizationId, clientId)}`,
};
