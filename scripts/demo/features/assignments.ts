import { DemoContext, idempotencyKey } from '../context';
import { AssignAct, AssignmentProgressAct } from '../model/acts';
import { CaseState } from './case-state';

/** Gives an exercise to a client, both partners of a couple, or every member of a group. */
export async function assign(ctx: DemoContext, state: CaseState, act: AssignAct): Promise<void> {
  const created = await ctx.api.send<{ assignments: { id: string; clientId: string }[] }>(ctx.as(act.by), 'POST', '/v1/assignments', {
    body: { exerciseId: act.exerciseId, dueOn: act.dueOn, ...ctx.subjectFields(act.subject), ...(act.instructions ? { instructions: act.instructions } : {}) },
    idempotencyKey: idempotencyKey('assignment', act.key),
  });
  state.assignments.set(act.key, { byClient: new Map(created.body.assignments.map((a) => [a.clientId, a.id])), replayed: created.replayed });
}

/**
 * How a recipient got on with it. Moving an assignment to where it already is, or on from a final
 * status, is refused; for one an earlier run created that means the move was made then.
 */
export async function recordProgress(ctx: DemoContext, state: CaseState, act: AssignmentProgressAct): Promise<void> {
  const batch = state.assignments.get(act.assignment);
  const id = batch?.byClient.get(ctx.id(act.client));
  if (!batch || !id) throw new Error(`${act.client} has no assignment from ${act.assignment}`);
  const done = batch.replayed ? ['ASSIGNMENT_ALREADY_IN_STATE', 'ASSIGNMENT_CLOSED'] : [];
  await ctx.api.sendUnlessDone(ctx.as(act.by), 'PATCH', `/v1/assignments/${id}`, done, {
    body: { status: act.status, ...(act.response ? { response: act.response } : {}) },
  });
}
