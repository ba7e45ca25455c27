import type { BetterDirection } from '../built-in/instrument-definition';
import { roundScore } from './scoring';

export const CHANGE_DIRECTIONS = ['improved', 'worsened', 'unchanged'] as const;
export type ChangeDirection = (typeof CHANGE_DIRECTIONS)[number];

export interface ChangeFromBaseline {
  /** latest − baseline, to two decimals. */
  change: number;
  /** Which way the change goes, given which way the instrument's score is better. */
  direction: ChangeDirection;
  /** Whether |change| reaches the threshold; null when the instrument has none. */
  reliable: boolean | null;
}

/**
 * The change from a baseline to the latest score: its size, whether it is an improvement given
 * which way the score is better, and whether it is reliable (|latest − baseline| ≥ threshold).
 */
export function changeFromBaseline(baseline: number, latest: number, threshold: number | null, better: BetterDirection): ChangeFromBaseline {
  const change = roundScore(latest - baseline);
  const direction: ChangeDirection = change === 0 ? 'unchanged' : (change > 0) === (better === 'higher') ? 'improved' : 'worsened';
  return { change, direction, reliable: threshold === null ? null : Math.abs(change) >= threshold };
}
