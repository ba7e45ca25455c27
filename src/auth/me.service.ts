import { Injectable } from '@nestjs/common';
import { ApiKeysRepository } from '../api-keys/api-keys.repository';
import { OrganizationsRepository } from '../organizations/organizations.repository';
import { StaffRepository } from '../staff/staff.repository';
import { Actor } from './actor';
import { MeDto, toMeDto } from './dto/me.dto';

/** Who a credential belongs to. */
@Injectable()
export class MeService {
  constructor(
    private readonly organizations: OrganizationsRepository,
    private readonly staff: StaffRepository,
    private readonly apiKeys: ApiKeysRepository,
  ) {}

  async describe(actor: Actor): Promise<MeDto> {
    const [organization, credential] = await Promise.all([
      this.organizations.findOrFail(actor.organizationId),
      actor.kind === 'user'
        ? this.staff.findOrFail(actor.organizationId, actor.id).then((user) => ({ user }))
        : this.apiKeys.findOrFail(actor.organizationId, actor.id).then((apiKey) => ({ apiKey })),
    ]);
    return toMeDto(organization, credential);
  }
}
