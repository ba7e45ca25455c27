import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AccessService, Resource } from '../access/access.service';
import { Actor, seesWholeOrganization } from '../auth/actor';
import { archive, IfMatch, lockVersioned, restore, updateVersioned } from '../common/concurrency';
import { Page, paginate } from '../common/pagination';
import { DomainError } from '../errors/domain-error';
import { ErrorCode } from '../errors/error-code';
import { CreateGroupDto, GroupDto, GroupMemberDto, ListGroupMembersQueryDto, ListGroupsQueryDto, UpdateGroupDto } from './dto/group.dto';
import { Group } from './group.entity';
import { GroupMember } from './group-member.entity';
import { Transactions } from '../database/transactions';

export const GROUPS = Resource.Group;
export function toGroupDto(group: Group, memberCount: number): GroupDto {
  return {
    id: group.id,
    organizationId: group.organizationId,
    name: group.name,
    description: group.description,
    facilitatorUserId: group.facilitatorUserId,
    status: group.status,
    capacity: group.capacity,
    memberCount,
    startsOn: group.startsOn,
    endsOn: group.endsOn,
    archivedAt: group.archivedAt,
    createdAt: group.createdAt,
    updatedAt: group.updatedAt,
    version: group.version,
  };
}

/** Throws a 400 on `field` unless `userId` is an active staff user of the organization with one of `roles`. */
export async function requireActiveStaff(
  manager: EntityManager,
  organizationId: string,
  userId: string,
  field: string,
  roles: readonly string[],
): Promise<void> {
  const [user]: { role: string; deactivated_at: Date | null }[] = await manager.query(
    `SELECT role, deactivated_at FROM staff_users WHERE organization_id = $1 AND id = $2`,
    [organizationId, userId],
  );
  if (!user || user.deactivated_at || !roles.includes(user.role)) {
    throw DomainError.validation([{ field, message: `must be an active staff member (${roles.join(', ')}) of the organization` }]);
  }
}

const GROUP_LEADERS = ['owner', 'admin', 'practitioner', 'facilitator'] as const;

/**
 * Support groups and their members. A facilitator or practitioner reaches the groups they run, and
 * sees their members by name only; adding a client to a group they run needs no access to the
 * client's record (facilitators never have any), only that the client belongs to the organization.
 */
