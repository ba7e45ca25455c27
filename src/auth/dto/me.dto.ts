import { ApiProperty } from '@nestjs/swagger';
import type { ApiKeyRow } from '../../api-keys/api-keys.repository';
import { ApiKeyDto, toApiKeyDto } from '../../api-keys/dto/api-key.dto';
import { Union } from '../../http/unions';
import { OrganizationDto, toOrganizationDto } from '../../organizations/dto/organization.dto';
import type { OrganizationRow } from '../../organizations/organizations.repository';
import { StaffUserDto, toStaffUserDto } from '../../staff/dto/staff.dto';
import type { StaffUserRow } from '../../staff/staff.repository';
import { API_KEY_ROLES, ApiKeyRole, Permission, ROLE_PERMISSIONS, STAFF_ROLES, StaffRole } from '../permissions';

/** What every credential is told about itself. */
export abstract class MeBaseDto {
  /** Everything this credential's role may do. */
  @ApiProperty({ enum: Permission, enumName: 'Permission', isArray: true })
  permissions!: Permission[];
  organization!: OrganizationDto;
}

/** A staff user, signed in with a bearer token. */
export class MeUserDto extends MeBaseDto {
  @ApiProperty({ enum: ['user'] })
  kind!: 'user';
  @ApiProperty({ enum: STAFF_ROLES })
  role!: StaffRole;
  user!: StaffUserDto;
}

/** Clinic software, with an API key. */
export class MeApiKeyDto extends MeBaseDto {
  @ApiProperty({ enum: ['apiKey'] })
  kind!: 'apiKey';
  @ApiProperty({ enum: API_KEY_ROLES })
  role!: ApiKeyRole;
  apiKey!: ApiKeyDto;
}

/** Who the credential belongs to, by `kind`: a staff user (with `user`) or an API key (with `apiKey`). */
export type MeDto = MeUserDto | MeApiKeyDto;
export const ME_VARIANTS = Union.byProperty('kind', { user: MeUserDto, apiKey: MeApiKeyDto });

/** The credential's own row (the staff user or the API key) says its role. */
export function toMeDto(organization: OrganizationRow, credential: { user: StaffUserRow } | { apiKey: ApiKeyRow }): MeDto {
  const permissionsOf = (role: StaffRole | ApiKeyRole) => [...ROLE_PERMISSIONS[role]].sort();
  const organizationDto = toOrganizationDto(organization);
  if ('user' in credential) {
    const { user } = credential;
    return { kind: 'user', role: user.role, permissions: permissionsOf(user.role), organization: organizationDto, user: toStaffUserDto(user) };
  }
  const { apiKey } = credential;
  return { kind: 'apiKey', role: apiKey.role, permissions: permissionsOf(apiKey.role), organization: organizationDto, apiKey: toApiKeyDto(apiKey) };
}
