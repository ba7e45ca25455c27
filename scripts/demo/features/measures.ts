import { CSI_4_INSTRUMENT_ID } from '../../../src/instruments/built-in/csi-4';
import { TRUST_CHECK_IN_INSTRUMENT_ID } from '../../../src/instruments/built-in/trust-check-in';
import { DemoContext, idempotencyKey } from '../context';
import { DemoInstrument, MeasurementAct } from '../model/acts';
import { CaseState } from './case-state';

const INSTRUMENT_IDS: Record<DemoInstrument, string> = { 'csi-4': CSI_4_INSTRUMENT_ID, 'trust-check-in': TRUST_CHECK_IN_INSTRUMENT_ID };

/**
 * Records a respondent's answers on the day they gave them (the API scores them); a correction
 * names the measurement it supersedes, with the reason. Each carries a fixed Idempotency-Key: sent
 * again after an interrupted run, it gets the measurement already made back.
 */
export async function recordMeasurement(ctx: DemoContext, state: CaseState, act: MeasurementAct): Promise<void> {
  const supersedes = act.correction ? state.measurements.get(act.correction.of) : undefined;
  if (act.correction && !supersedes) throw new Error(`${act.correction.of} was not recorded`);
  const created = await ctx.api.send<{ id: string }>(ctx.as(act.by), 'POST', '/v1/measurements', {
    body: {
      instrumentId: INSTRUMENT_IDS[act.instrument],
      ...(act.subject.kind === 'couple' ? { coupleId: ctx.id(act.subject.couple) } : {}),
      clientId: ctx.id(act.respondent),
      takenAt: act.at.toISOString(),
      answers: act.answers.map((value, index) => ({ index, value })),
      ...(act.correction ? { supersedesId: supersedes, reason: act.correction.reason } : {}),
    },
    idempotencyKey: idempotencyKey('measurement', act.key),
  });
  state.measurements.set(act.key, created.body.id);
}
