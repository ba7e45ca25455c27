import {
  agreementStatusOf,
  BoundaryAction,
  BoundaryDecision,
  BoundaryState,
  currentAgreements,
  decideBoundary,
  proposeBoundary,
} from './boundary-state';

const A = '0c9a0a6e-1d7e-4f57-9e55-5f3c1f3f0a01';
const B = '0c9a0a6e-1d7e-4f57-9e55-5f3c1f3f0b02';
const STRANGER = '0c9a0a6e-1d7e-4f57-9e55-5f3c1f3f0c03';
const TEXT = 'No phone calls after 22:00 without asking first.';

/** The state after a decision that must succeed. */
function stateOf(decision: BoundaryDecision): BoundaryState {
  if (!decision.ok) throw new Error(`refused: ${decision.refusal.code}`);
  return decision.state;
}

/** Applies the actions one after another, each of which must succeed. */
function after(state: BoundaryState, ...actions: BoundaryAction[]): BoundaryState {
  return actions.reduce((current, action) => stateOf(decideBoundary(current, action)), state);
}

function refusalOf(decision: BoundaryDecision): string | null {
  return decision.ok ? null : decision.refusal.code;
}

/** Freezes a state and everything in it, so a rule that mutates it throws. */
function frozen(state: BoundaryState): BoundaryState {
  state.agreements.forEach((agreement) => Object.freeze(agreement));
  Object.freeze(state.agreements);
  Object.freeze(state.partnerIds);
  return Object.freeze(state);
}

const proposed = () => frozen(proposeBoundary(TEXT, [A, B]));
const agreed = () => frozen(after(proposed(), { type: 'agree', partnerId: A }, { type: 'agree', partnerId: B }));

describe('proposing a boundary', () => {
  it('starts at version 1, proposed, with nobody agreeing', () => {
    expect(proposeBoundary(TEXT, [A, B])).toEqual({ status: 'proposed', version: 1, text: TEXT, partnerIds: [A, B], agreements: [] });
  });

  it('keeps partner ids lowercase', () => {
    expect(proposeBoundary(TEXT, [A.toUpperCase()]).partnerIds).toEqual([A]);
  });

  it.each([
    ['nobody', []],
    ['three partners', [A, B, STRANGER]],
    ['the same partner twice', [A, A]],
    ['the same partner twice, in two cases', [A, A.toUpperCase()]],
  ])('needs one client or two distinct partners, not %s', (_, ids) => {
    expect(() => proposeBoundary(TEXT, ids)).toThrow(RangeError);
  });
});

describe('agreeing', () => {
  it('is agreed only when both partners agree to the current version', () => {
    const one = after(proposed(), { type: 'agree', partnerId: A });
    expect(one.status).toBe('proposed');
    expect(currentAgreements(one)).toEqual([A]);
    const both = after(one, { type: 'agree', partnerId: B });
    expect(both.status).toBe('agreed');
    expect(both.agreements).toEqual([
      { partnerId: A, version: 1 },
      { partnerId: B, version: 1 },
    ]);
  });

  it('takes the partner id in any case', () => {
    expect(currentAgreements(after(proposed(), { type: 'agree', partnerId: B.toUpperCase() }))).toEqual([B]);
  });

  it('is agreed at once for a client on their own', () => {
    expect(after(frozen(proposeBoundary(TEXT, [A])), { type: 'agree', partnerId: A }).status).toBe('agreed');
  });

  it('changes nothing when the partner already agrees to this version', () => {
    const state = agreed();
    expect(decideBoundary(state, { type: 'agree', partnerId: A })).toEqual({ ok: true, state, changed: false });
  });

  it('refuses someone who is not a partner, and changes nothing', () => {
    const decision = decideBoundary(proposed(), { type: 'agree', partnerId: STRANGER });
    expect(decision).toEqual({ ok: false, refusal: { code: 'NOT_A_PARTNER', detail: expect.any(String) } });
  });
});

describe('withdrawing an agreement', () => {
  it('takes an agreed boundary back to proposed, keeping the other agreement', () => {
    const state = after(agreed(), { type: 'withdraw', partnerId: B });
    expect(state.status).toBe('proposed');
    expect(state.agreements).toEqual([{ partnerId: A, version: 1 }]);
    expect(after(state, { type: 'agree', partnerId: B }).status).toBe('agreed');
  });

  it('changes nothing when the partner does not agree to this version', () => {
    const state = proposed();
    expect(decideBoundary(state, { type: 'withdraw', partnerId: A })).toEqual({ ok: true, state, changed: false });
  });

  it('refuses someone who is not a partner', () => {
    expect(refusalOf(decideBoundary(agreed(), { type: 'withdraw', partnerId: STRANGER }))).toBe('NOT_A_PARTNER');
  });
});

