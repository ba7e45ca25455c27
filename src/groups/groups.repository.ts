import { Injectable } from '@nestjs/common';
import { IsNull, SelectQueryBuilder } from 'typeorm';
import { clientSql } from '../clients/clients.repository';
import { archive, IfMatch, lockVersioned, restore, updateVersioned } from '../common/concurrency';
import { Transactions } from '../database/transactions';
import { Group, GroupStatus } from './group.entity';
import { GroupMember } from './group-member.entity';

/** A member's names, as the client record holds them. */
export type MemberName = { clientId: string; firstName: string; lastName: string; preferredName: string | null };

export type NewGroup = Pick<Group, 'organizationId' | 'name' | 'description' | 'facilitatorUserId' | 'status' | 'capacity' | 'startsOn' | 'endsOn' | 'archivedAt'>;
export type GroupChanges = Partial<Pick<Group, 'name' | 'description' | 'facilitatorUserId' | 'status' | 'capacity' | 'startsOn' | 'endsOn'>>;

export type GroupListFilter = { organizationId: string; facilitatorUserId?: string; runBy?: string; status?: GroupStatus; clientId?: string };

/** The `groups` and `group_members` tables' SQL. */
@Injectable()
export class GroupsRepository {
  constructor(private readonly db: Transactions) {}

  /** The list query, filtered, for `paginate`. */
  listQuery(filter: GroupListFilter): SelectQueryBuilder<Group> {
    const qb = this.db.manager.createQueryBuilder(Group, 'grp').where('grp.organizationId = :organizationId', { organizationId: filter.organizationId });
    if (filter.runBy) qb.andWhere('grp.facilitatorUserId = :actorId', { actorId: filter.runBy });
    if (filter.status) qb.andWhere('grp.status = :status', { status: filter.status });
    if (filter.facilitatorUserId) qb.andWhere('grp.facilitatorUserId = :staffId', { staffId: filter.facilitatorUserId });
    if (filter.clientId) {
      qb.andWhere(
        'EXISTS (SELECT 1 FROM group_members gm WHERE gm.organization_id = grp.organization_id AND gm.group_id = grp.id AND gm.client_id = :clientId AND gm.left_at IS NULL)',
        { clientId: filter.clientId },
      );
    }
    return qb;
  }

  find(organizationId: string, id: string): Promise<Group | null> {
    return this.db.manager.findOneBy(Group, { organizationId, id });
  }

  /** The group row `FOR UPDATE`: 404 when missing. */
  lock(organizationId: string, id: string): Promise<Group> {
    return lockVersioned(this.db.manager, Group, { resource: 'Group', organizationId, id });
  }

  /** Whether the group takes new work, read `FOR SHARE`: it waits for a membership change in flight, which locks or updates the row. */
  async findStateForShare(organizationId: string, id: string): Promise<{ status: GroupStatus; archivedAt: Date | null } | null> {
    const [row]: { status: GroupStatus; archived_at: Date | null }[] = await this.db.manager.query(
      `SELECT status, archived_at FROM groups WHERE organization_id = $1 AND id = $2 FOR SHARE`,
      [organizationId, id],
    );
    return row ? { status: row.status, archivedAt: row.archived_at } : null;
  }

  insert(group: NewGroup): Promise<Group> {
    const manager = this.db.manager;
    return manager.save(manager.create(Group, group));
  }

  update(organizationId: string, id: string, changes: GroupChanges, ifMatch?: IfMatch): Promise<Group> {
    return updateVersioned(this.db.manager, Group, { resource: 'Group', organizationId, id, ifMatch }, changes);
  }

  setArchived(organizationId: string, id: string, archived: boolean, ifMatch?: IfMatch): Promise<Group> {
    const target = { resource: 'Group', organizationId, id, ifMatch };
    return archived ? archive(this.db.manager, Group, target) : restore(this.db.manager, Group, target);
  }

  /** A membership change is a change of the group: it moves updatedAt and version, so sync sees it. */
  async touch(organizationId: string, id: string): Promise<void> {
    await this.db.manager
      .createQueryBuilder()
      .update(Group)
      .set({ updatedAt: () => 'now()', version: () => 'version + 1' })
      .where({ organizationId, id })
      .execute();
  }

  /** Current members per group, for the groups given. */
  async memberCounts(organizationId: string, groupIds: string[]): Promise<Map<string, number>> {
    if (groupIds.length === 0) return new Map();
    const rows: { group_id: string; n: number }[] = await this.db.manager.query(
      `SELECT group_id, count(*)::int AS n FROM group_members
        WHERE organization_id = $1 AND group_id = ANY($2::uuid[]) AND left_at IS NULL GROUP BY group_id`,
      [organizationId, groupIds],
    );
    return new Map(rows.map((r) => [r.group_id, r.n]));
  }

