import { DemoContext, idempotencyKey } from '../context';
import {
  BoundaryAct,
  BoundaryAgreementAct,
  BoundaryRevisionAct,
  BreachAct,
  BreachAcknowledgementAct,
  CommitAct,
  CommitmentAnswerAct,
  CommitmentReportAct,
} from '../model/acts';
import { CaseState } from './case-state';

/**
 * Commitments and boundaries. Besides the creating POSTs (fixed Idempotency-Keys), every request
 * here is one the API takes again without a change: the same outcome or answer on an occurrence,
 * the same renegotiation (answered with the version it made), the same agreement, the same text,
 * the same acknowledgement. A run after an interrupted one sends them all again.
 */

export async function commit(ctx: DemoContext, state: CaseState, act: CommitAct): Promise<void> {
  const created = await ctx.api.send<{ id: string }>(ctx.as(act.by), 'POST', '/v1/commitments', {
    body: {
      ...ctx.subjectFields(act.subject),
      committerId: ctx.id(act.committer),
      to: act.to,
      description: act.description,
      stepKey: act.stepKey,
      practiceKey: act.practiceKey,
      schedule: act.schedule,
    },
    idempotencyKey: idempotencyKey('commitment', act.key),
  });
  state.commitments.set(act.key, created.body.id);
}

/** The committer's report; a renegotiation's new version is kept under its own key. */
export async function reportOutcome(ctx: DemoContext, state: CaseState, act: CommitmentReportAct): Promise<void> {
  const answer = await ctx.api.send<{ committer: { renegotiatedAs: string | null } | null }>(
    ctx.as(act.by),
    'PUT',
    `/v1/commitments/${commitmentId(state, act.commitment)}/occurrences/${act.date}`,
    {
      body: {
        viewpoint: 'committer',
        outcome: act.outcome,
        ...(act.reason ? { reason: act.reason } : {}),
        ...(act.renegotiated ? { renegotiated: { description: act.renegotiated.description, schedule: act.renegotiated.schedule } } : {}),
      },
    },
  );
  if (act.renegotiated) {
    const newId = answer.body.committer?.renegotiatedAs;
    if (!newId) throw new Error(`${act.commitment} was renegotiated without a new version`);
    state.commitments.set(act.renegotiated.key, newId);
  }
}

export async function answerOutcome(ctx: DemoContext, state: CaseState, act: CommitmentAnswerAct): Promise<void> {
  await ctx.api.send(ctx.as(act.by), 'PUT', `/v1/commitments/${commitmentId(state, act.commitment)}/occurrences/${act.date}`, {
    body: { viewpoint: 'partner', answer: act.answer, ...(act.note ? { note: act.note } : {}) },
  });
}

function commitmentId(state: CaseState, key: string): string {
  const id = state.commitments.get(key);
  if (!id) throw new Error(`${key} was not made`);
  return id;
}

export async function proposeBoundary(ctx: DemoContext, state: CaseState, act: BoundaryAct): Promise<void> {
  const created = await ctx.api.send<{ id: string }>(ctx.as(act.by), 'POST', '/v1/boundaries', {
    body: { ...ctx.subjectFields(act.subject), text: act.text, proposedBy: { type: 'partner', id: ctx.id(act.proposedBy) } },
    idempotencyKey: idempotencyKey('boundary', act.key),
  });
  state.boundaries.set(act.key, created.body.id);
}

/**
 * An agreement is to the boundary's current text. Sent again after an interrupted run that had
 * revised it, an agreement planned for the first text goes to the revised one, which the partner
 * agrees to a moment later anyway: the boundary ends the same, with the same events.
 */
export async function agreeToBoundary(ctx: DemoContext, state: CaseState, act: BoundaryAgreementAct): Promise<void> {
  await ctx.api.send(ctx.as(act.by), 'PUT', `/v1/boundaries/${boundaryId(state, act.boundary)}/agreements/${ctx.id(act.partner)}`);
}

export async function reviseBoundary(ctx: DemoContext, state: CaseState, act: BoundaryRevisionAct): Promise<void> {
  await ctx.api.send(ctx.as(act.by), 'PATCH', `/v1/boundaries/${boundaryId(state, act.boundary)}`, {
    body: { text: act.text, proposedBy: { type: 'partner', id: ctx.id(act.proposedBy) } },
  });
}

export async function reportBreach(ctx: DemoContext, state: CaseState, act: BreachAct): Promise<void> {
  const created = await ctx.api.send<{ id: string }>(ctx.as(act.by), 'POST', `/v1/boundaries/${boundaryId(state, act.boundary)}/breaches`, {
    body: {
      breachedBy: ctx.id(act.breachedBy),
      reportedBy: { type: 'partner', id: ctx.id(act.reportedBy) },
      occurredAt: act.occurredAt.toISOString(),
      severity: act.severity,
      note: act.note,
    },
    idempotencyKey: idempotencyKey('breach', act.key),
  });
  state.breaches.set(act.key, created.body.id);
}

export async function acknowledgeBreach(ctx: DemoContext, state: CaseState, act: BreachAcknowledgementAct): Promise<void> {
  const breach = state.breaches.get(act.breach);
  if (!breach) throw new Error(`${act.breach} was not reported`);
  await ctx.api.send(ctx.as(act.by), 'POST', `/v1/boundaries/${boundaryId(state, act.boundary)}/breaches/${breach}/acknowledgement`);
}

function boundaryId(state: CaseState, key: string): string {
  const id = state.boundaries.get(key);
  if (!id) throw new Error(`${key} was not proposed`);
  return id;
}
