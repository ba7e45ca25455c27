import { Injectable } from '@nestjs/common';
import { IfMatch } from '../common/concurrency';
import { Page } from '../common/pagination';
import { AccessService, Resource } from '../access/access.service';
import { Actor } from '../auth/actor';
import { AuthSessionsService } from '../auth/auth-sessions.service';
import { hashPassword } from '../auth/passwords';
import { CareTeamsService } from '../care-teams/care-teams.service';
import { Transactions } from '../database/transactions';
import { DomainError } from '../errors/domain-error';
import { ErrorCode } from '../errors/error-code';
import { CreateStaffUserDto, ListStaffQueryDto, StaffUserDto, toStaffUserDto, UpdateStaffUserDto } from './dto/staff.dto';
import { StaffDirectory } from './staff-directory';
import { StaffRepository } from './staff.repository';
import { StaffUser } from './staff-user.entity';

@Injectable()
export class StaffService {
  constructor(
    private readonly db: Transactions,
    private readonly staff: StaffRepository,
    private readonly careTeams: CareTeamsService,
    private readonly access: AccessService,
    private readonly directory: StaffDirectory,
    private readonly sessions: AuthSessionsService,
  ) {}

  async list(actor: Actor, query: ListStaffQueryDto): Promise<Page<StaffUserDto>> {
    const page = await this.staff.list(actor.organizationId, { role: query.role, active: query.active }, query);
    return { data: page.data.map(toStaffUserDto), nextCursor: page.nextCursor };
  }

  async get(actor: Actor, id: string): Promise<StaffUserDto> {
    await this.access.require(actor, Resource.Staff, [id]);
    return toStaffUserDto(await this.staff.findOrFail(actor.organizationId, id));
  }

  async create(actor: Actor, dto: CreateStaffUserDto): Promise<StaffUserDto> {
    if (dto.role === 'owner' && actor.role !== 'owner') {
      throw new DomainError(ErrorCode.Forbidden, 'Only an owner may add another owner.');
    }
    const passwordHash = await hashPassword(dto.password);
    const user = await this.db.run(() =>
      this.directory.insert({
        organizationId: actor.organizationId,
        email: dto.email,
        displayName: dto.displayName,
        role: dto.role,
        passwordHash,
      }),
    );
    return toStaffUserDto(user);
  }

  /**
   * Changes name, role or active state. Owners are protected: only an owner may change an owner
   * or grant the role, and the organization always keeps at least one active owner.
   */
  async update(actor: Actor, id: string, dto: UpdateStaffUserDto, ifMatch?: IfMatch): Promise<StaffUserDto> {
    await this.access.require(actor, Resource.Staff, [id]);
    const organizationId = actor.organizationId;
    const updated = await this.db.run(async () => {
      // Lock every active owner first, so two concurrent demotions can't both leave "another owner".
      await this.staff.lockActiveOwners(organizationId);
      const user = await this.staff.lockVersioned(organizationId, id);
      const touchesOwner = user.role === 'owner' || dto.role === 'owner';
      if (touchesOwner && actor.role !== 'owner' && (dto.role !== undefined || dto.active !== undefined)) {
        throw new DomainError(ErrorCode.Forbidden, 'Only an owner may change an owner or grant the owner role.');
      }
      const losesOwner =
        user.role === 'owner' && user.deactivatedAt === null && ((dto.role && dto.role !== 'owner') || dto.active === false);
      if (losesOwner && (await this.staff.countActiveOwnersBesides(organizationId, id)) === 0) {
        throw new DomainError(ErrorCode.LastOwner, 'The organization must keep at least one active owner.');
      }
      const changes = changesOf(user, dto);
      const saved = await this.staff.updateVersioned(organizationId, id, ifMatch, changes);
      if (changes.deactivatedAt) await this.sessions.revokeAllOf(organizationId, id);
      if (changes.role) await this.careTeams.leaveAllUnlessCaseloadRole(organizationId, id, changes.role);
      return saved;
    });
    return toStaffUserDto(updated);
  }
}

/** The columns an update writes: deactivating keeps the first deactivation time. */
function changesOf(user: StaffUser, dto: UpdateStaffUserDto): Partial<StaffUser> {
  const changes: Partial<StaffUser> = {};
  if (dto.displayName !== undefined) changes.displayName = dto.displayName;
  if (dto.role !== undefined) changes.role = dto.role;
  if (dto.active === false && user.deactivatedAt === null) changes.deactivatedAt = new Date();
  if (dto.active === true) changes.deactivatedAt = null;
  return changes;
}
