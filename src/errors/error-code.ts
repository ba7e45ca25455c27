/** Stable, documented codes that clients may branch on. Each maps to exactly one HTTP status. */
export enum ErrorCode {
  ValidationFailed = 'VALIDATION_FAILED',
  MalformedJson = 'MALFORMED_JSON',
  BadRequest = 'BAD_REQUEST',
  Unauthenticated = 'UNAUTHENTICATED',
  InvalidCredentials = 'INVALID_CREDENTIALS',
  Forbidden = 'FORBIDDEN',
  SignupDisabled = 'SIGNUP_DISABLED',
  SsoRequired = 'SSO_REQUIRED',
  NotFound = 'NOT_FOUND',
  RouteNotFound = 'ROUTE_NOT_FOUND',
  MethodNotAllowed = 'METHOD_NOT_ALLOWED',
  NotAcceptable = 'NOT_ACCEPTABLE',
  Conflict = 'CONFLICT',
  EmailTaken = 'EMAIL_TAKEN',
  OrganizationChoiceRequired = 'ORGANIZATION_CHOICE_REQUIRED',
  ExternalIdTaken = 'EXTERNAL_ID_TAKEN',
  CoupleExists = 'COUPLE_EXISTS',
  LastOwner = 'LAST_OWNER',
  ProgramKeyReserved = 'PROGRAM_KEY_RESERVED',
  InstrumentKeyReserved = 'INSTRUMENT_KEY_RESERVED',
  MeasurementSuperseded = 'MEASUREMENT_SUPERSEDED',
  SubjectArchived = 'SUBJECT_ARCHIVED',
  EnrollmentExists = 'ENROLLMENT_EXISTS',
  EnrollmentNotActive = 'ENROLLMENT_NOT_ACTIVE',
  EnrollmentEnded = 'ENROLLMENT_ENDED',
  EnrollmentIncomplete = 'ENROLLMENT_INCOMPLETE',
  StepAlreadyInState = 'STEP_ALREADY_IN_STATE',
  StepNotStarted = 'STEP_NOT_STARTED',
  GroupFull = 'GROUP_FULL',
  GroupClosed = 'GROUP_CLOSED',
  SessionOverlap = 'SESSION_OVERLAP',
  SafetyScreeningRequired = 'SAFETY_SCREENING_REQUIRED',
  SessionLocked = 'SESSION_LOCKED',
  SessionNotScheduled = 'SESSION_NOT_SCHEDULED',
  SessionNotCompleted = 'SESSION_NOT_COMPLETED',
  SessionNotStarted = 'SESSION_NOT_STARTED',
  ExerciseKeyReserved = 'EXERCISE_KEY_RESERVED',
  ExerciseKeyTaken = 'EXERCISE_KEY_TAKEN',
  ExerciseReadOnly = 'EXERCISE_READ_ONLY',
  ExerciseArchived = 'EXERCISE_ARCHIVED',
  GroupHasNoMembers = 'GROUP_HAS_NO_MEMBERS',
  AssignmentClosed = 'ASSIGNMENT_CLOSED',
  AssignmentAlreadyInState = 'ASSIGNMENT_ALREADY_IN_STATE',
  CommitmentArchived = 'COMMITMENT_ARCHIVED',
  CommitmentSuperseded = 'COMMITMENT_SUPERSEDED',
  OccurrenceInTheFuture = 'OCCURRENCE_IN_THE_FUTURE',
  OutcomeNotReported = 'OUTCOME_NOT_REPORTED',
  NoPartnerViewpoint = 'NO_PARTNER_VIEWPOINT',
  ReportsAfterRenegotiation = 'REPORTS_AFTER_RENEGOTIATION',
  NotAPartner = 'NOT_A_PARTNER',
  BoundaryRetired = 'BOUNDARY_RETIRED',
  BoundaryAlreadyRetired = 'BOUNDARY_ALREADY_RETIRED',
  BoundaryNotAgreed = 'BOUNDARY_NOT_AGREED',
  ChangesCursorExpired = 'CHANGES_CURSOR_EXPIRED',
  WebhookTargetRefused = 'WEBHOOK_TARGET_REFUSED',
  PortalEmailTaken = 'PORTAL_EMAIL_TAKEN',
  InvitationNotUsable = 'INVITATION_NOT_USABLE',
  PreconditionFailed = 'PRECONDITION_FAILED',
  PayloadTooLarge = 'PAYLOAD_TOO_LARGE',
  UnsupportedMediaType = 'UNSUPPORTED_MEDIA_TYPE',
  IdempotencyKeyReused = 'IDEMPOTENCY_KEY_REUSED',
  RateLimited = 'RATE_LIMITED',
  Internal = 'INTERNAL_ERROR',
  ServiceUnavailable = 'SERVICE_UNAVAILABLE',
}

