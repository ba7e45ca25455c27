/** The partners of a boundary's couple, and who reported and committed a breach of it. */
export interface BreachParties {
  partnerIds: readonly [string, string];
  breachedBy: string;
  /** The partner who reported it; null when the practitioner did. */
  reportedBy: string | null;
}

/**
 * Who acknowledges a breach: "the other partner". When a partner reported it, the other partner
 * of the couple (the one in breach, or, for a self-report, the partner the boundary protects);
 * when the practitioner reported it, the partner in breach, whose acknowledgement is the
 * accountability step 5 asks for.
 */
export function acknowledgerOf(parties: BreachParties): string {
  const [a, b] = parties.partnerIds;
  if (parties.reportedBy === null) return parties.breachedBy;
  return parties.reportedBy === a ? b : a;
}
