/** SQL fragments for other features' statements; arguments are SQL expressions or placeholders. */
export const groupSql = {
  /** The ids of the groups the client is a current member of: `x.group_id IN (${groupSql.idsWithCurrentMember(...)})`. */
  idsWithCurrentMember: (organizationId: string, clientId: string) =>
    `SELECT gm.group_id FROM group_members gm WHERE gm.organization_id = ${organizationId} AND gm.client_id = ${clientId} AND gm.left_at IS NULL`,
};
