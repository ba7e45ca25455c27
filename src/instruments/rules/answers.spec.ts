import { CSI_4_INSTRUMENT } from '../built-in/csi-4';
import { checkAnswers } from './answers';

const items = CSI_4_INSTRUMENT.items;

describe('checkAnswers', () => {
  it('takes answers by item id or by 0-based index, in any order, and gives the values in the items’ order', () => {
    const check = checkAnswers(items, [
      { itemId: 'satisfied', value: 2 },
      { index: 0, value: 6 },
      { itemId: 'rewarding', value: 3 },
      { index: 1, value: 0 },
    ]);
    expect(check).toEqual({ values: [6, 0, 3, 2], errors: [] });
  });

  it('names each value outside its item’s min..max, and each value that is not an integer', () => {
    const check = checkAnswers(items, [
      { index: 0, value: 7 },
      { index: 1, value: -1 },
      { index: 2, value: 2.5 },
      { index: 3, value: 5 },
    ]);
    expect(check.values).toBeNull();
    expect(check.errors.map((e) => e.field)).toEqual(['answers[0].value', 'answers[1].value', 'answers[2].value']);
    expect(check.errors[0].message).toContain('from 0 to 6');
    expect(check.errors[1].message).toContain('from 0 to 5');
  });

  it('refuses a missing item, an item answered twice, an unknown item id and an index out of range', () => {
    const check = checkAnswers(items, [
      { index: 0, value: 1 },
      { itemId: 'happiness', value: 2 },
      { itemId: 'trust-now', value: 1 },
      { index: 4, value: 1 },
      { index: 1, value: 1 },
    ]);
    expect(check.errors).toEqual([
      { field: 'answers[1]', message: 'answers item happiness again (answers[0] answered it)' },
      { field: 'answers[2].itemId', message: expect.stringContaining('is not an item') },
      { field: 'answers[3].index', message: 'must be an integer from 0 to 3' },
      { field: 'answers', message: 'item rewarding (index 2) is not answered' },
      { field: 'answers', message: 'item satisfied (index 3) is not answered' },
    ]);
  });

  it('wants exactly one of itemId and index per answer', () => {
    const check = checkAnswers(items, [{ itemId: 'happiness', index: 0, value: 1 }, { value: 1 }]);
    expect(check.errors.slice(0, 2)).toEqual([
      { field: 'answers[0]', message: 'give exactly one of itemId and index' },
      { field: 'answers[1]', message: 'give exactly one of itemId and index' },
    ]);
  });

  it('refuses an empty set of answers item by item', () => {
    expect(checkAnswers(items, []).errors).toHaveLength(4);
  });
});
