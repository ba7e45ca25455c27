/**
 * Which feature folder owns each table. Only the owner's repository queries it; every other feature
 * goes through the owner's repository or service. `table-owners.spec.ts` holds the code to this
 * list. The access rules (`src/access/`) are the one reader allowed across lines, as they ask of
 * many tables at once which ids an actor reaches.
 */
export const TABLE_OWNERS: Record<string, string> = {
  organizations: 'organizations',
  staff_users: 'staff',
  auth_sessions: 'auth',
  refresh_tokens: 'auth',
  login_throttles: 'auth',
  instance_settings: 'secrets',
  api_keys: 'api-keys',
  audit_events: 'audit',
  idempotency_keys: 'common',
  clients: 'clients',
  couples: 'couples',
  client_care_team: 'care-teams',
  couple_care_team: 'care-teams',
  safety_screenings: 'screenings',
  programs: 'programs',
  enrollments: 'enrollments',
  enrollment_steps: 'enrollments',
  enrollment_practice_ticks: 'enrollments',
  enrollment_events: 'enrollments',
  therapy_sessions: 'sessions',
  session_addenda: 'sessions',
  groups: 'groups',
  group_members: 'groups',
  exercises: 'exercises',
  assignments: 'assignments',
  commitments: 'commitments',
  commitment_outcomes: 'commitments',
  boundaries: 'boundaries',
  boundary_versions: 'boundaries',
  boundary_agreements: 'boundaries',
  boundary_breaches: 'boundaries',
  instruments: 'instruments',
  measurements: 'measurements',
  sso_connections: 'sso',
  sso_sign_ins: 'sso',
};
