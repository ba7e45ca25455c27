import { Module } from '@nestjs/common';
import { OrganizationsRepository } from './organizations.repository';

/** The tenants themselves: signup creates one, and every credential names its own. */
@Module({ providers: [OrganizationsRepository], exports: [OrganizationsRepository] })
export class OrganizationsModule {}