  /** The memberships list query for `paginate`: current ones, or with `includeFormer` those who left too. */
  membersQuery(organizationId: string, groupId: string, includeFormer: boolean): SelectQueryBuilder<GroupMember> {
    const qb = this.db.manager
      .createQueryBuilder(GroupMember, 'member')
      .where('member.organizationId = :organizationId AND member.groupId = :groupId', { organizationId, groupId });
    if (!includeFormer) qb.andWhere('member.leftAt IS NULL');
    return qb;
  }

  findCurrentMember(organizationId: string, groupId: string, clientId: string): Promise<GroupMember | null> {
    return this.db.manager.findOneBy(GroupMember, { organizationId, groupId, clientId, leftAt: IsNull() });
  }

  /** The names of the group's members (current or former) among `clientIds`. */
  async memberNames(organizationId: string, groupId: string, clientIds: string[]): Promise<Map<string, MemberName>> {
    if (clientIds.length === 0) return new Map();
    const rows: { client_id: string; first_name: string; last_name: string; preferred_name: string | null }[] = await this.db.manager.query(
      `SELECT m.client_id, n.first_name, n.last_name, n.preferred_name
         FROM group_members m
         JOIN LATERAL (${clientSql.names('m.organization_id', 'm.client_id')}) AS n ON true
        WHERE m.organization_id = $1 AND m.group_id = $2 AND m.client_id = ANY($3::uuid[])`,
      [organizationId, groupId, clientIds],
    );
    return new Map(
      rows.map((r) => [r.client_id, { clientId: r.client_id, firstName: r.first_name, lastName: r.last_name, preferredName: r.preferred_name }]),
    );
  }

  /** Adds the client, or brings a former member back (their membership row is reused). */
  async join(organizationId: string, groupId: string, clientId: string): Promise<void> {
    await this.db.manager.query(
      `INSERT INTO group_members (organization_id, group_id, client_id) VALUES ($1, $2, $3)
       ON CONFLICT (organization_id, group_id, client_id)
       DO UPDATE SET joined_at = now(), left_at = NULL, updated_at = now(), version = group_members.version + 1`,
      [organizationId, groupId, clientId],
    );
  }

  /** Marks a current membership as left; false when the client is not a current member. */
  async leave(organizationId: string, groupId: string, clientId: string): Promise<boolean> {
    const result = await this.db.manager
      .createQueryBuilder()
      .update(GroupMember)
      .set({ leftAt: () => 'now()', updatedAt: () => 'now()', version: () => 'version + 1' })
      .where({ organizationId, groupId, clientId, leftAt: IsNull() })
      .execute();
    return (result.affected ?? 0) > 0;
  }

  /** Marks every current membership of the client as left; the ids of their groups, in order. */
  async leaveAll(organizationId: string, clientId: string): Promise<string[]> {
    const result = await this.db.manager
      .createQueryBuilder()
      .update(GroupMember)
      .set({ leftAt: () => 'now()', updatedAt: () => 'now()', version: () => 'version + 1' })
      .where({ organizationId, clientId, leftAt: IsNull() })
      .returning(['groupId'])
      .execute();
    return (result.raw as { group_id: string }[]).map((row) => row.group_id).sort();
  }

  /** Current members' client ids. */
  async currentMemberIds(organizationId: string, groupId: string): Promise<string[]> {
    const members = await this.db.manager.find(GroupMember, { select: { clientId: true }, where: { organizationId, groupId, leftAt: IsNull() } });
    return members.map((m) => m.clientId);
  }

  /** Current members whose client record is not archived, in the order they joined. */
  async currentMemberIdsOfCurrentClients(organizationId: string, groupId: string): Promise<string[]> {
    const rows: { client_id: string }[] = await this.db.manager.query(
      `SELECT m.client_id FROM group_members m
        WHERE m.organization_id = $1 AND m.group_id = $2 AND m.left_at IS NULL AND ${clientSql.isCurrent('m.organization_id', 'm.client_id')}
        ORDER BY m.joined_at, m.client_id`,
      [organizationId, groupId],
    );
    return rows.map((r) => r.client_id);
  }
}

/** SQL fragments for other features' statements; arguments are SQL expressions or placeholders. */
export const groupSql = {
  /** The ids of the groups the client is a current member of: `x.group_id IN (${groupSql.idsWithCurrentMember(...)})`. */
  idsWithCurrentMember: (organizationId: string, clientId: string) =>
    `SELECT gm.group_id FROM group_members gm WHERE gm.organization_id = ${organizationId} AND gm.client_id = ${clientId} AND gm.left_at IS NULL`,
  /** The group's current members, as rows of (client_id, joined_at): `FROM (${groupSql.currentMembers(...)}) AS m`. */
  currentMembers: (organizationId: string, groupId: string) =>
    `SELECT gm.client_id, gm.joined_at FROM group_members gm WHERE gm.organization_id = ${organizationId} AND gm.group_id = ${groupId} AND gm.left_at IS NULL`,
};
