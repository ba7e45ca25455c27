import type { CutOffDefinition } from '../built-in/instrument-definition';

/** Whether a score is on the flagged side of a cut-off: strictly below its value, or strictly above it. */
export function meetsCutOff(cutOff: Pick<CutOffDefinition, 'value' | 'direction'>, score: number): boolean {
  return cutOff.direction === 'below' ? score < cutOff.value : score > cutOff.value;
}

/** The cut-offs a score meets, in the instrument's order. */
export function cutOffsMet<C extends Pick<CutOffDefinition, 'value' | 'direction'>>(cutOffs: readonly C[], score: number): C[] {
  return cutOffs.filter((cutOff) => meetsCutOff(cutOff, score));
}