@Injectable()
export class GroupsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly db: Transactions,
    private readonly access: AccessService,
  ) {}

  async list(actor: Actor, query: ListGroupsQueryDto): Promise<Page<GroupDto>> {
    const qb = this.dataSource
      .getRepository(Group)
      .createQueryBuilder('grp')
      .where('grp.organizationId = :organizationId', { organizationId: actor.organizationId });
    if (!seesWholeOrganization(actor)) qb.andWhere('grp.facilitatorUserId = :actorId', { actorId: actor.id });
    if (query.status) qb.andWhere('grp.status = :status', { status: query.status });
    if (query.staffId) qb.andWhere('grp.facilitatorUserId = :staffId', { staffId: query.staffId === 'me' ? actor.id : query.staffId });
    if (query.clientId) {
      qb.andWhere(
        'EXISTS (SELECT 1 FROM group_members gm WHERE gm.organization_id = grp.organization_id AND gm.group_id = grp.id AND gm.client_id = :clientId AND gm.left_at IS NULL)',
        { clientId: query.clientId },
      );
    }
    const page = await paginate(qb, query);
    const counts = await this.memberCounts(this.dataSource.manager, actor.organizationId, page.data.map((g) => g.id));
    return { data: page.data.map((g) => toGroupDto(g, counts.get(g.id) ?? 0)), nextCursor: page.nextCursor };
  }

  async get(actor: Actor, id: string): Promise<GroupDto> {
    await this.access.require(actor, GROUPS, [id]);
    return this.read(this.dataSource.manager, actor.organizationId, id);
  }

  async create(actor: Actor, dto: CreateGroupDto): Promise<GroupDto> {
    const facilitatorUserId = (dto.facilitatorUserId ?? (actor.kind === 'user' ? actor.id : undefined))?.toLowerCase();
    if (!facilitatorUserId) throw DomainError.validation([{ field: 'facilitatorUserId', message: 'is required when an API key creates a group' }]);
    if (!seesWholeOrganization(actor) && facilitatorUserId !== actor.id) {
      throw DomainError.validation([{ field: 'facilitatorUserId', message: 'must be you: facilitators and practitioners create groups they run' }]);
    }
    this.checkDates(dto.startsOn ?? null, dto.endsOn ?? null);
    return this.db.run(async () => {
      const manager = this.db.manager;
      await requireActiveStaff(manager, actor.organizationId, facilitatorUserId, 'facilitatorUserId', GROUP_LEADERS);
      const group = await manager.save(
        manager.create(Group, {
          organizationId: actor.organizationId,
          name: dto.name,
          description: dto.description ?? null,
          facilitatorUserId,
          status: dto.status ?? 'active',
          capacity: dto.capacity ?? null,
          startsOn: dto.startsOn ?? null,
          endsOn: dto.endsOn ?? null,
          archivedAt: null,
        }),
      );
      return this.read(manager, actor.organizationId, group.id);
    });
  }

  async update(actor: Actor, id: string, dto: UpdateGroupDto, ifMatch?: IfMatch): Promise<GroupDto> {
    await this.access.require(actor, GROUPS, [id]);
    if (dto.facilitatorUserId !== undefined && !seesWholeOrganization(actor)) {
      throw new DomainError(ErrorCode.Forbidden, 'Only owners, admins and API keys hand a group to another staff member.');
    }
    return this.db.run(async () => {
      const manager = this.db.manager;
      const current = await this.lock(manager, actor.organizationId, id);
      const changes = { ...dto, ...(dto.facilitatorUserId ? { facilitatorUserId: dto.facilitatorUserId.toLowerCase() } : {}) };
      if (changes.facilitatorUserId) {
        await requireActiveStaff(manager, actor.organizationId, changes.facilitatorUserId, 'facilitatorUserId', GROUP_LEADERS);
      }
      this.checkDates(dto.startsOn !== undefined ? dto.startsOn : current.startsOn, dto.endsOn !== undefined ? dto.endsOn : current.endsOn);
      if (dto.capacity) {
        const members = (await this.memberCounts(manager, actor.organizationId, [id])).get(id) ?? 0;
        if (members > dto.capacity) {
          throw new DomainError(ErrorCode.GroupFull, `The group has ${members} current members, more than the capacity asked for.`);
        }
      }
      await updateVersioned(manager, Group, { resource: 'Group', organizationId: actor.organizationId, id, ifMatch }, changes);
      return this.read(manager, actor.organizationId, id);
    });
  }

  async archive(actor: Actor, id: string, ifMatch?: IfMatch): Promise<GroupDto> {
    await this.access.require(actor, GROUPS, [id]);
    return this.db.run(async () => {
      const manager = this.db.manager;
      await archive(manager, Group, { resource: 'Group', organizationId: actor.organizationId, id, ifMatch });
      return this.read(manager, actor.organizationId, id);
    });
  }

  async restore(actor: Actor, id: string, ifMatch?: IfMatch): Promise<GroupDto> {
    await this.access.require(actor, GROUPS, [id]);
    return this.db.run(async () => {
      const manager = this.db.manager;
      await restore(manager, Group, { resource: 'Group', organizationId: actor.organizationId, id, ifMatch });
      return this.read(manager, actor.organizationId, id);
    });
  }

  async members(actor: Actor, id: string, query: ListGroupMembersQueryDto): Promise<Page<GroupMemberDto>> {
    await this.access.require(actor, GROUPS, [id]);
    const qb = this.dataSource
      .getRepository(GroupMember)
      .createQueryBuilder('member')
      .innerJoin('member.client', 'client')
      .addSelect(['client.id', 'client.firstName', 'client.lastName', 'client.preferredName'])
      .where('member.organizationId = :organizationId AND member.groupId = :groupId', { organizationId: actor.organizationId, groupId: id });
    if (!query.updatedSince) qb.andWhere('member.leftAt IS NULL');
    const page = await paginate(qb, query);
    return { data: page.data.map(toGroupMemberDto), nextCursor: page.nextCursor };
  }

  /** PUT: idempotent; a former member rejoins. The group must be open and have room. */
  async addMember(actor: Actor, id: string, clientId: string): Promise<GroupMemberDto> {
    await this.access.require(actor, GROUPS, [id]);
    return this.db.run(async () => {
      const manager = this.db.manager;
      // The group row's lock serialises joins, so capacity holds under concurrent PUTs.
      const group = await this.lock(manager, actor.organizationId, id);
      const [client] = await manager.query(`SELECT id FROM clients WHERE organization_id = $1 AND id = $2`, [actor.organizationId, clientId]);
      if (!client) throw DomainError.notFound('Client');
      const current = await this.member(manager, actor.organizationId, id, clientId);
      if (current) return current;
      if (group.status === 'closed' || group.archivedAt) {
        throw new DomainError(ErrorCode.GroupClosed, 'The group is closed or archived: it takes no new members.');
      }
      if (group.capacity !== null) {
        const members = (await this.memberCounts(manager, actor.organizationId, [id])).get(id) ?? 0;
        if (members >= group.capacity) {
          throw new DomainError(ErrorCode.GroupFull, `The group is full (capacity ${group.capacity}).`, { extensions: { capacity: group.capacity } });
        }
      }
      await manager.query(
        `INSERT INTO group_members (organization_id, group_id, client_id) VALUES ($1, $2, $3)
         ON CONFLICT (organization_id, group_id, client_id)
         DO UPDATE SET joined_at = now(), left_at = NULL, updated_at = now(), version = group_members.version + 1`,
        [actor.organizationId, id, clientId],
      );
      await this.touch(manager, actor.organizationId, id);
      return (await this.member(manager, actor.organizationId, id, clientId))!;
    });
  }

  /** DELETE: the client leaves (the membership is kept with `leftAt`). */
  async removeMember(actor: Actor, id: string, clientId: string): Promise<void> {
    await this.access.require(actor, GROUPS, [id]);
    await this.db.run(async () => {
      const manager = this.db.manager;
      const [, left] = await manager.query(
        `UPDATE group_members SET left_at = now(), updated_at = now(), version = version + 1
          WHERE organization_id = $1 AND group_id = $2 AND client_id = $3 AND left_at IS NULL`,
        [actor.organizationId, id, clientId],
      );
      if (left === 0) throw DomainError.notFound('Group member');
      await this.touch(manager, actor.organizationId, id);
    });
  }

  /** Current members' client ids (for group session attendance). */
  async currentMemberIds(organizationId: string, groupId: string): Promise<string[]> {
    const manager = this.db.manager;
    const rows: { client_id: string }[] = await manager.query(
      `SELECT client_id FROM group_members WHERE organization_id = $1 AND group_id = $2 AND left_at IS NULL`,
      [organizationId, groupId],
    );
    return rows.map((r) => r.client_id);
  }

  private checkDates(startsOn: string | null, endsOn: string | null): void {
    if (startsOn && endsOn && endsOn < startsOn) throw DomainError.validation([{ field: 'endsOn', message: 'must not be before startsOn' }]);
  }

  private lock(manager: EntityManager, organizationId: string, id: string): Promise<Group> {
    return lockVersioned(manager, Group, { resource: 'Group', organizationId, id });
  }

  private async member(manager: EntityManager, organizationId: string, groupId: string, clientId: string): Promise<GroupMemberDto | null> {
    const member = await manager
      .createQueryBuilder(GroupMember, 'member')
      .innerJoin('member.client', 'client')
      .addSelect(['client.id', 'client.firstName', 'client.lastName', 'client.preferredName'])
      .where('member.organizationId = :organizationId AND member.groupId = :groupId AND member.clientId = :clientId', {
        organizationId,
        groupId,
        clientId,
      })
      .andWhere('member.leftAt IS NULL')
      .getOne();
    return member ? toGroupMemberDto(member) : null;
  }

  private async memberCounts(manager: EntityManager, organizationId: string, ids: string[]): Promise<Map<string, number>> {
    if (ids.length === 0) return new Map();
    const rows: { group_id: string; n: number }[] = await manager.query(
      `SELECT group_id, count(*)::int AS n FROM group_members
        WHERE organization_id = $1 AND group_id = ANY($2::uuid[]) AND left_at IS NULL GROUP BY group_id`,
      [organizationId, ids],
    );
    return new Map(rows.map((r) => [r.group_id, r.n]));
  }

  /** A membership change is a change of the group: it moves updatedAt and version, so sync sees it. */
  private async touch(manager: EntityManager, organizationId: string, id: string): Promise<void> {
    await manager.query(`UPDATE groups SET updated_at = now(), version = version + 1 WHERE organization_id = $1 AND id = $2`, [organizationId, id]);
  }

  private async read(manager: EntityManager, organizationId: string, id: string): Promise<GroupDto> {
    const group = await manager.findOneBy(Group, { organizationId, id });
    if (!group) throw DomainError.notFound('Group');
    const counts = await this.memberCounts(manager, organizationId, [id]);
    return toGroupDto(group, counts.get(id) ?? 0);
  }
}

function toGroupMemberDto(member: GroupMember): GroupMemberDto {
  const client = member.client!;
  return {
    id: member.id,
    groupId: member.groupId,
    clientId: member.clientId,
    firstName: client.firstName,
    lastName: client.lastName,
    preferredName: client.preferredName,
    joinedAt: member.joinedAt,
    leftAt: member.leftAt,
    createdAt: member.createdAt,
    updatedAt: member.updatedAt,
    version: member.version,
  };
}
