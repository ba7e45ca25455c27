/**
 * The caseload rules as SQL, written once and used both by the access service (one query for a set
 * of ids) and by list queries. Placeholders are passed in, so the same rule serves `$1`-style and
 * `:name`-style parameters.
 *
 * A practitioner's caseload: the clients on whose care team they are, the couples on whose care
 * team they are, and both partners of those couples.
 */
export function clientInCaseloadSql(clientId: string, organizationId: string, userId: string): string {
  // The caseload as one uncorrelated set of ids: PostgreSQL builds it once per query instead of
  // probing the couples once per candidate client (measured: 3 ms instead of 24–55 ms for a
  // 200-client caseload among 50,000 clients).
  return `${clientId} IN (
            SELECT cct.client_id FROM client_care_team cct
             WHERE cct.organization_id = ${organizationId} AND cct.user_id = ${userId}
            UNION ALL
            SELECT unnest(ARRAY[k.partner_a_id, k.partner_b_id]) FROM couples k
              JOIN couple_care_team kct ON kct.organization_id = k.organization_id AND kct.couple_id = k.id
             WHERE kct.organization_id = ${organizationId} AND kct.user_id = ${userId})`;
}

export function coupleInCaseloadSql(coupleId: string, organizationId: string, userId: string): string {
  return `EXISTS (SELECT 1 FROM couple_care_team kct
                   WHERE kct.organization_id = ${organizationId} AND kct.couple_id = ${coupleId} AND kct.user_id = ${userId})`;
}

/** The enrollments of clients and couples in a practitioner's caseload. */
export function enrollmentInCaseloadSql(alias: string, organizationId: string, userId: string): string {
  return (
    `((${alias}.couple_id IS NOT NULL AND ${coupleInCaseloadSql(`${alias}.couple_id`, organizationId, userId)})` +
    ` OR (${alias}.client_id IS NOT NULL AND ${clientInCaseloadSql(`${alias}.client_id`, organizationId, userId)}))`
  );
}

/**
 * The groups a staff member runs: those whose facilitator they are. Facilitators and practitioners
 * reach groups this way; membership of a group never opens its members' client records.
 */
export function groupRunBySql(groupId: string, organizationId: string, userId: string): string {
  return `EXISTS (SELECT 1 FROM groups g
                   WHERE g.organization_id = ${organizationId} AND g.id = ${groupId} AND g.facilitator_user_id = ${userId})`;
}

/**
 * The sessions a staff member reaches without seeing the whole organization. A practitioner: those
 * they lead, and those of clients and couples in their caseload and of groups they run. A
 * facilitator: group sessions only, of groups they run or that they lead.
 */
export function sessionInReachSql(alias: string, organizationId: string, userId: string, role: string): string {
  const group = `(${alias}.group_id IS NOT NULL AND (${alias}.lead_user_id = ${userId} OR ${groupRunBySql(`${alias}.group_id`, organizationId, userId)}))`;
  if (role === 'facilitator') return group;
  return `(${alias}.lead_user_id = ${userId}
           OR (${alias}.client_id IS NOT NULL AND ${clientInCaseloadSql(`${alias}.client_id`, organizationId, userId)})
           OR (${alias}.couple_id IS NOT NULL AND ${coupleInCaseloadSql(`${alias}.couple_id`, organizationId, userId)})
           OR ${group})`;
}

/**
 * Whether a session's subject is in a staff member's caseload (its client, its couple) or among the
 * groups they run (its group): the reach of clients, couples and groups, for the note-reading rule.
 * The session's columns are given as SQL expressions.
 */
export function sessionSubjectInReachSql(
  session: { clientId: string; coupleId: string; groupId: string },
  organizationId: string,
  userId: string,
): string {
  return `CASE WHEN ${session.clientId} IS NOT NULL THEN ${clientInCaseloadSql(session.clientId, organizationId, userId)}
               WHEN ${session.coupleId} IS NOT NULL THEN ${coupleInCaseloadSql(session.coupleId, organizationId, userId)}
               ELSE ${groupRunBySql(session.groupId, organizationId, userId)} END`;
}

/**
 * The assignments a staff member reaches without seeing the whole organization. A practitioner:
 * those of clients in their caseload (couples' partners included) and those given to groups they
 * run. A facilitator: those given to groups they run, never a member's individual or couple work.
 */
export function assignmentInReachSql(alias: string, organizationId: string, userId: string, role: string): string {
  const group = `(${alias}.group_id IS NOT NULL AND ${groupRunBySql(`${alias}.group_id`, organizationId, userId)})`;
  if (role === 'facilitator') return group;
  return `(${clientInCaseloadSql(`${alias}.client_id`, organizationId, userId)} OR ${group})`;
}

/**
 * The measurements a practitioner reaches: those of the couples in their caseload (whichever
 * partner answered), and in individual work those of the clients in their caseload. A couple's
 * measurement follows the couple's care team, not the respondent's own.
 */
export function measurementInCaseloadSql(alias: string, organizationId: string, userId: string): string {
  return (
    `((${alias}.couple_id IS NOT NULL AND ${coupleInCaseloadSql(`${alias}.couple_id`, organizationId, userId)})` +
    ` OR (${alias}.couple_id IS NULL AND ${clientInCaseloadSql(`${alias}.client_id`, organizationId, userId)}))`
  );
}
