import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ApiKey } from '../api-keys/api-key.entity';
import { toApiKeyDto } from '../api-keys/dto/api-key.dto';
import { toOrganizationDto } from '../organizations/dto/organization.dto';
import { Organization } from '../organizations/organization.entity';
import { toStaffUserDto } from '../staff/dto/staff.dto';
import { StaffUser } from '../staff/staff-user.entity';
import { Actor } from './actor';
import { MeDto } from './dto/me.dto';
import { ROLE_PERMISSIONS } from './permissions';

/** Who a credential belongs to. */
@Injectable()
export class MeService {
  constructor(private readonly dataSource: DataSource) {}

  async describe(actor: Actor): Promise<MeDto> {
    const where = { organizationId: actor.organizationId, id: actor.id };
    const [organization, user, apiKey] = await Promise.all([
      this.dataSource.getRepository(Organization).findOneByOrFail({ id: actor.organizationId }),
      actor.kind === 'user' ? this.dataSource.getRepository(StaffUser).findOneByOrFail(where) : undefined,
      actor.kind === 'apiKey' ? this.dataSource.getRepository(ApiKey).findOneByOrFail(where) : undefined,
    ]);
    return {
      kind: actor.kind,
      role: actor.role,
      permissions: [...ROLE_PERMISSIONS[actor.role]].sort(),
      organization: toOrganizationDto(organization),
      ...(user ? { user: toStaffUserDto(user) } : {}),
      ...(apiKey ? { apiKey: toApiKeyDto(apiKey) } : {}),
    };
  }
}
