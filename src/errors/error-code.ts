/** Stable, documented codes that clients may branch on. Each maps to exactly one HTTP status. */
export enum ErrorCode {
  ValidationFailed = 'VALIDATION_FAILED',
  MalformedJson = 'MALFORMED_JSON',
  BadRequest = 'BAD_REQUEST',
  Unauthenticated = 'UNAUTHENTICATED',
  InvalidCredentials = 'INVALID_CREDENTIALS',
  Forbidden = 'FORBIDDEN',
  SignupDisabled = 'SIGNUP_DISABLED',
  NotFound = 'NOT_FOUND',
  RouteNotFound = 'ROUTE_NOT_FOUND',
  MethodNotAllowed = 'METHOD_NOT_ALLOWED',
  NotAcceptable = 'NOT_ACCEPTABLE',
  Conflict = 'CONFLICT',
  EmailTaken = 'EMAIL_TAKEN',
  ExternalIdTaken = 'EXTERNAL_ID_TAKEN',
  CoupleExists = 'COUPLE_EXISTS',
  LastOwner = 'LAST_OWNER',
  ProgramKeyReserved = 'PROGRAM_KEY_RESERVED',
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
  PreconditionFailed = 'PRECONDITION_FAILED',
  PayloadTooLarge = 'PAYLOAD_TOO_LARGE',
  UnsupportedMediaType = 'UNSUPPORTED_MEDIA_TYPE',
  IdempotencyKeyReused = 'IDEMPOTENCY_KEY_REUSED',
  RateLimited = 'RATE_LIMITED',
  Internal = 'INTERNAL_ERROR',
  ServiceUnavailable = 'SERVICE_UNAVAILABLE',
}

function assertUnreachable(value: never): never {
  throw new Error(`Unhandled error code: ${String(value)}`);
}

/** The one place a code becomes an HTTP status: a new code does not compile until it has one. */
export function statusOf(code: ErrorCode): number {
  switch (code) {
    case ErrorCode.ValidationFailed:
    case ErrorCode.MalformedJson:
    case ErrorCode.BadRequest:
      return 400;
    case ErrorCode.Unauthenticated:
    case ErrorCode.InvalidCredentials:
      return 401;
    case ErrorCode.Forbidden:
    case ErrorCode.SignupDisabled:
      return 403;
    case ErrorCode.NotFound:
    case ErrorCode.RouteNotFound:
      return 404;
    case ErrorCode.MethodNotAllowed:
      return 405;
    case ErrorCode.NotAcceptable:
      return 406;
    case ErrorCode.Conflict:
    case ErrorCode.EmailTaken:
    case ErrorCode.ExternalIdTaken:
    case ErrorCode.CoupleExists:
    case ErrorCode.LastOwner:
    case ErrorCode.ProgramKeyReserved:
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
      return 409;
    case ErrorCode.PreconditionFailed:
      return 412;
    case ErrorCode.PayloadTooLarge:
      return 413;
    case ErrorCode.UnsupportedMediaType:
      return 415;
    case ErrorCode.IdempotencyKeyReused:
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
