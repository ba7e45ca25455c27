import { DemoResult } from './run-demo';

/** What the run prints at the end: the logins, how to start, what the practice holds, the time taken. */
export function report(result: DemoResult): string {
  const { counts } = result;
  const heading = {
    created: `The demo practice "${result.organization.name}" is ready.`,
    resumed: `The demo practice "${result.organization.name}" is ready (an interrupted run was finished).`,
    present: `The demo practice "${result.organization.name}" is already here; nothing was changed.`,
  }[result.outcome];
  const width = Math.max(...result.logins.map((login) => login.email.length));
  const logins = result.logins.map((login) => `    ${login.email.padEnd(width)}  ${login.role.padEnd(12)}  ${login.displayName}, ${login.about}`);
  const example = result.logins[0];
  return [
    heading,
    '',
    `  Logins (password for all: ${result.password}):`,
    ...logins,
    '',
    '  It holds:',
    `    ${counts.staff} staff, ${counts.clients} clients, ${counts.couples} couples, ${counts.screenings} safety screenings`,
    `    ${counts.enrollments} enrollments in Rebuilding Trust (${counts.setbacks} setbacks)`,
    `    ${counts.sessions} sessions over the last 12 weeks and the next, ${counts.notes} with signed notes`,
    `    ${counts.groups} support group with ${counts.groupMembers} members, ${counts.assignments} assignments (${counts.completedAssignments} completed)`,
    `    ${counts.commitments} commitments with ${counts.commitmentOutcomes} outcomes recorded (${counts.disputedOutcomes} disputed by the partner)`,
    `    ${counts.boundaries} boundaries (${counts.boundaryBreaches} breaches)`,
    `    ${counts.measurements} measurements (CSI-4 and Trust check-in) from ${counts.measuredCouples} couples and ${counts.measuredClients} clients, ${counts.correctedMeasurements} corrected`,
    '',
    '  Start the API with `npm start`, then for example:',
    `    curl -s localhost:3000/v1/auth/login -H 'content-type: application/json' \\`,
    `      -d '{"email":"${example.email}","password":"${result.password}"}'`,
    '',
    `  Took ${(result.elapsedMs / 1000).toFixed(1)} s.`,
    '',
  ].join('\n');
}