/** What each code means, for the spec: a code does not compile until it is described here. */
export const ERROR_MEANINGS: Record<ErrorCode, string> = {
  [ErrorCode.ValidationFailed]: 'The input is invalid: `errors` names each field at fault and why.',
  [ErrorCode.MalformedJson]: 'The body is not valid JSON, or is declared JSON and empty.',
  [ErrorCode.BadRequest]: 'The request itself is malformed: its URL, a header or its length.',
  [ErrorCode.Unauthenticated]: 'No credential, or one that is unknown, expired or revoked.',
  [ErrorCode.InvalidCredentials]: 'The email or password is incorrect.',
  [ErrorCode.Forbidden]: 'The credential’s role may not do this.',
  [ErrorCode.SignupDisabled]: 'This installation does not accept new organizations.',
  [ErrorCode.SsoRequired]: 'The organization signs its staff in with single sign-on: passwords are refused, but for its break-glass owner.',
  [ErrorCode.NotFound]: 'The record, or one the request names, does not exist or is outside your organization or caseload.',
  [ErrorCode.RouteNotFound]: 'No route matches this path.',
  [ErrorCode.MethodNotAllowed]: 'The path exists but not with this method; `Allow` names the methods it has.',
  [ErrorCode.NotAcceptable]: 'None of the media types the `Accept` header allows can be given.',
  [ErrorCode.Conflict]: 'Conflicts with a concurrent request (an `Idempotency-Key` still in progress, a program version created at the same moment); retry.',
  [ErrorCode.EmailTaken]: 'A staff user of the organization already has this email; on signup, an active staff user of any organization of this installation has it (log in with it, or have an owner add you to another organization as staff).',
  [ErrorCode.OrganizationChoiceRequired]: 'The email and password are right for active staff of several organizations: `organizations` lists them; log in again naming one in `organizationId`.',
  [ErrorCode.ExternalIdTaken]: 'Another record of the organization already has this `externalId`; `clientId` or `coupleId` names it.',
  [ErrorCode.CoupleExists]: 'The two clients already form an open couple; `coupleId` names it.',
  [ErrorCode.LastOwner]: 'The organization must keep at least one active owner.',
  [ErrorCode.ProgramKeyReserved]: 'The key is a built-in program’s; `errors` names the field.',
  [ErrorCode.InstrumentKeyReserved]: 'The key is a built-in instrument’s; `errors` names the field.',
  [ErrorCode.MeasurementSuperseded]: 'The measurement has already been corrected: `supersededById` names the correction, which is the one to correct.',
  [ErrorCode.SubjectArchived]: 'The client or couple is archived; restore it first.',
  [ErrorCode.EnrollmentExists]: 'The subject already has an active or paused enrollment in this program; `enrollmentId` names it.',
  [ErrorCode.EnrollmentNotActive]: 'The enrollment is paused or ended: only an active one progresses.',
  [ErrorCode.EnrollmentEnded]: 'The enrollment is completed or withdrawn: enroll again to start over.',
  [ErrorCode.EnrollmentIncomplete]: 'Every step must be completed before the enrollment is.',
  [ErrorCode.StepAlreadyInState]: 'The step is already in the status asked for.',
  [ErrorCode.StepNotStarted]: 'The step has not been started: move it to `in_progress` first.',
  [ErrorCode.GroupFull]: 'The group has as many current members as its capacity allows; `capacity` says how many.',
  [ErrorCode.GroupClosed]: 'The group is closed or archived: it takes no new members or assignments.',
  [ErrorCode.SessionOverlap]: 'The lead is already booked at that time; `conflictingSessionId` names the session.',
  [ErrorCode.SafetyScreeningRequired]: 'A partner’s latest safety screening is `unsafe` or missing (`safetyStatus`): a joint session needs an override.',
  [ErrorCode.SessionLocked]: 'The session is completed and its note signed: add an addendum instead.',
  [ErrorCode.SessionNotScheduled]: 'The session is cancelled, a no-show or archived, not scheduled; `sessionStatus` says which.',
  [ErrorCode.SessionNotStarted]: 'The session has not started yet (`startsAt`): complete it once it has taken place.',
  [ErrorCode.SessionNotCompleted]: 'Addenda go on completed sessions; complete the session first.',
  [ErrorCode.ExerciseKeyReserved]: 'The key is a built-in exercise’s; `errors` names the field.',
  [ErrorCode.ExerciseKeyTaken]: 'The organization already has an exercise with this key; `errors` names the field.',
  [ErrorCode.ExerciseReadOnly]: 'Built-in exercises are neither changed nor archived.',
  [ErrorCode.ExerciseArchived]: 'The exercise is archived: restore it before assigning it.',
  [ErrorCode.GroupHasNoMembers]: 'The group has no current members to assign the exercise to.',
  [ErrorCode.AssignmentClosed]: 'The assignment is completed or skipped and no longer changes; `assignmentStatus` says which.',
  [ErrorCode.AssignmentAlreadyInState]: 'The assignment is already in the status asked for (`assignmentStatus`).',
  [ErrorCode.CommitmentArchived]: 'The commitment is archived: restore it before recording outcomes.',
  [ErrorCode.CommitmentSuperseded]: 'The commitment was renegotiated into a new version: its renegotiated report is final and it can’t be renegotiated again; change the new version.',
  [ErrorCode.OccurrenceInTheFuture]: 'The occurrence is after today in the commitment’s time zone: outcomes are recorded on the day or later.',
  [ErrorCode.OutcomeNotReported]: 'The partner’s confirmation or dispute answers the committer’s report, and none is recorded for this occurrence yet.',
  [ErrorCode.NoPartnerViewpoint]: 'A client’s commitment to themselves has no other partner to confirm or dispute it.',
  [ErrorCode.ReportsAfterRenegotiation]: 'Reports are recorded for later occurrences: renegotiate at the last reported occurrence or later.',
  [ErrorCode.NotAPartner]: 'The client named is not a partner of the couple: the boundary’s, or the one a measurement is for.',
  [ErrorCode.BoundaryRetired]: 'The boundary is retired: it takes no new text, agreements or breaches.',
  [ErrorCode.BoundaryAlreadyRetired]: 'The boundary is already retired.',
  [ErrorCode.BoundaryNotAgreed]: 'The boundary is only proposed: a breach is recorded against an agreed boundary.',
  [ErrorCode.ChangesCursorExpired]: 'The changes after this cursor are past the feed’s retention (30 days) and deleted: resync (read the collections again), then follow the feed from a fresh cursor.',
  [ErrorCode.WebhookTargetRefused]: 'The webhook URL is refused: not HTTP(S), credentials in it, or a host that is or resolves to a loopback, private, link-local, shared, multicast or metadata address.',
  [ErrorCode.PreconditionFailed]: 'The `If-Match` version is stale: the record has changed since.',
  [ErrorCode.PayloadTooLarge]: 'The body is too large.',
  [ErrorCode.UnsupportedMediaType]: 'The body is not `application/json`.',
  [ErrorCode.IdempotencyKeyReused]: 'The `Idempotency-Key` was used with another request or by another credential.',
  [ErrorCode.RateLimited]: 'Too many attempts; retry after `Retry-After` seconds.',
  [ErrorCode.PortalEmailTaken]: 'Another client of the organization signs in to the portal with this e-mail address.',
  [ErrorCode.InvitationNotUsable]: 'The portal invitation is unknown, already accepted, replaced, withdrawn or expired: ask for a new one.',
  [ErrorCode.Internal]: 'An unexpected error; quote the `requestId` when reporting it.',
  [ErrorCode.ServiceUnavailable]: 'The database or the audit trail can’t take the request now, or TrustPath is shutting down; retry after `Retry-After` seconds.',
};

