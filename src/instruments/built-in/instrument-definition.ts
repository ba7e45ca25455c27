/**
 * The shape of an instrument as content: the built-in ones are written in this shape, and an
 * organization's own are checked against it (`rules/instrument-structure.ts`). Item ids are the
 * stable identifiers answers name; texts and labels are what respondents read.
 */
export const SCORING_METHODS = ['sum', 'mean'] as const;
export type ScoringMethod = (typeof SCORING_METHODS)[number];

export const BETTER_DIRECTIONS = ['higher', 'lower'] as const;
/** Which way a score is better: `higher` for satisfaction or trust, `lower` for distress. */
export type BetterDirection = (typeof BETTER_DIRECTIONS)[number];

export const CUT_OFF_DIRECTIONS = ['below', 'above'] as const;
/** Which side of its value a cut-off flags: `below` is a score under it, `above` a score over it. */
export type CutOffDirection = (typeof CUT_OFF_DIRECTIONS)[number];

export interface AnchorDefinition {
  readonly value: number;
  readonly label: string;
}

export interface ItemDefinition {
  /** Kebab-case, unique within the instrument. */
  readonly id: string;
  readonly text: string;
  /** The lowest and highest answer, both integers, min < max. */
  readonly min: number;
  readonly max: number;
  /** Labels for some or all of the values min..max, in ascending order of value. */
  readonly anchors: readonly AnchorDefinition[];
  /** Scored as min + max - value, so that every item counts the same way. */
  readonly reverseScored: boolean;
}

export interface ScoringDefinition {
  readonly method: ScoringMethod;
  /** The factor the sum or mean is multiplied by (1: none), e.g. 10 to put a 0–10 mean on 0–100. */
  readonly multiplier: number;
}

export interface CutOffDefinition {
  readonly value: number;
  readonly direction: CutOffDirection;
  readonly meaning: string;
}

export interface ReliableChangeDefinition {
  /** The smallest change from baseline, in score points, taken as real rather than noise. */
  readonly threshold: number;
  /** Where the threshold comes from: a citation, or what convention it is. */
  readonly source: string;
}

export interface InstrumentDefinition {
  /** Kebab-case, unique among an organization's instruments and the built-in ones. */
  readonly key: string;
  /** Versions are immutable: a changed item, scoring or cut-off means a new version. */
  readonly version: number;
  readonly title: string;
  readonly description: string;
  /** In the order they are asked. */
  readonly items: readonly ItemDefinition[];
  readonly scoring: ScoringDefinition;
  readonly betterDirection: BetterDirection;
  readonly cutOffs: readonly CutOffDefinition[];
  /** Null when no threshold can be given with a source. */
  readonly reliableChange: ReliableChangeDefinition | null;
  /** The reference to cite, if any. */
  readonly citation: string | null;
  /** The terms of use. */
  readonly licence: string;
}
