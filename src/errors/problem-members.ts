import { ASSIGNMENT_STATUSES } from '../assignments/assignment-transitions';
import { SESSION_STATUSES } from '../sessions/therapy-session.entity';
import type { FieldError } from './domain-error';
import { ErrorCode } from './error-code';

/** One member a problem may carry beside the standard ones: its schema in the spec, and its type. */
export interface ProblemMember<T> {
  readonly schema: Record<string, unknown>;
  /** Only for the compiler: the member's type in a DomainError. */
  readonly type?: T;
}

const uuid = (description: string): ProblemMember<string> => ({ schema: { type: 'string', format: 'uuid', description } });
const integer = (description: string): ProblemMember<number> => ({ schema: { type: 'integer', description } });
const oneOf = <T extends string>(values: readonly T[], description: string): ProblemMember<T> => ({
  schema: { type: 'string', enum: [...values], description },
});
const fieldErrors: ProblemMember<FieldError[]> = {
  schema: {
    type: 'array',
    description: 'Each field at fault and what is wrong with it.',
    items: {
      type: 'object',
      required: ['field', 'message'],
      properties: {
        field: { type: 'string', description: 'The field’s path in the request, such as `note.plan` or `partners[0].id`.', example: 'note.plan' },
        message: { type: 'string', example: 'must be longer than or equal to 1 characters' },
      },
    },
  },
};

const supersededByMember = uuid('What superseded it: the new version a renegotiation made (`COMMITMENT_SUPERSEDED`), or the measurement that corrected it (`MEASUREMENT_SUPERSEDED`).');

const coupleIdMember = uuid('The couple the refusal is about: the open couple the two clients already form (`COUPLE_EXISTS`), or the couple that holds the externalId (`EXTERNAL_ID_TAKEN`).');

/**
 * The members each code's problem may carry beside the standard ones (`type`, `title`, `status`,
 * `detail`, `code`, `requestId`). The spec's Problem schema is built from this map, and a
 * DomainError compiles only with the members its code has here, so no problem carries one the
 * spec does not describe.
 */
export const PROBLEM_MEMBERS = {
  [ErrorCode.ValidationFailed]: { errors: fieldErrors },
  [ErrorCode.ProgramKeyReserved]: { errors: fieldErrors },
  [ErrorCode.InstrumentKeyReserved]: { errors: fieldErrors },
  [ErrorCode.ExerciseKeyReserved]: { errors: fieldErrors },
  [ErrorCode.ExerciseKeyTaken]: { errors: fieldErrors },
  [ErrorCode.NotFound]: { partnerId: uuid('On a new couple: the partner id (in `partnerIds`) that is unknown or out of reach.') },
  [ErrorCode.ExternalIdTaken]: {
    clientId: uuid('The client that holds the externalId (on clients).'),
    coupleId: coupleIdMember,
  },
  [ErrorCode.CoupleExists]: { coupleId: coupleIdMember },
  [ErrorCode.OrganizationChoiceRequired]: {
    organizations: {
      schema: {
        type: 'array',
        description: 'The organizations whose active staff the email and password are right for, by name; send one `id` as `organizationId`.',
        items: {
          type: 'object',
          required: ['id', 'name'],
          additionalProperties: false,
          properties: { id: { type: 'string', format: 'uuid' }, name: { type: 'string', example: 'Harbor Counseling' } },
        },
      },
    } as ProblemMember<{ id: string; name: string }[]>,
  },
  [ErrorCode.EnrollmentExists]: { enrollmentId: uuid('The subject’s active or paused enrollment in the program.') },
  [ErrorCode.GroupFull]: { capacity: integer('How many current members the group takes.') },
  [ErrorCode.SessionOverlap]: { conflictingSessionId: uuid('The lead’s session that overlaps the time asked for.') },
  [ErrorCode.SafetyScreeningRequired]: {
    safetyStatus: oneOf(['unsafe', 'missing'] as const, 'Why the couple may not meet jointly: a partner’s latest screening is unsafe, or missing.'),
  },
  [ErrorCode.SessionNotStarted]: { startsAt: { schema: { type: 'string', format: 'date-time', description: 'When the session starts.' } } as ProblemMember<string> },
  [ErrorCode.SessionNotScheduled]: { sessionStatus: oneOf(SESSION_STATUSES, 'The session’s status (`scheduled` when it is archived).') },
  [ErrorCode.AssignmentClosed]: { assignmentStatus: oneOf(ASSIGNMENT_STATUSES, 'The assignment’s status.') },
  [ErrorCode.AssignmentAlreadyInState]: { assignmentStatus: oneOf(ASSIGNMENT_STATUSES, 'The assignment’s status.') },
  [ErrorCode.CommitmentSuperseded]: { supersededById: supersededByMember },
  [ErrorCode.MeasurementSuperseded]: { supersededById: supersededByMember },
} as const satisfies Partial<Record<ErrorCode, Record<string, ProblemMember<unknown>>>>;

type Members = typeof PROBLEM_MEMBERS;
type TypesOf<M> = { [K in Exclude<keyof M, 'errors'>]?: M[K] extends ProblemMember<infer T> ? T : never };

/**
 * The extension members a problem with code `C` may carry (field errors apart), each optional; a
 * code without any takes none (`Record<string, never>`, since an empty type would take anything).
 */
export type ExtensionsOf<C extends ErrorCode> = C extends keyof Members
  ? [Exclude<keyof Members[C], 'errors'>] extends [never]
    ? Record<string, never>
    : TypesOf<Members[C]>
  : Record<string, never>;

/** Field errors, for the codes whose problems name fields; `never` for the others. */
export type ErrorsOf<C extends ErrorCode> = C extends keyof Members ? ('errors' extends keyof Members[C] ? FieldError[] : never) : never;