function assertUnreachable(value: never): never {
  throw new Error(`Unhandled error code: ${String(value)}`);
}

/** The one place a code becomes an HTTP status: a new code does not compile until it has one. */
export function statusOf(code: ErrorCode): number {
  switch (code) {
    case ErrorCode.ValidationFailed:
    case ErrorCode.MalformedJson:
    case ErrorCode.BadRequest:
    case ErrorCode.InvitationNotUsable:
      return 400;
    case ErrorCode.Unauthenticated:
    case ErrorCode.InvalidCredentials:
      return 401;
    case ErrorCode.Forbidden:
    case ErrorCode.SignupDisabled:
    case ErrorCode.SsoRequired:
      return 403;
    case ErrorCode.NotFound:
    case ErrorCode.RouteNotFound:
    case ErrorCode.NotAPartner:
      return 404;
    case ErrorCode.MethodNotAllowed:
      return 405;
    case ErrorCode.NotAcceptable:
      return 406;
    case ErrorCode.Conflict:
    case ErrorCode.EmailTaken:
    case ErrorCode.OrganizationChoiceRequired:
    case ErrorCode.ExternalIdTaken:
    case ErrorCode.CoupleExists:
    case ErrorCode.LastOwner:
    case ErrorCode.ProgramKeyReserved:
    case ErrorCode.InstrumentKeyReserved:
    case ErrorCode.MeasurementSuperseded:
    case ErrorCode.SubjectArchived:
    case ErrorCode.EnrollmentExists:
    case ErrorCode.EnrollmentNotActive:
    case ErrorCode.EnrollmentEnded:
    case ErrorCode.EnrollmentIncomplete:
    case ErrorCode.StepAlreadyInState:
    case ErrorCode.StepNotStarted:
    case ErrorCode.GroupFull:
    case ErrorCode.GroupClosed:
    case ErrorCode.SessionOverlap:
    case ErrorCode.SafetyScreeningRequired:
    case ErrorCode.SessionLocked:
    case ErrorCode.SessionNotScheduled:
    case ErrorCode.SessionNotCompleted:
    case ErrorCode.SessionNotStarted:
    case ErrorCode.ExerciseKeyReserved:
    case ErrorCode.ExerciseKeyTaken:
    case ErrorCode.ExerciseReadOnly:
    case ErrorCode.ExerciseArchived:
    case ErrorCode.GroupHasNoMembers:
    case ErrorCode.AssignmentClosed:
    case ErrorCode.AssignmentAlreadyInState:
    case ErrorCode.CommitmentArchived:
    case ErrorCode.CommitmentSuperseded:
    case ErrorCode.OccurrenceInTheFuture:
    case ErrorCode.OutcomeNotReported:
    case ErrorCode.NoPartnerViewpoint:
    case ErrorCode.ReportsAfterRenegotiation:
    case ErrorCode.BoundaryRetired:
    case ErrorCode.BoundaryAlreadyRetired:
    case ErrorCode.BoundaryNotAgreed:
    case ErrorCode.PortalEmailTaken:
      return 409;
    case ErrorCode.ChangesCursorExpired:
      return 410;
    case ErrorCode.PreconditionFailed:
      return 412;
    case ErrorCode.PayloadTooLarge:
      return 413;
    case ErrorCode.UnsupportedMediaType:
      return 415;
    case ErrorCode.IdempotencyKeyReused:
    case ErrorCode.WebhookTargetRefused:
      return 422;
    case ErrorCode.RateLimited:
      return 429;
    case ErrorCode.Internal:
      return 500;
    case ErrorCode.ServiceUnavailable:
      return 503;
    default:
      return assertUnreachable(code);
  }
}

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  409: 'Conflict',
  410: 'Gone',
  412: 'Precondition Failed',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  428: 'Precondition Required',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export function titleOf(status: number): string {
  return TITLES[status] ?? (status >= 500 ? 'Server Error' : 'Client Error');
}

export function problemTypeOf(code: string): string {
  return `urn:trustpath:problem:${code.toLowerCase().replace(/_/g, '-')}`;
}
