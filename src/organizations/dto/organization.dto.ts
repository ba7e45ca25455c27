import { Organization } from '../organization.entity';

export class OrganizationDto {
  id!: string;
  name!: string;
  createdAt!: Date;
  updatedAt!: Date;
  version!: number;
}

export function toOrganizationDto(organization: Organization): OrganizationDto {
  return {
    id: organization.id,
    name: organization.name,
    createdAt: organization.createdAt,
    updatedAt: organization.updatedAt,
    version: organization.version,
  };
}