describe('revising the text', () => {
  const revised = 'No phone calls after 22:00, except about the children.';

  it('makes a new version that both must agree to again; agreements to the old one stay as history', () => {
    const state = after(agreed(), { type: 'revise', text: revised });
    expect(state).toEqual({
      status: 'proposed',
      version: 2,
      text: revised,
      partnerIds: [A, B],
      agreements: [
        { partnerId: A, version: 1 },
        { partnerId: B, version: 1 },
      ],
    });
    expect(currentAgreements(state)).toEqual([]);
    const again = after(state, { type: 'agree', partnerId: B }, { type: 'agree', partnerId: A });
    expect(again.status).toBe('agreed');
    expect(again.agreements.filter((agreement) => agreement.version === 2).map((agreement) => agreement.partnerId)).toEqual([B, A]);
  });

  it('counts a partner who agreed to version 1 only as not agreeing to version 2: nothing to withdraw', () => {
    const state = after(proposed(), { type: 'agree', partnerId: A }, { type: 'revise', text: revised });
    expect(decideBoundary(state, { type: 'withdraw', partnerId: A })).toEqual({ ok: true, state, changed: false });
    expect(after(state, { type: 'agree', partnerId: B }).status).toBe('proposed');
  });

  it('numbers each revision', () => {
    expect(after(proposed(), { type: 'revise', text: 'two' }, { type: 'revise', text: 'three' }).version).toBe(3);
  });

  it('changes nothing for the same text', () => {
    const state = agreed();
    expect(decideBoundary(state, { type: 'revise', text: TEXT })).toEqual({ ok: true, state, changed: false });
  });
});

describe('retiring', () => {
  it.each([
    ['a proposed', proposed],
    ['an agreed', agreed],
  ])('retires %s boundary for good, keeping its agreements', (_, start) => {
    const before = start();
    const state = after(before, { type: 'retire' });
    expect(state).toEqual({ ...before, status: 'retired' });
  });

  it('refuses every change to a retired boundary, and retiring it again', () => {
    const retired = frozen(after(agreed(), { type: 'retire' }));
    expect(refusalOf(decideBoundary(retired, { type: 'agree', partnerId: A }))).toBe('RETIRED');
    expect(refusalOf(decideBoundary(retired, { type: 'withdraw', partnerId: A }))).toBe('RETIRED');
    expect(refusalOf(decideBoundary(retired, { type: 'revise', text: 'new' }))).toBe('RETIRED');
    expect(refusalOf(decideBoundary(retired, { type: 'revise', text: TEXT }))).toBe('RETIRED');
    expect(refusalOf(decideBoundary(retired, { type: 'agree', partnerId: STRANGER }))).toBe('RETIRED');
    expect(refusalOf(decideBoundary(retired, { type: 'retire' }))).toBe('ALREADY_RETIRED');
  });
});

describe('the whole table', () => {
  const actions: [string, BoundaryAction][] = [
    ['agree A', { type: 'agree', partnerId: A }],
    ['agree B', { type: 'agree', partnerId: B }],
    ['agree stranger', { type: 'agree', partnerId: STRANGER }],
    ['withdraw A', { type: 'withdraw', partnerId: A }],
    ['withdraw stranger', { type: 'withdraw', partnerId: STRANGER }],
    ['revise', { type: 'revise', text: 'new text' }],
    ['revise, same text', { type: 'revise', text: TEXT }],
    ['retire', { type: 'retire' }],
  ];
  const states: [string, () => BoundaryState][] = [
    ['proposed, nobody agreeing', proposed],
    ['proposed, A agreeing', () => frozen(after(proposed(), { type: 'agree', partnerId: A }))],
    ['agreed', agreed],
    ['retired', () => frozen(after(agreed(), { type: 'retire' }))],
  ];

  // Each cell: the status after, "=" for no change, or the refusal.
  const expected: Record<string, string[]> = {
    'proposed, nobody agreeing': ['proposed', 'proposed', 'NOT_A_PARTNER', '=', 'NOT_A_PARTNER', 'proposed', '=', 'retired'],
    'proposed, A agreeing': ['=', 'agreed', 'NOT_A_PARTNER', 'proposed', 'NOT_A_PARTNER', 'proposed', '=', 'retired'],
    agreed: ['=', '=', 'NOT_A_PARTNER', 'proposed', 'NOT_A_PARTNER', 'proposed', '=', 'retired'],
    retired: ['RETIRED', 'RETIRED', 'RETIRED', 'RETIRED', 'RETIRED', 'RETIRED', 'RETIRED', 'ALREADY_RETIRED'],
  };

  it.each(states)('from %s', (name, start) => {
    const cells = actions.map(([, action]) => {
      const decision = decideBoundary(start(), action);
      if (!decision.ok) return decision.refusal.code;
      return decision.changed ? decision.state.status : '=';
    });
    expect(cells).toEqual(expected[name]);
  });

  it('never leaves a status that disagrees with the agreements', () => {
    for (const [, start] of states) {
      for (const [, action] of actions) {
        const decision = decideBoundary(start(), action);
        if (decision.ok && decision.state.status !== 'retired') expect(decision.state.status).toBe(agreementStatusOf(decision.state));
      }
    }
  });
});
