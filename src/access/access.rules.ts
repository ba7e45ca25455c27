import { Actor, seesWholeOrganization } from '../auth/actor';
import {
  assignmentInReachSql,
  clientInCaseloadSql,
  coupleInCaseloadSql,
  enrollmentInCaseloadSql,
  groupRunBySql,
  measurementInCaseloadSql,
  sessionInReachSql,
} from './caseload';

/** Every kind of record a route can name by id. A new one does not compile until it has a rule below. */
export enum Resource {
  Client = 'clients',
  Couple = 'couples',
  Group = 'groups',
  Session = 'sessions',
  Enrollment = 'enrollments',
  Assignment = 'assignments',
  Commitment = 'commitments',
  Boundary = 'boundaries',
  Program = 'programs',
  Instrument = 'instruments',
  Measurement = 'measurements',
  Exercise = 'exercises',
  Staff = 'staff',
  ApiKey = 'api-keys',
  Webhook = 'webhooks',
}

/**
 * How to find which of a set of ids an actor may reach: always within the actor's organization
 * (or built in, for shared records), and for practitioners and facilitators within their caseload
 * or the groups they run. Anything else is "not found".
 */
export interface AccessRule {
  /** Singular name used in "... not found." */
  label: string;
  /** SQL returning the reachable ids among $2 (uuid[]) in organization $1; $3, if used, is the actor id. */
  query(actor: Actor): string;
}

/** Whole-organization records: staff, API keys. */
function organizationWide(table: string, label: string): AccessRule {
  return { label, query: () => `SELECT id FROM ${table} WHERE organization_id = $1 AND id = ANY($2::uuid[])` };
}

/** Built-in records (no organization) and the organization's own. */
function sharedOrOwn(table: string, label: string): AccessRule {
  return { label, query: () => `SELECT id FROM ${table} WHERE (organization_id = $1 OR organization_id IS NULL) AND id = ANY($2::uuid[])` };
}

/** Within the organization, narrowed to the actor's reach unless they see the whole organization. */
function inReach(table: string, label: string, reach: (actor: Actor) => string): AccessRule {
  return {
    label,
    query: (actor) =>
      `SELECT r.id FROM ${table} r WHERE r.organization_id = $1 AND r.id = ANY($2::uuid[])` +
      (seesWholeOrganization(actor) ? '' : ` AND ${reach(actor)}`),
  };
}

export const ACCESS_RULES: Record<Resource, AccessRule> = {
  [Resource.Client]: inReach('clients', 'Client', () => clientInCaseloadSql('r.id', '$1', '$3')),
  [Resource.Couple]: inReach('couples', 'Couple', () => coupleInCaseloadSql('r.id', '$1', '$3')),
  [Resource.Group]: inReach('groups', 'Group', () => groupRunBySql('r.id', '$1', '$3')),
  [Resource.Session]: inReach('therapy_sessions', 'Session', (actor) => sessionInReachSql('r', '$1', '$3', actor.role)),
  [Resource.Enrollment]: inReach('enrollments', 'Enrollment', () => enrollmentInCaseloadSql('r', '$1', '$3')),
  [Resource.Assignment]: inReach('assignments', 'Assignment', (actor) => assignmentInReachSql('r', '$1', '$3', actor.role)),
  [Resource.Commitment]: inReach('commitments', 'Commitment', () => enrollmentInCaseloadSql('r', '$1', '$3')),
  // A boundary belongs to a couple: the couple's caseload rules.
  [Resource.Boundary]: inReach('boundaries', 'Boundary', () => coupleInCaseloadSql('r.couple_id', '$1', '$3')),
  [Resource.Program]: sharedOrOwn('programs', 'Program'),
  [Resource.Instrument]: sharedOrOwn('instruments', 'Instrument'),
  // A couple's measurement follows the couple's caseload rules; a client's own, the client's.
  [Resource.Measurement]: inReach('measurements', 'Measurement', () => measurementInCaseloadSql('r', '$1', '$3')),
  [Resource.Exercise]: sharedOrOwn('exercises', 'Exercise'),
  [Resource.Staff]: organizationWide('staff_users', 'Staff user'),
  [Resource.ApiKey]: organizationWide('api_keys', 'API key'),
  [Resource.Webhook]: organizationWide('webhooks', 'Webhook'),
};
