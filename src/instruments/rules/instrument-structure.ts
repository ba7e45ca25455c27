import type { FieldError } from '../../errors/domain-error';
import type { CutOffDefinition, ItemDefinition, ReliableChangeDefinition, ScoringDefinition } from '../built-in/instrument-definition';
import { scoreRange } from './scoring';

export const INSTRUMENT_LIMITS = { minItems: 1, maxItems: 100, minValue: -1000, maxValue: 1000, maxAnchors: 101, maxCutOffs: 10 } as const;

interface InstrumentStructure {
  items: readonly ItemDefinition[];
  scoring: ScoringDefinition;
  cutOffs: readonly CutOffDefinition[];
  reliableChange: ReliableChangeDefinition | null;
}

/**
 * What the field validators can't see: item ids unique, each item's min below its max, anchors
 * within min..max, each value labelled once, in ascending order; cut-offs inside the score range
 * and not repeated; a reliable-change threshold no wider than the range.
 */
export function instrumentStructureErrors(instrument: InstrumentStructure): FieldError[] {
  const errors: FieldError[] = [];
  const ids = new Map<string, number>();
  let itemsValid = true;
  instrument.items.forEach((item, i) => {
    const field = `items[${i}]`;
    const earlier = ids.get(item.id);
    if (earlier !== undefined) errors.push({ field: `${field}.id`, message: `repeats items[${earlier}].id` });
    else ids.set(item.id, i);
    if (item.min >= item.max) {
      errors.push({ field: `${field}.max`, message: 'must be greater than min' });
      itemsValid = false;
    }
    item.anchors.forEach((anchor, j) => {
      if (anchor.value < item.min || anchor.value > item.max) {
        errors.push({ field: `${field}.anchors[${j}].value`, message: `must be from the item’s min (${item.min}) to its max (${item.max})` });
      } else if (j > 0 && anchor.value <= item.anchors[j - 1].value) {
        errors.push({ field: `${field}.anchors[${j}].value`, message: 'must be greater than the previous anchor’s value: one label per value, in ascending order' });
      }
    });
  });
  if (!itemsValid || instrument.items.length === 0) return errors;
  const range = scoreRange(instrument.items, instrument.scoring);
  const seen = new Set<string>();
  instrument.cutOffs.forEach((cutOff, i) => {
    if (cutOff.value < range.min || cutOff.value > range.max) {
      errors.push({ field: `cutOffs[${i}].value`, message: `must be within the score range, ${range.min} to ${range.max}` });
    }
    const key = `${cutOff.direction} ${cutOff.value}`;
    if (seen.has(key)) errors.push({ field: `cutOffs[${i}]`, message: 'repeats an earlier cut-off’s value and direction' });
    seen.add(key);
  });
  if (instrument.reliableChange && instrument.reliableChange.threshold > range.max - range.min) {
    errors.push({ field: 'reliableChange.threshold', message: `must be at most the width of the score range (${range.max - range.min})` });
  }
  return errors;
}
