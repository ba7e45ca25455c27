import { Actor, RequestActor, seesWholeOrganization } from '../auth/actor';
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
  /**
   * For records within an organization: the condition that narrows a row `alias` of the table to the
   * actor's reach (undefined when the actor sees the whole organization), for a statement that reads
   * the record and checks access at once; for a client in the portal, to what is theirs (`false`
   * for a kind they never reach). Arguments are SQL expressions or placeholders.
   */
  reach?(actor: RequestActor, alias: string, organizationId: string, userId: string): string | undefined;
  /**
   * For a client in the portal: SQL returning the ids among $2 in organization $1 that are client
   * $3's own. Without one, a client reaches no record of the kind (deny by default).
   */
  clientQuery?: string;
}

type Reach = (actor: Actor, alias: string, organizationId: string, userId: string) => string;
/** What of a kind of record is a client's own, for a row `alias`; `clientId` is the client's id. */
type ClientReach = (alias: string, organizationId: string, clientId: string) => string;

/** A current couple of which the client is a partner, by the couple id expression given. */
const partnerOf = (coupleId: string, organizationId: string, clientId: string) =>
  `EXISTS (SELECT 1 FROM couples pc WHERE pc.organization_id = ${organizationId} AND pc.id = ${coupleId} AND pc.archived_at IS NULL AND ${clientId} IN (pc.partner_a_id, pc.partner_b_id))`;

/** The client's own record, or their couple's (`client_id` or `couple_id`). */
const ownOrPartners: ClientReach = (r, o, c) => `${r}.client_id = ${c} OR ${partnerOf(`${r}.couple_id`, o, c)}`;

/** Whole-organization records: staff, API keys. */
function organizationWide(table: string, label: string): AccessRule {
  return { label, query: () => `SELECT id FROM ${table} WHERE organization_id = $1 AND id = ANY($2::uuid[])` };
}

/** Built-in records (no organization) and the organization's own. */
function sharedOrOwn(table: string, label: string): AccessRule {
  const sql = `SELECT id FROM ${table} WHERE (organization_id = $1 OR organization_id IS NULL) AND id = ANY($2::uuid[])`;
  return { label, query: () => sql, clientQuery: sql };
}

/** Within the organization, narrowed to the actor's reach unless they see the whole organization. */
function inReach(table: string, label: string, reach: Reach, client?: ClientReach): AccessRule {
  return {
    label,
    clientQuery: client && `SELECT r.id FROM ${table} r WHERE r.organization_id = $1 AND r.id = ANY($2::uuid[]) AND (${client('r', '$1', '$3')})`,
    query: (actor) =>
      `SELECT r.id FROM ${table} r WHERE r.organization_id = $1 AND r.id = ANY($2::uuid[])` +
      (seesWholeOrganization(actor) ? '' : ` AND ${reach(actor, 'r', '$1', '$3')}`),
    reach: (actor, alias, organizationId, userId) => {
      if (actor.kind === 'client') return client ? `(${client(alias, organizationId, userId)})` : 'false';
      return seesWholeOrganization(actor) ? undefined : reach(actor, alias, organizationId, userId);
    },
  };
}

export const ACCESS_RULES: Record<Resource, AccessRule> = {
  // A client reaches only themselves.
  [Resource.Client]: inReach('clients', 'Client', (_, r, o, u) => clientInCaseloadSql(`${r}.id`, o, u), (r, _, c) => `${r}.id = ${c}`),
  [Resource.Couple]: inReach('couples', 'Couple', (_, r, o, u) => coupleInCaseloadSql(`${r}.id`, o, u), (r, o, c) => partnerOf(`${r}.id`, o, c)),
  [Resource.Group]: inReach('groups', 'Group', (_, r, o, u) => groupRunBySql(`${r}.id`, o, u)),
  [Resource.Session]: inReach('therapy_sessions', 'Session', (actor, r, o, u) => sessionInReachSql(r, o, u, actor.role)),
  // The client's own program, or their couple's.
  [Resource.Enrollment]: inReach('enrollments', 'Enrollment', (_, r, o, u) => enrollmentInCaseloadSql(r, o, u), ownOrPartners),
  // An assignment is one client's work: never their partner's or a fellow group member's.
  [Resource.Assignment]: inReach('assignments', 'Assignment', (actor, r, o, u) => assignmentInReachSql(r, o, u, actor.role), (r, _, c) => `${r}.client_id = ${c}`),
  // Commitments between partners are shared by both; one to oneself is one's own.
  [Resource.Commitment]: inReach('commitments', 'Commitment', (_, r, o, u) => enrollmentInCaseloadSql(r, o, u), ownOrPartners),
  // A boundary belongs to a couple: the couple's caseload rules; both partners share it.
  [Resource.Boundary]: inReach('boundaries', 'Boundary', (_, r, o, u) => coupleInCaseloadSql(`${r}.couple_id`, o, u), (r, o, c) => partnerOf(`${r}.couple_id`, o, c)),
  [Resource.Program]: sharedOrOwn('programs', 'Program'),
  [Resource.Instrument]: sharedOrOwn('instruments', 'Instrument'),
  // A couple's measurement follows the couple's caseload rules; a client's own, the client's.
  // A client's answers are theirs alone, even when given as a partner of a couple.
  [Resource.Measurement]: inReach('measurements', 'Measurement', (_, r, o, u) => measurementInCaseloadSql(r, o, u), (r, _, c) => `${r}.client_id = ${c}`),
  [Resource.Exercise]: sharedOrOwn('exercises', 'Exercise'),
  [Resource.Staff]: organizationWide('staff_users', 'Staff user'),
  [Resource.ApiKey]: organizationWide('api_keys', 'API key'),
  [Resource.Webhook]: organizationWide('webhooks', 'Webhook'),
};
