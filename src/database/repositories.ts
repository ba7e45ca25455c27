import { Global, Module } from '@nestjs/common';
import { AccessRepository } from '../access/access.repository';
import { ApiKeysRepository } from '../api-keys/api-keys.repository';
import { AssignmentsRepository } from '../assignments/assignments.repository';
import { AuditRepository } from '../audit/audit.repository';
import { BoundariesRepository } from '../boundaries/boundaries.repository';
import { AuthSessionsRepository } from '../auth/auth-sessions.repository';
import { CareTeamsRepository } from '../care-teams/care-teams.repository';
import { ClientsRepository } from '../clients/clients.repository';
import { IdempotencyRepository } from '../common/idempotency/idempotency.repository';
import { CouplesRepository } from '../couples/couples.repository';
import { CommitmentsRepository } from '../commitments/commitments.repository';
import { EnrollmentEventsRepository } from '../enrollments/enrollment-events.repository';
import { EnrollmentsRepository } from '../enrollments/enrollments.repository';
import { ExercisesRepository } from '../exercises/exercises.repository';
import { GroupsRepository } from '../groups/groups.repository';
import { HealthRepository } from '../health/health.repository';
import { InstrumentsRepository } from '../instruments/instruments.repository';
import { MeasurementsRepository } from '../measurements/measurements.repository';
import { LoginThrottlesRepository } from '../auth/login-throttles.repository';
import { InstanceSettingsRepository } from '../secrets/instance-settings.repository';
import { OrganizationsRepository } from '../organizations/organizations.repository';
import { PortalAccountsRepository } from '../portal/portal-accounts.repository';
import { ProgramsRepository } from '../programs/programs.repository';
import { SafetyScreeningsRepository } from '../screenings/safety-screenings.repository';
import { EncryptedColumnsRepository } from '../notes/encrypted-columns.repository';
import { SessionAddendaRepository } from '../sessions/session-addenda.repository';
import { SessionsRepository } from '../sessions/sessions.repository';
import { StaffRepository } from '../staff/staff.repository';
import { SsoRepository } from '../sso/sso.repository';
import { ChangeEventsRepository } from '../events/change-events.repository';
import { WebhooksRepository } from '../webhooks/webhooks.repository';
import { JobQueueRepository } from '../webhooks/job-queue.repository';

/**
 * Every repository, provided once for the whole app: a feature injects its own and, for another
 * feature's table, that owner's (which tables a feature owns: `table-owners.ts`). Repositories
 * depend on nothing but the transaction context, so listing them here creates no module cycles.
 */
export const REPOSITORIES = [
  AccessRepository,
  ApiKeysRepository,
  AssignmentsRepository,
  AuditRepository,
  AuthSessionsRepository,
  PortalAccountsRepository,
  BoundariesRepository,
  CareTeamsRepository,
  ChangeEventsRepository,
  ClientsRepository,
  CommitmentsRepository,
  CouplesRepository,
  EncryptedColumnsRepository,
  EnrollmentEventsRepository,
  EnrollmentsRepository,
  ExercisesRepository,
  GroupsRepository,
  HealthRepository,
  IdempotencyRepository,
  InstrumentsRepository,
  InstanceSettingsRepository,
  JobQueueRepository,
  LoginThrottlesRepository,
  MeasurementsRepository,
  OrganizationsRepository,
  ProgramsRepository,
  SafetyScreeningsRepository,
  SessionAddendaRepository,
  SessionsRepository,
  SsoRepository,
  StaffRepository,
  WebhooksRepository,
];

@Global()
@Module({ providers: REPOSITORIES, exports: REPOSITORIES })
export class RepositoriesModule {}
