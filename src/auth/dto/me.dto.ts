import { ApiKeyDto } from '../../api-keys/dto/api-key.dto';
import { OrganizationDto } from '../../organizations/dto/organization.dto';
import { StaffUserDto } from '../../staff/dto/staff.dto';
import { Permission, Role } from '../permissions';

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
