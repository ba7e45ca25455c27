import { Injectable } from '@nestjs/common';
import { ApiKeysRepository } from '../api-keys/api-keys.repository';
import { DomainError } from '../errors/domain-error';
import { StaffRepository } from '../staff/staff.repository';
import { Actor } from './actor';
import { MeDto, toMeDto } from './dto/me.dto';

/** Who a credential belongs to. */
@Injectable()
export class MeService {
  constructor(
    private readonly staff: StaffRepository,
    private readonly apiKeys: ApiKeysRepository,
  ) {}

  /** The credential and its organization, in one statement. */
  async describe(actor: Actor): Promise<MeDto> {
    const found =
      actor.kind === 'user' ? await this.staff.findWithOrganization(actor.organizationId, actor.id) : await this.apiKeys.findWithOrganization(actor.organizationId, actor.id);
    if (!found) throw DomainError.notFound(actor.kind === 'user' ? 'Staff user' : 'API key');
    return toMeDto(found.organization, 'user' in found ? { user: found.user } : { apiKey: found.apiKey });
  }
}
