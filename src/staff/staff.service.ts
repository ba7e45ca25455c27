import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { IfMatch, lockVersioned, updateVersioned } from '../common/concurrency';
import { Page, paginate } from '../common/pagination';
import { AccessService, Resource } from '../access/access.service';
import { Actor } from '../auth/actor';
import { hashPassword } from '../auth/passwords';
import { CareTeamsService } from '../care-teams/care-teams.service';
import { AuthSessionsService } from '../auth/auth-sessions.service';
import { DomainError } from '../errors/domain-error';
import { ErrorCode } from '../errors/error-code';
import { CreateStaffUserDto, ListStaffQueryDto, StaffUserDto, toStaffUserDto, UpdateStaffUserDto } from './dto/staff.dto';
import { StaffDirectory } from './staff-directory';
import { StaffUser } from './staff-user.entity';
import { Transactions } from '../database/transactions';

export const STAFF = Resource.Staff;
@Injectable()
export class StaffService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly db: Transactions,
    private readonly careTeams: CareTeamsService,
    private readonly access: AccessService,
    private readonly directory: StaffDirectory,
    private readonly sessions: AuthSessionsService,
  ) {}

  async list(actor: Actor, query: ListStaffQueryDto): Promise<Page<StaffUserDto>> {
    const qb = this.dataSource
      .getRepository(StaffUser)
      .createQueryBuilder('staff')
      .where('staff.organizationId = :organizationId', { organizationId: actor.organizationId });
    if (query.role) qb.andWhere('staff.role = :role', { role: query.role });
    if (query.active !== undefined) qb.andWhere(`staff.deactivatedAt IS ${query.active ? '' : 'NOT '}NULL`);
    const page = await paginate(qb, query);
    return { data: page.data.map(toStaffUserDto), nextCursor: page.nextCursor };
  }

  async get(actor: Actor, id: string): Promise<StaffUserDto> {
    await this.access.require(actor, STAFF, [id]);
    const user = await this.dataSource.getRepository(StaffUser).findOneByOrFail({ organizationId: actor.organizationId, id });
    return toStaffUserDto(user);
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
    await this.access.require(actor, STAFF, [id]);
    const updated = await this.db.run(async () => {
      const manager = this.db.manager;
      // Lock every active owner first, so two concurrent demotions can't both leave "another owner".
      await manager.query(
        `SELECT id FROM staff_users WHERE organization_id = $1 AND role = 'owner' AND deactivated_at IS NULL ORDER BY id FOR UPDATE`,
        [actor.organizationId],
      );
      const user = await lockVersioned(manager, StaffUser, { resource: 'Staff user', organizationId: actor.organizationId, id });
      const touchesOwner = user.role === 'owner' || dto.role === 'owner';
      if (touchesOwner && actor.role !== 'owner' && (dto.role !== undefined || dto.active !== undefined)) {
        throw new DomainError(ErrorCode.Forbidden, 'Only an owner may change an owner or grant the owner role.');
      }
      const losesOwner =
        user.role === 'owner' && user.deactivatedAt === null && ((dto.role && dto.role !== 'owner') || dto.active === false);
      if (losesOwner) {
        const [{ count }] = await manager.query(
          `SELECT count(*)::int AS count FROM staff_users
            WHERE organization_id = $1 AND role = 'owner' AND deactivated_at IS NULL AND id <> $2`,
          [actor.organizationId, id],
        );
        if (count === 0) {
          throw new DomainError(ErrorCode.LastOwner, 'The organization must keep at least one active owner.');
        }
      }
      const changes: Partial<StaffUser> = {};
      if (dto.displayName !== undefined) changes.displayName = dto.displayName;
      if (dto.role !== undefined) changes.role = dto.role;
      if (dto.active === false && user.deactivatedAt === null) changes.deactivatedAt = new Date();
      if (dto.active === true) changes.deactivatedAt = null;
      const saved = await updateVersioned(manager, StaffUser, { resource: 'Staff user', organizationId: actor.organizationId, id, ifMatch }, changes);
      if (changes.deactivatedAt) await this.sessions.revokeAllOf(actor.organizationId, id);
      if (changes.role) await this.careTeams.leaveAllUnlessCaseloadRole(actor.organizationId, id, changes.role);
      return saved;
    });
    return toStaffUserDto(updated);
  }
}
