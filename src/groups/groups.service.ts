import { Injectable } from '@nestjs/common';
import { AccessService, Resource } from '../access/access.service';
import { Actor, seesWholeOrganization } from '../auth/actor';
import { GROUP_LEAD_ROLES } from '../auth/permissions';
import { ClientsRepository } from '../clients/clients.repository';
import { IfMatch } from '../common/concurrency';
import { includesArchived, Page, paginate } from '../common/pagination';
import { Transactions } from '../database/transactions';
import { DomainError } from '../errors/domain-error';
import { ErrorCode } from '../errors/error-code';
import { StaffDirectory } from '../staff/staff-directory';
import {
  CreateGroupDto,
  GroupDto,
  GroupMemberDto,
  ListGroupMembersQueryDto,
  ListGroupsQueryDto,
  toGroupDto,
  toGroupMemberDto,
  UpdateGroupDto,
} from './dto/group.dto';
import { GroupsRepository } from './groups.repository';
import { capacityRefusal, checkDates, checkJoiningClient, joinRefusal } from './group-rules';


/**
 * Support groups and their members. A facilitator or practitioner reaches the groups they run, and
 * sees their members by name only; adding a client to a group they run needs no access to the
 * client's record (facilitators never have any), only that the client belongs to the organization.
 */
@Injectable()
export class GroupsService {
  constructor(
    private readonly db: Transactions,
    private readonly access: AccessService,
    private readonly repository: GroupsRepository,
    private readonly clients: ClientsRepository,
    private readonly staff: StaffDirectory,
  ) {}

  async list(actor: Actor, query: ListGroupsQueryDto): Promise<Page<GroupDto>> {
    const qb = this.repository.listQuery({
      organizationId: actor.organizationId,
      runBy: seesWholeOrganization(actor) ? undefined : actor.id,
      status: query.status,
      facilitatorUserId: query.staffId === 'me' ? actor.id : query.staffId,
      clientId: query.clientId,
    });
    const page = await paginate(qb, query);
    const counts = await this.repository.memberCounts(actor.organizationId, page.data.map((g) => g.id));
    return { data: page.data.map((g) => toGroupDto(g, counts.get(g.id) ?? 0)), nextCursor: page.nextCursor };
  }

  async get(actor: Actor, id: string): Promise<GroupDto> {
    await this.access.require(actor, Resource.Group, [id]);
    return this.read(actor.organizationId, id);
  }

  async create(actor: Actor, dto: CreateGroupDto): Promise<GroupDto> {
    const facilitatorUserId = (dto.facilitatorUserId ?? (actor.kind === 'user' ? actor.id : undefined))?.toLowerCase();
    if (!facilitatorUserId) throw DomainError.validation([{ field: 'facilitatorUserId', message: 'is required when an API key creates a group' }]);
    if (!seesWholeOrganization(actor) && facilitatorUserId !== actor.id) {
      throw DomainError.validation([{ field: 'facilitatorUserId', message: 'must be you: facilitators and practitioners create groups they run' }]);
    }
    checkDates(dto.startsOn ?? null, dto.endsOn ?? null);
    return this.db.run(async () => {
      await this.staff.requireActive(actor.organizationId, facilitatorUserId, 'facilitatorUserId', GROUP_LEAD_ROLES);
      const group = await this.repository.insert({
        organizationId: actor.organizationId,
        name: dto.name,
        description: dto.description ?? null,
        facilitatorUserId,
        status: dto.status ?? 'active',
        capacity: dto.capacity ?? null,
        startsOn: dto.startsOn ?? null,
        endsOn: dto.endsOn ?? null,
        archivedAt: null,
      });
      return this.read(actor.organizationId, group.id);
    });
  }

  async update(actor: Actor, id: string, dto: UpdateGroupDto, ifMatch?: IfMatch): Promise<GroupDto> {
    await this.access.require(actor, Resource.Group, [id]);
    if (dto.facilitatorUserId !== undefined && !seesWholeOrganization(actor)) {
      throw new DomainError(ErrorCode.Forbidden, 'Only owners, admins and API keys hand a group to another staff member.');
    }
    return this.db.run(async () => {
      const current = await this.repository.lock(actor.organizationId, id);
      const changes = { ...dto, ...(dto.facilitatorUserId ? { facilitatorUserId: dto.facilitatorUserId.toLowerCase() } : {}) };
      if (changes.facilitatorUserId) {
        await this.staff.requireActive(actor.organizationId, changes.facilitatorUserId, 'facilitatorUserId', GROUP_LEAD_ROLES);
      }
      checkDates(dto.startsOn !== undefined ? dto.startsOn : current.startsOn, dto.endsOn !== undefined ? dto.endsOn : current.endsOn);
      if (dto.capacity) {
        const refusal = capacityRefusal(await this.memberCount(actor.organizationId, id), dto.capacity);
        if (refusal) throw refusal;
      }
      await this.repository.update(actor.organizationId, id, changes, ifMatch);
      return this.read(actor.organizationId, id);
    });
  }

