/**
 * The `$n` parameters of one hand-written statement, numbered as they are added:
 * `const p = new SqlParameters(); sql = \`... WHERE organization_id = ${p.add(organizationId)}\``, then `query(sql, p.values)`.
 */
export class SqlParameters {
  readonly values: unknown[] = [];

  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}
