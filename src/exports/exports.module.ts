import { Module } from '@nestjs/common';
import { AssignmentsModule } from '../assignments/assignments.module';
import { BoundariesModule } from '../boundaries/boundaries.module';
import { ClientsModule } from '../clients/clients.module';
import { CommitmentsModule } from '../commitments/commitments.module';
import { CouplesModule } from '../couples/couples.module';
import { EnrollmentsModule } from '../enrollments/enrollments.module';
import { ExercisesModule } from '../exercises/exercises.module';
import { GroupsModule } from '../groups/groups.module';
import { InstrumentsModule } from '../instruments/instruments.module';
import { MeasurementsModule } from '../measurements/measurements.module';
import { OrganizationsModule } from '../organizations/organizations.module';
import { ProgramsModule } from '../programs/programs.module';
import { ScreeningsModule } from '../screenings/screenings.module';
import { SessionsModule } from '../sessions/sessions.module';
import { StaffModule } from '../staff/staff.module';
import { ExportsController } from './exports.controller';
import { OrganizationExportService } from './organization-export.service';
import { SubjectExportsService } from './subject-exports.service';

/** Exports: a couple's or a client's whole record as one document, and the whole organization as a stream. */
@Module({
  imports: [
    OrganizationsModule,
    StaffModule,
    ClientsModule,
    CouplesModule,
    ScreeningsModule,
    ProgramsModule,
    EnrollmentsModule,
    GroupsModule,
    SessionsModule,
    ExercisesModule,
    AssignmentsModule,
    CommitmentsModule,
    BoundariesModule,
    InstrumentsModule,
    MeasurementsModule,
  ],
  controllers: [ExportsController],
  providers: [SubjectExportsService, OrganizationExportService],
})
export class ExportsModule {}
