/**
 * The caseload rules as SQL, written once and used both by the access service (one query for a set
 * of ids) and by list queries. Placeholders are passed in, so the same rule serves `$1`-style and
 * `:name`-style parameters.
 *
 * A practitioner's caseload: the clients on whose care team they are, the couples on whose care
 * team they are, and both partners of those couples.
 */
export function clientInCaseloadSql(clientId: string, organizationId: string, userId: string): string {
  return `(EXISTS (SELECT 1 FROM client_care_team cct
                    WHERE cct.organization_id = ${organizationId} AND cct.client_id = ${clientId} AND cct.user_id = ${userId})
           OR EXISTS (SELECT 1 FROM couples k
                        JOIN couple_care_team kct ON kct.organization_id = k.organization_id AND kct.couple_id = k.id
                       WHERE k.organization_id = ${organizationId} AND kct.user_id = ${userId}
                         AND (k.partner_a_id = ${clientId} OR k.partner_b_id = ${clientId})))`;
}

export function coupleInCaseloadSql(coupleId: string, organizationId: string, userId: string): string {
  return `EXISTS (SELECT 1 FROM couple_care_team kct
                   WHERE kct.organization_id = ${organizationId} AND kct.couple_id = ${coupleId} AND kct.user_id = ${userId})`;
}
