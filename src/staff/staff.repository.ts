import { Injectable } from '@nestjs/common';
import { Transactions } from '../database/transactions';
import { StaffRole } from '../auth/permissions';
import { IfMatch, lockVersioned, updateVersioned } from '../common/concurrency';
import { Page, PageQueryDto, paginate } from '../common/pagination';
import { organizationSql, OrganizationRow } from '../organizations/organizations.repository';
import { StaffUser } from './staff-user.entity';
import { insertReturning } from '../database/returning';

export interface NewStaffUser {
  organizationId: string;
  email: string;
  emailNormalized: string;
  displayName: string;
  role: StaffRole;
  passwordHash: string;
}

/** What a staff user's response shows. */
export type StaffUserRow = Pick<
  StaffUser,
  'id' | 'organizationId' | 'email' | 'displayName' | 'role' | 'deactivatedAt' | 'lastLoginAt' | 'createdAt' | 'updatedAt' | 'version'
>;

export interface StaffFilter {
  role?: StaffRole;
  /** true: active only; false: deactivated only. */
  active?: boolean;
}

/** The `staff_users` table's SQL. Other features ask through these methods and `staffSql`. */
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

  find(organizationId: string, id: string): Promise<StaffUser | null> {
    return this.db.manager.findOneBy(StaffUser, { organizationId, id });
  }

  findOrFail(organizationId: string, id: string): Promise<StaffUser> {
    return this.db.manager.findOneByOrFail(StaffUser, { organizationId, id });
  }

  /** The staff user and their organization, in one statement (`GET /v1/me`); null when there is no such user. */
  async findWithOrganization(organizationId: string, id: string): Promise<{ user: StaffUserRow; organization: OrganizationRow } | null> {
    const [row]: (StaffUserRow & Record<string, unknown>)[] = await this.db.manager.query(
      `SELECT u.id, u.organization_id AS "organizationId", u.email, u.display_name AS "displayName", u.role,
              u.deactivated_at AS "deactivatedAt", u.last_login_at AS "lastLoginAt", u.created_at AS "createdAt",
              u.updated_at AS "updatedAt", u.version, org.*
         FROM staff_users u JOIN LATERAL (${organizationSql.row('u.organization_id')}) org ON true
        WHERE u.organization_id = $1 AND u.id = $2`,
      [organizationId, id],
    );
    if (!row) return null;
    const { id: userId, organizationId: orgId, email, displayName, role, deactivatedAt, lastLoginAt, createdAt, updatedAt, version } = row;
    return {
      user: { id: userId, organizationId: orgId, email, displayName, role, deactivatedAt, lastLoginAt, createdAt, updatedAt, version },
      organization: organizationSql.rowOf(row),
    };
  }

  /** The first `limit` accounts with this normalized email, oldest first, with their password hashes; in one organization when it is named. */
  findByEmailWithPassword(emailNormalized: string, organizationId: string | undefined, limit: number): Promise<StaffUser[]> {
    return this.db.manager
      .createQueryBuilder(StaffUser, 'u')
      .addSelect('u.passwordHash')
      .where('u.emailNormalized = :email', { email: emailNormalized })
      .andWhere(organizationId ? 'u.organizationId = :org' : 'TRUE', { org: organizationId })
      .orderBy('u.createdAt', 'ASC')
      .limit(limit)
      .getMany();
  }

  /**
   * Holds the right to register this email until the transaction ends, so that two signups with
   * one email take turns and the second sees the first.
   */
  async lockEmail(emailNormalized: string): Promise<void> {
    await this.db.manager.query(`SELECT pg_advisory_xact_lock(hashtextextended('staff-email:' || $1, 0))`, [emailNormalized]);
  }

  /** Whether active staff of any organization sign in with this email. */
  async activeWithEmail(emailNormalized: string): Promise<boolean> {
    const [row] = await this.db.manager.query(
      `SELECT EXISTS (SELECT 1 FROM staff_users WHERE email_normalized = $1 AND deactivated_at IS NULL) AS taken`,
      [emailNormalized],
    );
    return row.taken === true;
  }

  /** Inserts the staff user and answers them as stored (`RETURNING`, no second read; no password hash). */
  insert(user: NewStaffUser): Promise<StaffUser> {
    return insertReturning(this.db.manager, StaffUser, { ...user, deactivatedAt: null, lastLoginAt: null });
  }

  async recordLogin(organizationId: string, id: string): Promise<void> {
    await this.db.manager.update(StaffUser, { organizationId, id }, { lastLoginAt: new Date() });
  }

  list(organizationId: string, filter: StaffFilter, page: PageQueryDto): Promise<Page<StaffUser>> {
    const qb = this.db.manager
      .createQueryBuilder(StaffUser, 'staff')
      .where('staff.organizationId = :organizationId', { organizationId });
    if (filter.role) qb.andWhere('staff.role = :role', { role: filter.role });
    if (filter.active !== undefined) qb.andWhere(`staff.deactivatedAt IS ${filter.active ? '' : 'NOT '}NULL`);
    return paginate(qb, page);
  }

  /** Locks every active owner of the organization, in id order. */
  async lockActiveOwners(organizationId: string): Promise<void> {
    await this.db.manager.query(
      `SELECT id FROM staff_users WHERE organization_id = $1 AND role = 'owner' AND deactivated_at IS NULL ORDER BY id FOR UPDATE`,
      [organizationId],
    );
  }

  async countActiveOwnersBesides(organizationId: string, id: string): Promise<number> {
    const [{ count }]: { count: number }[] = await this.db.manager.query(
      `SELECT count(*)::int AS count FROM staff_users
        WHERE organization_id = $1 AND role = 'owner' AND deactivated_at IS NULL AND id <> $2`,
      [organizationId, id],
    );
    return count;
  }

  lockVersioned(organizationId: string, id: string): Promise<StaffUser> {
    return lockVersioned(this.db.manager, StaffUser, { resource: 'Staff user', organizationId, id });
  }

  updateVersioned(organizationId: string, id: string, ifMatch: IfMatch | undefined, changes: Partial<StaffUser>): Promise<StaffUser> {
    return updateVersioned(this.db.manager, StaffUser, { resource: 'Staff user', organizationId, id, ifMatch }, changes);
  }
}

/**
 * SQL fragments for other features' statements that join a staff user, so the statement stays one
 * round trip while the table's SQL stays here. Arguments are SQL expressions or placeholders.
 */
export const staffSql = {
  /** A lateral-joinable row `(role)` of the user, only while they are active: `JOIN LATERAL (${staffSql.activeRole(...)}) AS u ON true`. */
  activeRole: (organizationId: string, userId: string) =>
    `SELECT su.role FROM staff_users su WHERE su.organization_id = ${organizationId} AND su.id = ${userId} AND su.deactivated_at IS NULL`,
  /** A lateral-joinable row `(display_name, role)` of the user: `JOIN LATERAL (${staffSql.nameAndRole(...)}) AS u ON true`. */
  nameAndRole: (organizationId: string, userId: string) =>
    `SELECT s.display_name, s.role FROM staff_users s WHERE s.organization_id = ${organizationId} AND s.id = ${userId}`,
};
