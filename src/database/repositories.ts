import { Global, Module } from '@nestjs/common';
import { AccessRepository } from '../access/access.repository';
import { CareTeamsRepository } from '../care-teams/care-teams.repository';
import { ClientsRepository } from '../clients/clients.repository';
import { CouplesRepository } from '../couples/couples.repository';
import { SafetyScreeningsRepository } from '../screenings/safety-screenings.repository';
import { StaffRepository } from '../staff/staff.repository';

/**
 * Every repository, provided once for the whole app: a feature injects its own and, for another
 * feature's table, that owner's (which tables a feature owns: `table-owners.ts`). Repositories
 * depend on nothing but the transaction context, so listing them here creates no module cycles.
 */
export const REPOSITORIES = [
  AccessRepository,
  StaffRepository,
  ClientsRepository,
  CouplesRepository,
  CareTeamsRepository,
  SafetyScreeningsRepository,
];

@Global()
@Module({ providers: REPOSITORIES, exports: REPOSITORIES })
export class RepositoriesModule {}