  archive(actor: Actor, id: string, ifMatch?: IfMatch): Promise<GroupDto> {
    return this.setArchived(actor, id, true, ifMatch);
  }

  restore(actor: Actor, id: string, ifMatch?: IfMatch): Promise<GroupDto> {
    return this.setArchived(actor, id, false, ifMatch);
  }

  async members(actor: Actor, id: string, query: ListGroupMembersQueryDto): Promise<Page<GroupMemberDto>> {
    await this.access.require(actor, Resource.Group, [id]);
    const page = await paginate(this.repository.membersQuery(actor.organizationId, id, includesArchived(query)), query);
    const names = await this.repository.memberNames(actor.organizationId, id, page.data.map((m) => m.clientId));
    return { data: page.data.map((m) => toGroupMemberDto(m, names.get(m.clientId)!)), nextCursor: page.nextCursor };
  }

  /** PUT: idempotent; a former member rejoins. The group must be open and have room, the client not archived. */
  async addMember(actor: Actor, id: string, clientId: string): Promise<GroupMemberDto> {
    await this.access.require(actor, Resource.Group, [id]);
    return this.db.run(async () => {
      // The client before the group, as archiving a client locks it before the groups it leaves:
      // an archive in flight finishes first (and is refused here), or waits for this join and ends it.
      checkJoiningClient(await this.clients.findStateForShare(actor.organizationId, clientId));
      // The group row's lock serialises joins, so capacity holds under concurrent PUTs.
      const group = await this.repository.lock(actor.organizationId, id);
      const current = await this.member(actor.organizationId, id, clientId);
      if (current) return current;
      const refusal = joinRefusal(group, group.capacity !== null ? await this.memberCount(actor.organizationId, id) : 0);
      if (refusal) throw refusal;
      await this.repository.join(actor.organizationId, id, clientId);
      await this.repository.touch(actor.organizationId, id);
      return (await this.member(actor.organizationId, id, clientId))!;
    });
  }

  /** DELETE: the client leaves (the membership is kept with `leftAt`). */
  async removeMember(actor: Actor, id: string, clientId: string): Promise<void> {
    await this.access.require(actor, Resource.Group, [id]);
    await this.db.run(async () => {
      if (!(await this.repository.leave(actor.organizationId, id, clientId))) throw DomainError.notFound('Group member');
      await this.repository.touch(actor.organizationId, id);
    });
  }

  /**
   * Ends every current membership of a client whose record is being archived, as leaving does:
   * `leftAt` is set and each group changes (its version moves), so a sync sees it. A restore adds
   * no one back. Runs in the archiving transaction, after the client row is locked; the groups
   * are touched in id order, so two archives never wait on each other.
   */
  async endMembershipsOf(organizationId: string, clientId: string): Promise<void> {
    await this.db.run(async () => {
      for (const groupId of await this.repository.leaveAll(organizationId, clientId)) await this.repository.touch(organizationId, groupId);
    });
  }

  /** Current members' client ids (for group session attendance). */
  currentMemberIds(organizationId: string, groupId: string): Promise<string[]> {
    return this.repository.currentMemberIds(organizationId, groupId);
  }

  private async setArchived(actor: Actor, id: string, archived: boolean, ifMatch?: IfMatch): Promise<GroupDto> {
    await this.access.require(actor, Resource.Group, [id]);
    return this.db.run(async () => {
      await this.repository.setArchived(actor.organizationId, id, archived, ifMatch);
      return this.read(actor.organizationId, id);
    });
  }

  private async member(organizationId: string, groupId: string, clientId: string): Promise<GroupMemberDto | null> {
    const member = await this.repository.findCurrentMember(organizationId, groupId, clientId);
    if (!member) return null;
    const names = await this.repository.memberNames(organizationId, groupId, [clientId]);
    return toGroupMemberDto(member, names.get(clientId)!);
  }

  private async memberCount(organizationId: string, id: string): Promise<number> {
    return (await this.repository.memberCounts(organizationId, [id])).get(id) ?? 0;
  }

  private async read(organizationId: string, id: string): Promise<GroupDto> {
    const group = await this.repository.find(organizationId, id);
    if (!group) throw DomainError.notFound('Group');
    return toGroupDto(group, await this.memberCount(organizationId, id));
  }
}
