import { CSI_4_INSTRUMENT } from '../built-in/csi-4';
import { cutOffsMet, meetsCutOff } from './cut-offs';

describe('cut-offs', () => {
  it('flags a score strictly below a `below` cut-off and strictly above an `above` one', () => {
    expect(meetsCutOff({ value: 13.5, direction: 'below' }, 13)).toBe(true);
    expect(meetsCutOff({ value: 13.5, direction: 'below' }, 13.5)).toBe(false);
    expect(meetsCutOff({ value: 13.5, direction: 'below' }, 14)).toBe(false);
    expect(meetsCutOff({ value: 10, direction: 'above' }, 10.01)).toBe(true);
    expect(meetsCutOff({ value: 10, direction: 'above' }, 10)).toBe(false);
  });

  it('gives the CSI-4’s dissatisfaction cut-off for 13 and below, not for 14 and above', () => {
    const [cutOff] = CSI_4_INSTRUMENT.cutOffs;
    expect(cutOffsMet(CSI_4_INSTRUMENT.cutOffs, 13)).toEqual([cutOff]);
    expect(cutOffsMet(CSI_4_INSTRUMENT.cutOffs, 14)).toEqual([]);
    expect(cutOff.meaning).toMatch(/dissatisfaction/);
  });

  it('gives every cut-off met, in the instrument’s order', () => {
    const cutOffs = [
      { value: 20, direction: 'below' as const, meaning: 'moderate' },
      { value: 10, direction: 'below' as const, meaning: 'severe' },
      { value: 30, direction: 'above' as const, meaning: 'high' },
    ];
    expect(cutOffsMet(cutOffs, 5).map((c) => c.meaning)).toEqual(['moderate', 'severe']);
    expect(cutOffsMet(cutOffs, 31).map((c) => c.meaning)).toEqual(['high']);
  });
});
