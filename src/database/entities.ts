import { ApiKey } from '../api-keys/api-key.entity';
import { Assignment } from '../assignments/assignment.entity';
import { AuditEvent } from '../audit/audit-event.entity';
import { AuthSession } from '../auth/entities/auth-session.entity';
import { PortalAccount } from '../portal/entities/portal-account.entity';
import { PortalInvitation } from '../portal/entities/portal-invitation.entity';
import { InstanceSetting } from '../secrets/instance-setting.entity';
import { LoginThrottle } from '../auth/entities/login-throttle.entity';
import { RefreshToken } from '../auth/entities/refresh-token.entity';
import { ClientCareTeamMember, CoupleCareTeamMember } from '../care-teams/care-team-member.entity';
import { BoundaryAgreementRecord } from '../boundaries/boundary-agreement.entity';
import { BoundaryBreach } from '../boundaries/boundary-breach.entity';
import { BoundaryVersion } from '../boundaries/boundary-version.entity';
import { Boundary } from '../boundaries/boundary.entity';
import { SsoConnection } from '../sso/sso-connection.entity';
import { SsoSignIn } from '../sso/sso-sign-in.entity';
import { Client } from '../clients/client.entity';
import { ClientNameVocabularyWord, ClientNameWord } from '../clients/client-name-word.entity';
import { IdempotencyKey } from '../common/idempotency/idempotency-key.entity';
import { Couple } from '../couples/couple.entity';
import { CommitmentOutcome } from '../commitments/commitment-outcome.entity';
import { Commitment } from '../commitments/commitment.entity';
import { EnrollmentEvent } from '../enrollments/enrollment-event.entity';
import { EnrollmentPracticeTick } from '../enrollments/enrollment-practice-tick.entity';
import { EnrollmentStep } from '../enrollments/enrollment-step.entity';
import { Enrollment } from '../enrollments/enrollment.entity';
import { Exercise } from '../exercises/exercise.entity';
import { GroupMember } from '../groups/group-member.entity';
import { Group } from '../groups/group.entity';
import { Organization } from '../organizations/organization.entity';
import { Program } from '../programs/program.entity';
import { Instrument } from '../instruments/instrument.entity';
import { Measurement } from '../measurements/measurement.entity';
import { SafetyScreening } from '../screenings/safety-screening.entity';
import { SessionAddendum } from '../sessions/session-addendum.entity';
import { TherapySession } from '../sessions/therapy-session.entity';
import { StaffUser } from '../staff/staff-user.entity';
import { ChangeEvent, ChangeFeedHead } from '../events/change-event.entity';
import { Webhook, WebhookDelivery, WebhookDeliveryAttempt } from '../webhooks/webhook.entity';

/** Every TypeORM entity, listed once so the app, the migration CLI and tests agree. */
export const ENTITIES: Function[] = [
  Organization,
  StaffUser,
  AuthSession,
  RefreshToken,
  PortalAccount,
  PortalInvitation,
  LoginThrottle,
  InstanceSetting,
  ApiKey,
  AuditEvent,
  IdempotencyKey,
  Client,
  ClientNameWord,
  ClientNameVocabularyWord,
  Couple,
  ClientCareTeamMember,
  CoupleCareTeamMember,
  SafetyScreening,
  Program,
  Enrollment,
  EnrollmentStep,
  EnrollmentPracticeTick,
  EnrollmentEvent,
  Group,
  GroupMember,
  TherapySession,
  SessionAddendum,
  Commitment,
  CommitmentOutcome,
  Exercise,
  Assignment,
  Boundary,
  BoundaryVersion,
  BoundaryAgreementRecord,
  BoundaryBreach,
  Instrument,
  Measurement,
  SsoConnection,
  SsoSignIn,
  ChangeEvent,
  ChangeFeedHead,
  Webhook,
  WebhookDelivery,
  WebhookDeliveryAttempt,
];
