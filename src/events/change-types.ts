/**
 * Which change each write route makes, so the changes feed is derived in one place for every
 * route (WriteTransactionInterceptor → ChangeEvents.recordForRequest) and no service can forget
 * it. A route is keyed as Fastify names it: `POST /v1/clients/:id/restore`. Each entry turns the
 * route's answer (and its path parameters and request body) into the changed records: ids and
 * versions only. `test/change-events.e2e-spec.ts` walks openapi.json's write routes and fails
 * for one missing here.
 */

/** One changed record, as the feed and webhooks carry it. */
export interface ChangeRef {
  type: string;
  resourceType: string;
  resourceId: string;
  version: number | null;
}

export interface RouteChange {
  params: Record<string, string>;
  /** The route's answer. */
  result: unknown;
  /** The request's body, for routes whose kind of change is named by it (an assignment's new status). */
  input: unknown;
  organizationId: string;
}

type Derive = (change: RouteChange) => ChangeRef[];

const field = (value: unknown, name: string): unknown =>
  value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>)[name] : undefined;

/** The record the route answered with (its `id` and `version`), else the one its path names. */
function ref(type: string, resourceType: string, change: RouteChange, from: 'result' | 'param' = 'result', param = 'id'): ChangeRef[] {
  const id = from === 'result' ? field(change.result, 'id') : change.params[param];
  const version = from === 'result' ? field(change.result, 'version') : undefined;
  if (typeof id !== 'string') return [];
  return [{ type, resourceType, resourceId: id, version: typeof version === 'number' ? version : null }];
}

/** Create, update, archive and restore of a record with its own routes under `/v1/<path>`. */
function lifecycle(path: string, resourceType: string, kinds: Array<'created' | 'updated' | 'archived' | 'restored'>): Record<string, Derive> {
  const routes: Record<string, Derive> = {};
  const route = { created: `POST /v1/${path}`, updated: `PATCH /v1/${path}/:id`, archived: `DELETE /v1/${path}/:id`, restored: `POST /v1/${path}/:id/restore` };
  for (const kind of kinds) routes[route[kind]] = (c) => ref(`${resourceType}.${kind}`, resourceType, c);
  return routes;
}

const ALL_KINDS = ['created', 'updated', 'archived', 'restored'] as const;
const ASSIGNMENT_STATUS_EVENTS: Record<string, string> = { in_progress: 'started', completed: 'completed', skipped: 'skipped' };
const ENROLLMENT_STATUS_EVENTS: Record<string, string> = { active: 'resumed', paused: 'paused', completed: 'completed', withdrawn: 'withdrawn' };

export const ROUTE_CHANGES: Record<string, Derive> = {
  ...lifecycle('clients', 'client', [...ALL_KINDS]),
  'PUT /v1/clients/:id/care-team/:userId': (c) => ref('client.care_team_changed', 'client', c, 'param'),
  'DELETE /v1/clients/:id/care-team/:userId': (c) => ref('client.care_team_changed', 'client', c, 'param'),
  'POST /v1/clients/:id/safety-screenings': (c) => ref('safety_screening.created', 'safety_screening', c),

  ...lifecycle('couples', 'couple', [...ALL_KINDS]),
  'PUT /v1/couples/:id/care-team/:userId': (c) => ref('couple.care_team_changed', 'couple', c, 'param'),
  'DELETE /v1/couples/:id/care-team/:userId': (c) => ref('couple.care_team_changed', 'couple', c, 'param'),

  ...lifecycle('programs', 'program', ['created']),
  ...lifecycle('enrollments', 'enrollment', ['created']),
  'PATCH /v1/enrollments/:id': (c) => {
    const status = ENROLLMENT_STATUS_EVENTS[String(field(c.input, 'status'))];
    return ref(status ? `enrollment.${status}` : 'enrollment.updated', 'enrollment', c);
  },
  'PATCH /v1/enrollments/:id/steps/:stepKey': (c) => ref('enrollment.step_moved', 'enrollment', c),
  'PUT /v1/enrollments/:id/steps/:stepKey/practices/:practiceKey': (c) => ref('enrollment.practice_ticked', 'enrollment', c),

  ...lifecycle('groups', 'group', [...ALL_KINDS]),
  'PUT /v1/groups/:id/members/:clientId': (c) => ref('group.member_added', 'group', c, 'param'),
  'DELETE /v1/groups/:id/members/:clientId': (c) => ref('group.member_removed', 'group', c, 'param'),

  ...lifecycle('sessions', 'session', [...ALL_KINDS]),
  'POST /v1/sessions/:id/complete': (c) => ref('session.completed', 'session', c),
  'POST /v1/sessions/:id/addenda': (c) => ref('session_addendum.created', 'session_addendum', c),

  ...lifecycle('exercises', 'exercise', ['created', 'archived', 'restored']),
  'POST /v1/assignments': (c) => {
    const made = field(c.result, 'assignments');
    return Array.isArray(made) ? made.flatMap((one) => ref('assignment.created', 'assignment', { ...c, result: one })) : [];
  },
  'PATCH /v1/assignments/:id': (c) => {
    const status = ASSIGNMENT_STATUS_EVENTS[String(field(c.input, 'status'))];
    return ref(status ? `assignment.${status}` : 'assignment.updated', 'assignment', c);
  },

  ...lifecycle('commitments', 'commitment', [...ALL_KINDS]),
  'PUT /v1/commitments/:id/occurrences/:date': (c) => ref('commitment.outcome_recorded', 'commitment', c, 'param'),

  ...lifecycle('boundaries', 'boundary', [...ALL_KINDS]),
  'PUT /v1/boundaries/:id/agreements/:partnerId': (c) => ref('boundary.agreement_changed', 'boundary', c),
  'DELETE /v1/boundaries/:id/agreements/:partnerId': (c) => ref('boundary.agreement_changed', 'boundary', c),
  'POST /v1/boundaries/:id/breaches': (c) => ref('boundary_breach.created', 'boundary_breach', c),
  'POST /v1/boundaries/:id/breaches/:breachId/acknowledgement': (c) => ref('boundary_breach.acknowledged', 'boundary_breach', c),

  ...lifecycle('instruments', 'instrument', ['created']),
  'POST /v1/measurements': (c) => {
    const supersedes = field(c.result, 'supersedesId');
    const corrected = typeof supersedes === 'string' ? [{ type: 'measurement.superseded', resourceType: 'measurement', resourceId: supersedes, version: null }] : [];
    return [...corrected, ...ref('measurement.created', 'measurement', c)];
  },

  ...lifecycle('staff', 'staff_user', ['created', 'updated']),
  'POST /v1/api-keys': (c) => ref('api_key.created', 'api_key', c),
  'DELETE /v1/api-keys/:id': (c) => ref('api_key.revoked', 'api_key', c),
  'PATCH /v1/organization': (c) => ref('organization.updated', 'organization', c),
  'PUT /v1/organization/sso': (c) => [{ type: 'organization.sso_changed', resourceType: 'organization', resourceId: c.organizationId, version: null }],

  ...lifecycle('webhooks', 'webhook', ['created', 'updated']),
  'DELETE /v1/webhooks/:id': (c) => ref('webhook.deleted', 'webhook', c, 'param'),
};

