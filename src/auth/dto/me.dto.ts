import { ApiKey } from '../../api-keys/api-key.entity';
import { ApiKeyDto, toApiKeyDto } from '../../api-keys/dto/api-key.dto';
import { OrganizationDto, toOrganizationDto } from '../../organizations/dto/organization.dto';
import { Organization } from '../../organizations/organization.entity';
import { StaffUserDto, toStaffUserDto } from '../../staff/dto/staff.dto';
import { StaffUser } from '../../staff/staff-user.entity';
import { Actor } from '../actor';
import { Permission, Role, ROLE_PERMISSIONS } from '../permissions';

export class MeDto {
  /** A staff user (bearer token) or an API key. */
  kind!: 'user' | 'apiKey';
  role!: Role;
  /** Everything this credential's role may do. */
  permissions!: Permission[];
  organization!: OrganizationDto;
  user?: StaffUserDto;
  apiKey?: ApiKeyDto;
}

export function toMeDto(actor: Actor, organization: Organization, user?: StaffUser, apiKey?: ApiKey): MeDto {
  return {
    kind: actor.kind,
    role: actor.role,
    permissions: [...ROLE_PERMISSIONS[actor.role]].sort(),
    organization: toOrganizationDto(organization),
    ...(user ? { user: toStaffUserDto(user) } : {}),
    ...(apiKey ? { apiKey: toApiKeyDto(apiKey) } : {}),
  };
}
