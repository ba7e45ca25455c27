import { DemoContext, idempotencyKey } from '../context';
import { ScreeningAct } from '../model/acts';

/** A safety screening of one partner, dated when it took place: couple sessions need both partners screened. */
export async function screen(ctx: DemoContext, act: ScreeningAct): Promise<void> {
  await ctx.api.send(ctx.as(act.by), 'POST', `/v1/clients/${ctx.id(act.client)}/safety-screenings`, {
    body: { result: act.result, screenedAt: act.at.toISOString(), ...(act.note ? { note: act.note } : {}) },
    idempotencyKey: idempotencyKey('screening', act.key),
  });
}
