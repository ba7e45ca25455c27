import { BUILT_IN_INSTRUMENTS } from '../built-in/built-in-instruments';
import { ItemDefinition } from '../built-in/instrument-definition';
import { instrumentStructureErrors } from './instrument-structure';

const item = (id: string, overrides: Partial<ItemDefinition> = {}): ItemDefinition => ({ id, text: id, min: 0, max: 4, anchors: [], reverseScored: false, ...overrides });
const base = { items: [item('a'), item('b')], scoring: { method: 'sum' as const, multiplier: 1 }, cutOffs: [], reliableChange: null };

describe('instrumentStructureErrors', () => {
  it('finds nothing wrong with the built-in instruments', () => {
    for (const { definition } of BUILT_IN_INSTRUMENTS) expect(instrumentStructureErrors(definition)).toEqual([]);
  });

  it('refuses a repeated item id and an item whose max is not above its min', () => {
    expect(instrumentStructureErrors({ ...base, items: [item('a'), item('a', { min: 3, max: 3 })] })).toEqual([
      { field: 'items[1].id', message: 'repeats items[0].id' },
      { field: 'items[1].max', message: 'must be greater than min' },
    ]);
  });

  it('refuses anchors outside the item’s values, and anchors out of order or repeated', () => {
    const anchors = [
      { value: 0, label: 'Never' },
      { value: 0, label: 'Again' },
      { value: 5, label: 'Beyond' },
    ];
    expect(instrumentStructureErrors({ ...base, items: [item('a', { anchors })] }).map((e) => e.field)).toEqual(['items[0].anchors[1].value', 'items[0].anchors[2].value']);
  });

  it('refuses a cut-off outside the score range or repeated, and a reliable-change threshold wider than the range', () => {
    const errors = instrumentStructureErrors({
      ...base,
      cutOffs: [
        { value: 9, direction: 'below', meaning: 'x' },
        { value: 4, direction: 'above', meaning: 'y' },
        { value: 4, direction: 'above', meaning: 'z' },
      ],
      reliableChange: { threshold: 9, source: 'a convention' },
    });
    expect(errors.map((e) => e.field)).toEqual(['cutOffs[0].value', 'cutOffs[2]', 'reliableChange.threshold']);
    expect(errors[0].message).toBe('must be within the score range, 0 to 8');
  });
});
