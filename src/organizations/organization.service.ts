import { Injectable } from '@nestjs/common';
import { Actor } from '../auth/actor';
import { IfMatch, ifMatchAllows } from '../common/concurrency';
import { Transactions } from '../database/transactions';
import { DomainError } from '../errors/domain-error';
import { ErrorCode } from '../errors/error-code';
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

  /** Locks the row, checks If-Match, and writes only what differs (a repeat keeps the version). */
  update(actor: Actor, dto: UpdateOrganizationDto, ifMatch?: IfMatch): Promise<OrganizationDto> {
    return this.db.run(async () => {
      const current = await this.repository.lock(actor.organizationId);
      if (ifMatch !== undefined && !ifMatchAllows(ifMatch, current.version)) {
        throw new DomainError(ErrorCode.PreconditionFailed, 'The organization has changed since the version in If-Match; fetch it again and reapply the change.');
      }
      const changes: { name?: string; timeZone?: string } = {};
      if (dto.name !== undefined && dto.name !== current.name) changes.name = dto.name;
      if (dto.timeZone !== undefined && dto.timeZone !== current.timeZone) changes.timeZone = dto.timeZone;
      if (Object.keys(changes).length > 0) await this.repository.update(actor.organizationId, changes);
      return toOrganizationDto(await this.repository.findOrFail(actor.organizationId));
    });
  }
}
