import type { ItemDefinition, ScoringDefinition } from '../built-in/instrument-definition';

/** Scores are kept to two decimals: a mean of three 0–10 items is 6.67, not 6.666666666666667. */
export function roundScore(value: number): number {
  const rounded = Math.round((value + Math.sign(value) * Number.EPSILON) * 100) / 100;
  return Object.is(rounded, -0) ? 0 : rounded;
}

/** The value an answer counts for: a reverse-scored item's answer turned around (min + max - value). */
export function itemScore(item: Pick<ItemDefinition, 'min' | 'max' | 'reverseScored'>, value: number): number {
  return item.reverseScored ? item.min + item.max - value : value;
}

function combine(values: readonly number[], scoring: ScoringDefinition): number {
  const sum = values.reduce((total, value) => total + value, 0);
  const raw = scoring.method === 'sum' ? sum : sum / values.length;
  return roundScore(raw * scoring.multiplier);
}

/**
 * The score of a complete set of answers, one value per item in the items' order (already
 * validated: `answerErrors`). Reverse-scored items count as min + max - value; then the sum or
 * the mean, times the multiplier, to two decimals.
 */
export function score(items: readonly ItemDefinition[], values: readonly number[], scoring: ScoringDefinition): number {
  if (items.length === 0 || values.length !== items.length) throw new Error('score() needs exactly one value per item');
  return combine(items.map((item, i) => itemScore(item, values[i])), scoring);
}

/** The lowest and highest score the instrument can give: every item at its lowest, every item at its highest. */
export function scoreRange(items: readonly Pick<ItemDefinition, 'min' | 'max'>[], scoring: ScoringDefinition): { min: number; max: number } {
  if (items.length === 0) throw new Error('scoreRange() needs at least one item');
  // Reversing an item maps min..max onto itself, so the bounds are the same either way.
  const low = combine(items.map((item) => item.min), scoring);
  const high = combine(items.map((item) => item.max), scoring);
  return { min: Math.min(low, high), max: Math.max(low, high) };
}
