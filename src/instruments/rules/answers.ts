import type { FieldError } from '../../errors/domain-error';
import type { ItemDefinition } from '../built-in/instrument-definition';

/** One answer as sent: naming its item by id or by 0-based position, with the value chosen. */
export interface AnswerInput {
  itemId?: string | null;
  index?: number | null;
  value: number;
}

export type AnswerCheck = { values: number[]; errors: [] } | { values: null; errors: FieldError[] };

/**
 * Checks a set of answers against the instrument's items: each answer names an item that exists
 * (by `itemId`, or by `index`, its 0-based position), every item is answered exactly once, and each
 * value is an integer from the item's min to its max. Returns the values in the items' order, or
 * every error found, each naming the answer at fault (`answers[2].value`).
 */
export function checkAnswers(items: readonly ItemDefinition[], answers: readonly AnswerInput[]): AnswerCheck {
  const errors: FieldError[] = [];
  const positions = new Map(items.map((item, i) => [item.id, i]));
  const values: (number | undefined)[] = new Array(items.length).fill(undefined);
  const answeredBy: (number | undefined)[] = new Array(items.length).fill(undefined);
  answers.forEach((answer, a) => {
    const field = `answers[${a}]`;
    const byId = answer.itemId !== undefined && answer.itemId !== null;
    const byIndex = answer.index !== undefined && answer.index !== null;
    if (byId === byIndex) {
      errors.push({ field, message: 'give exactly one of itemId and index' });
      return;
    }
    let position: number | undefined;
    if (byId) {
      position = positions.get(answer.itemId!);
      if (position === undefined) errors.push({ field: `${field}.itemId`, message: `is not an item of the instrument: ${items.map((i) => i.id).join(', ')}` });
    } else {
      const index = answer.index!;
      if (Number.isInteger(index) && index >= 0 && index < items.length) position = index;
      else errors.push({ field: `${field}.index`, message: `must be an integer from 0 to ${items.length - 1}` });
    }
    if (position === undefined) return;
    const earlier = answeredBy[position];
    if (earlier !== undefined) {
      errors.push({ field, message: `answers item ${items[position].id} again (answers[${earlier}] answered it)` });
      return;
    }
    answeredBy[position] = a;
    const item = items[position];
    if (!Number.isInteger(answer.value) || answer.value < item.min || answer.value > item.max) {
      errors.push({ field: `${field}.value`, message: `must be an integer from ${item.min} to ${item.max} for item ${item.id}` });
      return;
    }
    values[position] = answer.value;
  });
  items.forEach((item, i) => {
    if (answeredBy[i] === undefined) errors.push({ field: 'answers', message: `item ${item.id} (index ${i}) is not answered` });
  });
  if (errors.length > 0) return { values: null, errors };
  return { values: values as number[], errors: [] };
}
