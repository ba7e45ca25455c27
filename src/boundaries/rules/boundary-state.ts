/**
 * A boundary is `proposed` until every partner agrees to its current version, then `agreed`;
 * `retired` is final. Only `retired` is set by an action: the other two follow from the
 * agreements, and `agreementStatusOf` is the one place that says how.
 */
export const BOUNDARY_STATUSES = ['proposed', 'agreed', 'retired'] as const;
export type BoundaryStatus = (typeof BOUNDARY_STATUSES)[number];

/** A partner's agreement to one version of the text. */
export interface BoundaryAgreement {
  partnerId: string;
  version: number;
}

export interface BoundaryState {
  status: BoundaryStatus;
  /** 1 for the first text; each revision adds one. */
  version: number;
  text: string;
  /** Who must agree: both partners of the couple, or the client alone (lowercase ids). */
  partnerIds: readonly string[];
  /**
   * Standing agreements, each to the version it was given for. Agreements to earlier versions stay
   * as history and no longer count; a withdrawn agreement is gone.
   */
  agreements: readonly BoundaryAgreement[];
}

export type BoundaryAction =
  | { type: 'agree'; partnerId: string }
  | { type: 'withdraw'; partnerId: string }
  | { type: 'revise'; text: string }
  | { type: 'retire' };

/**
 * Why an action is refused: the id is not one of the partners who agree (NOT_A_PARTNER), the
 * boundary is retired and no longer changes (RETIRED), or it is retired already (ALREADY_RETIRED).
 */
export type BoundaryRefusalCode = 'NOT_A_PARTNER' | 'RETIRED' | 'ALREADY_RETIRED';
export interface BoundaryRefusal {
  code: BoundaryRefusalCode;
  detail: string;
}

/** The new state, and whether anything changed (nothing to write or audit when not); or why not. */
export type BoundaryDecision = { ok: true; state: BoundaryState; changed: boolean } | { ok: false; refusal: BoundaryRefusal };

/**
 * A new boundary: version 1 of `text`, proposed, nobody agreeing yet (proposing is not agreeing,
 * even when a partner proposes). `partnerIds` is the couple's two partners or one client.
 */
export function proposeBoundary(text: string, partnerIds: readonly string[]): BoundaryState {
  const ids = partnerIds.map((id) => id.toLowerCase());
  if (ids.length < 1 || ids.length > 2 || new Set(ids).size !== ids.length) {
    throw new RangeError('A boundary is agreed by one client or two distinct partners');
  }
  return { status: 'proposed', version: 1, text, partnerIds: ids, agreements: [] };
}

/** The status of a boundary that is not retired: `agreed` when every partner agrees to the current version. */
export function agreementStatusOf(state: Pick<BoundaryState, 'version' | 'partnerIds' | 'agreements'>): 'proposed' | 'agreed' {
  return state.partnerIds.every((partnerId) => agrees(state, partnerId)) ? 'agreed' : 'proposed';
}

/** The partners who agree to the current version, in the order of `partnerIds`. */
export function currentAgreements(state: Pick<BoundaryState, 'version' | 'partnerIds' | 'agreements'>): string[] {
  return state.partnerIds.filter((partnerId) => agrees(state, partnerId));
}

function agrees(state: Pick<BoundaryState, 'version' | 'agreements'>, partnerId: string): boolean {
  return state.agreements.some((agreement) => agreement.partnerId === partnerId && agreement.version === state.version);
}

/**
 * What an action does to a boundary:
 * - `agree(partnerId)`: the partner agrees to the current version; when that makes every partner,
 *   the boundary is agreed. Agreeing again changes nothing (PUT is idempotent).
 * - `withdraw(partnerId)`: the partner's agreement to the current version is withdrawn; an agreed
 *   boundary goes back to proposed. Withdrawing what was not given changes nothing (so is DELETE).
 * - `revise(text)`: a new version with the new text, which nobody agrees to yet: an agreed boundary
 *   goes back to proposed until both agree again. The same text again changes nothing.
 * - `retire()`: final, from proposed or agreed; the agreements stay as history. Retiring twice is
 *   ALREADY_RETIRED, as the house answers a repeated status change.
 * Any other action on a retired boundary is RETIRED; an id that is not a partner is NOT_A_PARTNER.
 */
export function decideBoundary(state: BoundaryState, action: BoundaryAction): BoundaryDecision {
  if (state.status === 'retired') {
    return action.type === 'retire'
      ? refuse('ALREADY_RETIRED', 'The boundary is already retired.')
      : refuse('RETIRED', 'The boundary is retired: it no longer changes.');
  }
  switch (action.type) {
    case 'agree':
      return agree(state, action.partnerId.toLowerCase());
    case 'withdraw':
      return withdraw(state, action.partnerId.toLowerCase());
    case 'revise':
      return revise(state, action.text);
    case 'retire':
      return { ok: true, state: { ...state, status: 'retired' }, changed: true };
  }
}

function agree(state: BoundaryState, partnerId: string): BoundaryDecision {
  if (!state.partnerIds.includes(partnerId)) return notAPartner();
  if (agrees(state, partnerId)) return unchanged(state);
  return changedTo({ ...state, agreements: [...state.agreements, { partnerId, version: state.version }] });
}

function withdraw(state: BoundaryState, partnerId: string): BoundaryDecision {
  if (!state.partnerIds.includes(partnerId)) return notAPartner();
  if (!agrees(state, partnerId)) return unchanged(state);
  const agreements = state.agreements.filter((agreement) => !(agreement.partnerId === partnerId && agreement.version === state.version));
  return changedTo({ ...state, agreements });
}

function revise(state: BoundaryState, text: string): BoundaryDecision {
  if (text === state.text) return unchanged(state);
  return changedTo({ ...state, version: state.version + 1, text });
}

function changedTo(state: BoundaryState): BoundaryDecision {
  return { ok: true, state: { ...state, status: agreementStatusOf(state) }, changed: true };
}

function unchanged(state: BoundaryState): BoundaryDecision {
  return { ok: true, state, changed: false };
}

function notAPartner(): BoundaryDecision {
  return refuse('NOT_A_PARTNER', 'Only a partner the boundary is for can agree to it or withdraw an agreement.');
}

function refuse(code: BoundaryRefusalCode, detail: string): BoundaryDecision {
  return { ok: false, refusal: { code, detail } };
}
