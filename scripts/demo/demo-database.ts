import { DataSource } from 'typeorm';

/**
 * The few things the demo reads straight from the database, read-only, because no route answers
 * them: which organizations the installation holds (routes are scoped to one organization), and
 * whether an earlier run finished. Everything the demo writes goes through the API.
 */

export interface InstalledOrganization {
  id: string;
  name: string;
  createdAt: Date;
  /** Its owner has the demo owner's email: the organization an earlier run created. */
  demo: boolean;
}

export async function organizationsIn(dataSource: DataSource, demoOwnerEmail: string): Promise<InstalledOrganization[]> {
  const rows: { id: string; name: string; created_at: Date; demo: boolean }[] = await dataSource.query(
    `SELECT o.id, o.name, o.created_at,
            EXISTS (SELECT 1 FROM staff_users s WHERE s.organization_id = o.id AND s.role = 'owner' AND lower(s.email) = lower($1)) AS demo
       FROM organizations o
      ORDER BY o.created_at, o.id`,
    [demoOwnerEmail],
  );
  return rows.map((row) => ({ id: row.id, name: row.name, createdAt: new Date(row.created_at), demo: row.demo }));
}

/**
 * A finished run ends with the owner's logout sent with this request id, and the audit trail
 * (append-only) keeps it: an organization without it is a run that was interrupted.
 */
export const FINISHED_REQUEST_ID = 'trustpath-demo-finished';

export async function demoFinished(dataSource: DataSource, organizationId: string): Promise<boolean> {
  const [row]: { finished: boolean }[] = await dataSource.query(
    `SELECT EXISTS (SELECT 1 FROM audit_events WHERE organization_id = $1 AND request_id = $2 AND status < 300) AS finished`,
    [organizationId, FINISHED_REQUEST_ID],
  );
  return row.finished;
}

export interface DemoCounts {
  staff: number;
  clients: number;
  couples: number;
  screenings: number;
  enrollments: number;
  setbacks: number;
  sessions: number;
  notes: number;
  groups: number;
  groupMembers: number;
  assignments: number;
  completedAssignments: number;
  /** Every version: a renegotiation makes a new one. */
  commitments: number;
  /** Occurrences with the committer's report. */
  commitmentOutcomes: number;
  disputedOutcomes: number;
  boundaries: number;
  boundaryBreaches: number;
  /** Every one recorded, corrected ones and their corrections too. */
  measurements: number;
  correctedMeasurements: number;
  measuredCouples: number;
  /** Clients answering for themselves, in individual work. */
  measuredClients: number;
}

/** What the organization holds now. */
export async function countsOf(dataSource: DataSource, organizationId: string): Promise<DemoCounts> {
  const count = (table: string, where = '') => `(SELECT count(*) FROM ${table} WHERE organization_id = $1${where ? ` AND ${where}` : ''})`;
  const [row]: Record<keyof DemoCounts, string>[] = await dataSource.query(
    `SELECT ${count('staff_users')} AS "staff",
            ${count('clients')} AS "clients",
            ${count('couples')} AS "couples",
            ${count('safety_screenings')} AS "screenings",
            ${count('enrollments')} AS "enrollments",
            ${count('enrollment_events', `type = 'setback'`)} AS "setbacks",
            ${count('therapy_sessions')} AS "sessions",
            ${count('therapy_sessions', 'note_ciphertext IS NOT NULL')} AS "notes",
            ${count('groups')} AS "groups",
            ${count('group_members', 'left_at IS NULL')} AS "groupMembers",
            ${count('assignments')} AS "assignments",
            ${count('assignments', `status = 'completed'`)} AS "completedAssignments",
            ${count('commitments')} AS "commitments",
            ${count('commitment_outcomes', 'committer_outcome IS NOT NULL')} AS "commitmentOutcomes",
            ${count('commitment_outcomes', `partner_answer = 'disputed'`)} AS "disputedOutcomes",
            ${count('boundaries')} AS "boundaries",
            ${count('boundary_breaches')} AS "boundaryBreaches",
            ${count('measurements')} AS "measurements",
            ${count('measurements', 'superseded_by_id IS NOT NULL')} AS "correctedMeasurements",
            (SELECT count(DISTINCT couple_id) FROM measurements WHERE organization_id = $1) AS "measuredCouples",
            (SELECT count(DISTINCT client_id) FROM measurements WHERE organization_id = $1 AND couple_id IS NULL) AS "measuredClients"`,
    [organizationId],
  );
  return Object.fromEntries(Object.entries(row).map(([name, value]) => [name, Number(value)])) as unknown as DemoCounts;
}
