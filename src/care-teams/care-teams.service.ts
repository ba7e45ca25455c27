import { Injectable } from '@nestjs/common';
import { AccessService, Resource } from '../access/access.service';
import { Actor } from '../auth/actor';
import { CASELOAD_ROLES, StaffRole } from '../auth/permissions';
import { ClientsRepository } from '../clients/clients.repository';
import { CouplesRepository } from '../couples/couples.repository';
import { Transactions } from '../database/transactions';
import { DomainError } from '../errors/domain-error';
import { StaffRepository } from '../staff/staff.repository';
import { CareTeamOf, CareTeamsRepository } from './care-teams.repository';
import { CareTeamMemberDto, toCareTeamMemberDto } from './dto/care-team.dto';

export type { CareTeamOf } from './care-teams.repository';

const RESOURCE: Record<CareTeamOf, Resource> = { client: Resource.Client, couple: Resource.Couple };

const isCaseloadRole = (role: StaffRole) => (CASELOAD_ROLES as readonly StaffRole[]).includes(role);

/** The care teams of clients and couples: one service for both. */
@Injectable()
export class CareTeamsService {
  constructor(
    private readonly db: Transactions,
    private readonly access: AccessService,
    private readonly repository: CareTeamsRepository,
    private readonly staff: StaffRepository,
    private readonly clients: ClientsRepository,
    private readonly couples: CouplesRepository,
  ) {}

  /** The care teams of many records in one query, keyed by record id. */
  async membersOf(of: CareTeamOf, organizationId: string, ids: string[]): Promise<Map<string, CareTeamMemberDto[]>> {
    const teams = new Map<string, CareTeamMemberDto[]>(ids.map((id) => [id, []]));
    if (ids.length === 0) return teams;
    for (const row of await this.repository.membersOf(of, organizationId, ids)) teams.get(row.recordId)?.push(toCareTeamMemberDto(row));
    return teams;
  }

  /** Adds a member in the caller's transaction (the creator of a client or couple joins its team). */
  add(of: CareTeamOf, organizationId: string, recordId: string, userId: string): Promise<boolean> {
    return this.repository.add(of, organizationId, recordId, userId);
  }

  /** PUT .../care-team/{userId}: idempotent; the user must be active staff who can hold a caseload. */
  async put(actor: Actor, of: CareTeamOf, recordId: string, userId: string): Promise<CareTeamMemberDto[]> {
    await this.access.require(actor, RESOURCE[of], [recordId]);
    await this.db.run(async () => {
      const user = await this.staff.findStanding(actor.organizationId, userId);
      if (!user) throw DomainError.notFound('Staff user');
      if (!isCaseloadRole(user.role) || user.deactivatedAt) {
        throw DomainError.validation(
          [{ field: 'userId', message: 'must be an active practitioner, admin or owner' }],
          'This staff member cannot join a care team.',
        );
      }
      if (await this.repository.add(of, actor.organizationId, recordId, userId)) await this.touch(of, actor.organizationId, [recordId]);
    });
    return (await this.membersOf(of, actor.organizationId, [recordId])).get(recordId)!;
  }

  async remove(actor: Actor, of: CareTeamOf, recordId: string, userId: string): Promise<void> {
    await this.access.require(actor, RESOURCE[of], [recordId]);
    await this.db.run(async () => {
      if (!(await this.repository.remove(of, actor.organizationId, recordId, userId))) throw DomainError.notFound('Care team member');
      await this.touch(of, actor.organizationId, [recordId]);
    });
  }

  /**
   * Takes a staff member whose new role cannot hold a caseload off every care team, inside the
   * caller's transaction, so no caseload outlives the role that held it. Each record left moves its
   * updatedAt and version, as any care-team change does.
   */
  async leaveAllUnlessCaseloadRole(organizationId: string, userId: string, role: StaffRole): Promise<void> {
    if (isCaseloadRole(role)) return;
    for (const kind of ['client', 'couple'] as const) {
      await this.touch(kind, organizationId, await this.repository.removeEverywhere(kind, organizationId, userId));
    }
  }

  /** A care-team change is a change of the record: it moves updatedAt and version, so sync sees it. */
  private touch(of: CareTeamOf, organizationId: string, ids: string[]): Promise<void> {
    return of === 'client' ? this.clients.touch(organizationId, ids) : this.couples.touch(organizationId, ids);
  }
}
