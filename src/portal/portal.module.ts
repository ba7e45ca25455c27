import { AssignmentsModule } from '../assignments/assignments.module';
import { BoundariesModule } from '../boundaries/boundaries.module';
import { CommitmentsModule } from '../commitments/commitments.module';
import { EnrollmentsModule } from '../enrollments/enrollments.module';
import { MeasurementsModule } from '../measurements/measurements.module';
import { Module } from '@nestjs/common';
import { InvitationMailer } from './invitation-mailer';
import { PortalAccessController } from './portal-access.controller';
import { PortalAccessService } from './portal-access.service';
import { PortalCareController } from './portal-care.controller';
import { PortalCareService } from './portal-care.service';
import { PortalAuthService } from './portal-auth.service';
import { PortalController } from './portal.controller';
import { PortalSelfService } from './portal-self.service';
import { PortalAuthController } from './sign-in/portal-auth.controller';
import { PortalLoginGuard } from './sign-in/portal-login.guard';
import { PortalPasswordStrategy } from './sign-in/portal-password.strategy';

/** The client portal: staff's invitations and revocation, the client's sign-in, and the client's own routes. */
@Module({
  imports: [AssignmentsModule, BoundariesModule, CommitmentsModule, EnrollmentsModule, MeasurementsModule],
  controllers: [PortalAccessController, PortalAuthController, PortalController, PortalCareController],
  providers: [InvitationMailer, PortalAccessService, PortalAuthService, PortalPasswordStrategy, PortalLoginGuard, PortalSelfService, PortalCareService],
})
export class PortalModule {}
