import { DynamicModule, Global, Module, Provider } from '@nestjs/common';
import { APP_FILTER, APP_INTERCEPTOR } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { isPermanentConnectError } from './database/wait-for-database';
import { ETagInterceptor } from './common/concurrency';
import { IdempotencyKeys, WriteTransactionInterceptor } from './common/idempotency';
import { AppConfig } from './config/app-config';
import { dataSourceOptions } from './database/data-source-options';
import { ProblemFilter } from './errors/problem.filter';
import { LocationInterceptor } from './http/location.interceptor';
import { RouteMethods } from './http/route-methods';
import { AccessModule } from './access/access.module';
import { ContextModule } from './context/context.module';
import { RepositoriesModule } from './database/repositories';
import { ApiKeysModule } from './api-keys/api-keys.module';
import { BoundariesModule } from './boundaries/boundaries.module';
import { AssignmentsModule } from './assignments/assignments.module';
import { AuditModule } from './audit/audit.module';
import { AuthModule } from './auth/auth.module';
import { ClientsModule } from './clients/clients.module';
import { CouplesModule } from './couples/couples.module';
import { ScreeningsModule } from './screenings/screenings.module';
import { EnrollmentsModule } from './enrollments/enrollments.module';
import { ExercisesModule } from './exercises/exercises.module';
import { HealthModule } from './health/health.module';
import { ProgramsModule } from './programs/programs.module';
import { SecretsModule } from './secrets/secrets.module';
import { GroupsModule } from './groups/groups.module';
import { SessionsModule } from './sessions/sessions.module';
import { StaffModule } from './staff/staff.module';
import { OrganizationsModule } from './organizations/organizations.module';
import { CommitmentsModule } from './commitments/commitments.module';
import { ReliabilityModule } from './reliability/reliability.module';
import { ReportsModule } from './reports/reports.module';
import { InstrumentsModule } from './instruments/instruments.module';
import { MeasurementsModule } from './measurements/measurements.module';
import { PortalModule } from './portal/portal.module';
import { SsoModule } from './sso/sso.module';
import { ExportsModule } from './exports/exports.module';
import { EventsModule } from './events/events.module';
import { WebhooksModule } from './webhooks/webhooks.module';

@Global()
@Module({})
export class ConfigModule {
  static of(config: AppConfig): DynamicModule {
    return { module: ConfigModule, providers: [{ provide: AppConfig, useValue: config }], exports: [AppConfig] };
  }
}

/**
 * What every route gets: problem+json errors, an ETag on each single-resource response, one
 * transaction per authenticated write holding its audit event and Idempotency-Key answer, and a
 * Location on each 201 of a record with its own GET (inside the transaction, so it is stored too).
 */
export const GLOBAL_ENHANCERS: Provider[] = [
  { provide: APP_FILTER, useClass: ProblemFilter },
  { provide: APP_INTERCEPTOR, useClass: ETagInterceptor },
  { provide: APP_INTERCEPTOR, useClass: WriteTransactionInterceptor },
  { provide: APP_INTERCEPTOR, useClass: LocationInterceptor },
  IdempotencyKeys,
  RouteMethods,
];

/** The feature modules; the OpenAPI generator reads the same list without a database. */
export const FEATURE_MODULES = [
  ContextModule,
  RepositoriesModule,
  SecretsModule,
  AccessModule,
  AuditModule,
  AuthModule,
  HealthModule,
  StaffModule,
  ApiKeysModule,
  ClientsModule,
  CouplesModule,
  ScreeningsModule,
  ProgramsModule,
  EnrollmentsModule,
  GroupsModule,
  SessionsModule,
  ExercisesModule,
  AssignmentsModule,
  OrganizationsModule,
  CommitmentsModule,
  BoundariesModule,
  ReliabilityModule,
  ReportsModule,
  InstrumentsModule,
  MeasurementsModule,
  SsoModule,
  ExportsModule,
  EventsModule,
  WebhooksModule,
  PortalModule,
];

@Module({})
export class AppModule {
  static forRoot(config: AppConfig, databaseUrl: string, poolSize = config.DATABASE_POOL_SIZE): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.of(config),
        TypeOrmModule.forRoot({
          ...dataSourceOptions(databaseUrl, poolSize, config.DATABASE_SSL, {
            statementMs: config.DATABASE_STATEMENT_TIMEOUT_MS,
            lockMs: config.DATABASE_LOCK_TIMEOUT_MS,
            acquireMs: config.DATABASE_ACQUIRE_TIMEOUT_MS,
          }),
          // Start-up has already reached the database (waitForDatabase, which says why it waits):
          // only a transient failure in the moment since (a connection cut) is tried again, briefly.
          toRetry: (error: unknown) => !isPermanentConnectError(error),
          retryAttempts: 3,
          retryDelay: 500,
        }),
        ...FEATURE_MODULES,
      ],
      providers: GLOBAL_ENHANCERS,
    };
  }
}
