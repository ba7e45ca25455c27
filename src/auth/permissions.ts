/** Everything a credential may be allowed to do. Routes name exactly one of these. */
export enum Permission {
  SelfRead = 'self:read',
  StaffRead = 'staff:read',
  StaffManage = 'staff:manage',
  ApiKeysManage = 'api-keys:manage',
  AuditRead = 'audit:read',
  ClientsRead = 'clients:read',
  ClientsWrite = 'clients:write',
  CouplesRead = 'couples:read',
  CouplesWrite = 'couples:write',
  CareTeamsManage = 'care-teams:manage',
  ScreeningsRead = 'screenings:read',
  ScreeningsWrite = 'screenings:write',
  ProgramsRead = 'programs:read',
  ProgramsWrite = 'programs:write',
  EnrollmentsRead = 'enrollments:read',
  EnrollmentsWrite = 'enrollments:write',
  SessionsRead = 'sessions:read',
  SessionsWrite = 'sessions:write',
  NotesRead = 'notes:read',
  GroupsRead = 'groups:read',
  GroupsWrite = 'groups:write',
  ExercisesRead = 'exercises:read',
  ExercisesWrite = 'exercises:write',
  AssignmentsRead = 'assignments:read',
  AssignmentsWrite = 'assignments:write',
  OrganizationManage = 'organization:manage',
  CommitmentsRead = 'commitments:read',
  CommitmentsWrite = 'commitments:write',
  BoundariesRead = 'boundaries:read',
  BoundariesWrite = 'boundaries:write',
  ReportsRead = 'reports:read',
  InstrumentsRead = 'instruments:read',
  InstrumentsWrite = 'instruments:write',
  MeasurementsRead = 'measurements:read',
  MeasurementsWrite = 'measurements:write',
  /** The whole organization's records in one stream (`GET /v1/exports/organization`): owners only. */
  OrganizationExport = 'organization:export',
  ChangesRead = 'changes:read',
  WebhooksManage = 'webhooks:manage',
  /** A client's own portal: only the client role holds it, and it opens nothing else. */
  PortalSelf = 'portal:self',
}

export const STAFF_ROLES = ['owner', 'admin', 'practitioner', 'facilitator'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];
/** Staff who can hold a caseload: be on a care team and lead individual and couple sessions. */
export const CASELOAD_ROLES = ['owner', 'admin', 'practitioner'] as const satisfies readonly StaffRole[];
/** Staff who can run a group and lead its sessions: everyone. */
export const GROUP_LEAD_ROLES = STAFF_ROLES;
export const API_KEY_ROLES = ['integration', 'readonly'] as const;
export type ApiKeyRole = (typeof API_KEY_ROLES)[number];
/** A client signed in to the portal: no staff or API permission, only their own portal. */
export const CLIENT_ROLE = 'client';
export type Role = StaffRole | ApiKeyRole;

/** Every staff and API permission: the portal's is a client's alone. */
const ALL = Object.values(Permission).filter((permission) => permission !== Permission.PortalSelf);
const CLINICAL_READ = [
  Permission.ClientsRead,
  Permission.CouplesRead,
  Permission.ScreeningsRead,
  Permission.ProgramsRead,
  Permission.EnrollmentsRead,
  Permission.SessionsRead,
  Permission.GroupsRead,
  Permission.ExercisesRead,
  Permission.AssignmentsRead,
  Permission.CommitmentsRead,
  Permission.BoundariesRead,
  Permission.ReportsRead,
  Permission.InstrumentsRead,
  Permission.MeasurementsRead,
];
const CLINICAL_WRITE = [
  Permission.ClientsWrite,
  Permission.CouplesWrite,
  Permission.CareTeamsManage,
  Permission.ScreeningsWrite,
  Permission.EnrollmentsWrite,
  Permission.SessionsWrite,
  Permission.NotesRead,
  Permission.GroupsWrite,
  Permission.ExercisesWrite,
  Permission.AssignmentsWrite,
  Permission.CommitmentsWrite,
  Permission.BoundariesWrite,
  Permission.MeasurementsWrite,
];

/**
 * The role → permission map: the whole answer to "may this role do this at all?" (403 if not).
 * Which records within the organization a role reaches is the access service's answer (404 if not).
 */
export const ROLE_PERMISSIONS: Record<Role | typeof CLIENT_ROLE, ReadonlySet<Permission>> = {
  owner: new Set(ALL),
  admin: new Set(ALL.filter((permission) => permission !== Permission.OrganizationExport)),
  practitioner: new Set([Permission.SelfRead, Permission.StaffRead, ...CLINICAL_READ, ...CLINICAL_WRITE]),
  facilitator: new Set([
    Permission.SelfRead,
    Permission.StaffRead,
    Permission.ProgramsRead,
    Permission.InstrumentsRead,
    Permission.GroupsRead,
    Permission.GroupsWrite,
    Permission.SessionsRead,
    Permission.SessionsWrite,
    Permission.ExercisesRead,
    Permission.AssignmentsRead,
    Permission.AssignmentsWrite,
  ]),
  integration: new Set([Permission.SelfRead, ...CLINICAL_READ, ...CLINICAL_WRITE, Permission.ChangesRead, Permission.WebhooksManage]),
  readonly: new Set([Permission.SelfRead, ...CLINICAL_READ, Permission.ChangesRead]),
  client: new Set([Permission.PortalSelf]),
};

export function hasPermission(role: Role | typeof CLIENT_ROLE, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].has(permission);
}
