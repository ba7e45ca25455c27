import { Injectable } from '@nestjs/common';
import { Actor } from '../auth/actor';
import { IfMatch } from '../common/concurrency';
import { Transactions } from '../database/transactions';
import { OrganizationDto, toOrganizationDto, UpdateOrganizationDto } from './dto/organization.dto';
import { OrganizationsRepository } from './organizations.repository';

/** The actor's own organization: its settings, read by every credential and changed by owners and admins. */
@Injectable()
export class OrganizationService {
  constructor(
    private readonly db: Transactions,
    private readonly repository: OrganizationsRepository,
  ) {}

  async get(actor: Actor): Promise<OrganizationDto> {
    return toOrganizationDto(await this.repository.findOrFail(actor.organizationId));
  }

  /** Writes only what differs, under If-Match (a repeat keeps the version). */
  update(actor: Actor, dto: UpdateOrganizationDto, ifMatch?: IfMatch): Promise<OrganizationDto> {
    const target = { resource: 'Organization', organizationId: actor.organizationId, id: actor.organizationId, ifMatch };
    return this.db.run(async () => toOrganizationDto(await this.repository.update(target, { name: dto.name, timeZone: dto.timeZone })));
  }
}
