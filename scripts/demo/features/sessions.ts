import { DemoContext, idempotencyKey } from '../context';
import { SessionAct } from '../model/acts';

/**
 * Schedules a session at its (past or coming) time, then completes it with attendance and a signed
 * note, or closes it as cancelled or a no-show. Completing again with the same note is safe (the
 * API answers the completed session); closing again is refused as SESSION_NOT_SCHEDULED, which
 * for a session an earlier run created means it was closed then.
 */
export async function sendSession(ctx: DemoContext, act: SessionAct): Promise<void> {
  const as = ctx.as(act.by);
  const kind = act.subject.kind === 'client' ? 'individual' : act.subject.kind;
  const created = await ctx.api.send<{ id: string }>(as, 'POST', '/v1/sessions', {
    body: {
      kind,
      ...ctx.subjectFields(act.subject),
      startsAt: act.at.toISOString(),
      durationMinutes: act.durationMinutes,
      modality: act.modality,
      location: act.location,
      plannedStepKeys: act.plannedStepKeys,
    },
    idempotencyKey: idempotencyKey('session', act.key),
  });
  const path = `/v1/sessions/${created.body.id}`;
  const outcome = act.outcome;
  if (outcome.status === 'completed') {
    await ctx.api.send(as, 'POST', `${path}/complete`, {
      body: {
        attendance: outcome.attendance.map((a) => ({ clientId: ctx.id(a.client), attended: a.attended })),
        stepsAddressed: outcome.stepsAddressed,
        note: outcome.note,
      },
    });
  } else if (outcome.status === 'cancelled' || outcome.status === 'no_show') {
    const body = outcome.status === 'cancelled' ? { status: 'cancelled', cancelledReason: outcome.reason } : { status: 'no_show' };
    await ctx.api.sendUnlessDone(as, 'PATCH', path, created.replayed ? ['SESSION_NOT_SCHEDULED'] : [], { body });
  }
}
