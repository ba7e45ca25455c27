/**
 * SQL for the exact UTC text of a timestamptz column, microseconds included. A JS Date keeps only
 * milliseconds, so anything that must find a row again by its timestamp carries this text instead.
 */
export function exactTimestampSql(column: string): string {
  return `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
}

/**
 * SQL for the text `Date.prototype.toISOString()` gives for a timestamptz column (milliseconds,
 * truncated as the pg driver truncates them), so a read can hand the text on without parsing a Date.
 */
export function isoTimestampSql(column: string): string {
  return `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
}