// What a client writes in the portal is the same change as when staff record it.
Object.assign(ROUTE_CHANGES, {
  'PATCH /v1/portal/assignments/:id': ROUTE_CHANGES['PATCH /v1/assignments/:id'],
  'PUT /v1/portal/commitments/:id/occurrences/:date': ROUTE_CHANGES['PUT /v1/commitments/:id/occurrences/:date'],
  'PUT /v1/portal/boundaries/:id/agreement': ROUTE_CHANGES['PUT /v1/boundaries/:id/agreements/:partnerId'],
  'DELETE /v1/portal/boundaries/:id/agreement': ROUTE_CHANGES['DELETE /v1/boundaries/:id/agreements/:partnerId'],
  'POST /v1/portal/boundaries/:id/breaches': ROUTE_CHANGES['POST /v1/boundaries/:id/breaches'],
  'POST /v1/portal/measurements': ROUTE_CHANGES['POST /v1/measurements'],
});

/**
 * Write routes that change no record of the organization: signing in and out (staff and clients),
 * inviting a client to the portal or ending their access, and asking for a webhook delivery to be
 * tried again or a test ping to be sent.
 */
export const ROUTES_WITHOUT_CHANGES = new Set([
  'POST /v1/auth/login',
  'POST /v1/auth/logout',
  'POST /v1/auth/refresh',
  'POST /v1/auth/signup',
  'POST /v1/auth/sso/exchange',
  'POST /v1/webhooks/:id/test',
  'POST /v1/webhooks/:id/deliveries/:deliveryId/retry',
  // A client's portal sign-in: invitations, access and sessions are no record of the feed.
  'POST /v1/clients/:id/portal-invitations',
  'DELETE /v1/clients/:id/portal-access',
  'POST /v1/portal/auth/accept',
  'POST /v1/portal/auth/login',
  'POST /v1/portal/auth/logout',
  'POST /v1/portal/auth/refresh',
]);

/** Changes TrustPath makes on its own, not through a route. */
export const SYSTEM_CHANGE_TYPES = ['webhook.disabled'] as const;

/** Every event type the feed can carry, for `types=` and webhook subscriptions. */
export function changeTypes(): string[] {
  const types = new Set<string>(SYSTEM_CHANGE_TYPES);
  const probe: RouteChange = { params: { id: 'x' }, result: { id: 'x', version: 1, assignments: [{ id: 'x' }], supersedesId: 'y' }, input: {}, organizationId: 'x' };
  for (const derive of Object.values(ROUTE_CHANGES)) for (const change of derive(probe)) types.add(change.type);
  for (const status of Object.values(ASSIGNMENT_STATUS_EVENTS)) types.add(`assignment.${status}`);
  for (const status of Object.values(ENROLLMENT_STATUS_EVENTS)) types.add(`enrollment.${status}`);
  return [...types].sort();
}

export const CHANGE_TYPES: readonly string[] = changeTypes();

/**
 * The changes of a route that has no entry (one added later): the record it answered with, or the
 * one its path names, as `<resource>.changed`. The walk over the spec's routes fails until the
 * route has its own entry.
 */
export function fallbackChanges(resourceType: string, change: RouteChange): ChangeRef[] {
  const answered = ref(`${resourceType}.changed`, resourceType, change);
  return answered.length > 0 ? answered : ref(`${resourceType}.changed`, resourceType, change, 'param');
}
