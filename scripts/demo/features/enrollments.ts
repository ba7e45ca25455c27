import { REBUILDING_TRUST_PROGRAM_ID } from '../../../src/programs/built-in/rebuilding-trust';
import { DemoContext, idempotencyKey } from '../context';
import { EnrollAct, EnrollmentStatusAct, PracticeTickAct, StepMoveAct } from '../model/acts';
import { CaseState } from './case-state';

interface EnrollmentAnswer {
  id: string;
  version: number;
}

/** Enrolls a couple or a client in the built-in Rebuilding Trust program. */
export async function enroll(ctx: DemoContext, state: CaseState, act: EnrollAct): Promise<void> {
  const as = ctx.as(act.by);
  const created = await ctx.api.send<EnrollmentAnswer>(as, 'POST', '/v1/enrollments', {
    body: { programId: REBUILDING_TRUST_PROGRAM_ID, ...ctx.subjectFields(act.subject) },
    idempotencyKey: idempotencyKey('enrollment', act.key),
  });
  const { id, version } = created.body;
  const now = created.replayed ? (await ctx.api.send<EnrollmentAnswer>(as, 'GET', `/v1/enrollments/${id}`)).body.version : version;
  state.enrollments.set(act.key, { id, version: now, alreadyMade: now - version });
}

/** One change of the enrollment, unless an earlier run made it; If-Match keeps the count honest. */
async function change(ctx: DemoContext, state: CaseState, act: StepMoveAct | PracticeTickAct | EnrollmentStatusAct, method: string, path: string, body: object) {
  const enrollment = state.enrollments.get(act.enrollment);
  if (!enrollment) throw new Error(`${act.enrollment} was not enrolled`);
  if (enrollment.alreadyMade > 0) {
    enrollment.alreadyMade -= 1;
    return;
  }
  const answer = await ctx.api.send<EnrollmentAnswer>(ctx.as(act.by), method, `/v1/enrollments/${enrollment.id}${path}`, { body, version: enrollment.version });
  enrollment.version = answer.body.version;
}

/** Starts or completes a step; back to in progress from completed is a setback, with its reason. */
export function moveStep(ctx: DemoContext, state: CaseState, act: StepMoveAct): Promise<void> {
  const body = { status: act.status, ...(act.reason ? { reason: act.reason } : {}), ...(act.note ? { note: act.note } : {}) };
  return change(ctx, state, act, 'PATCH', `/steps/${act.stepKey}`, body);
}

export function tickPractice(ctx: DemoContext, state: CaseState, act: PracticeTickAct): Promise<void> {
  const body = { done: true, ...(act.partners ? { partnerIds: act.partners.map((client) => ctx.id(client)) } : {}) };
  return change(ctx, state, act, 'PUT', `/steps/${act.stepKey}/practices/${act.practiceKey}`, body);
}

export function changeEnrollmentStatus(ctx: DemoContext, state: CaseState, act: EnrollmentStatusAct): Promise<void> {
  return change(ctx, state, act, 'PATCH', '', { status: act.status });
}
