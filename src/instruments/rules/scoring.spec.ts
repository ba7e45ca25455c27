import { CSI_4_INSTRUMENT } from '../built-in/csi-4';
import { ItemDefinition } from '../built-in/instrument-definition';
import { TRUST_CHECK_IN_INSTRUMENT } from '../built-in/trust-check-in';
import { itemScore, roundScore, score, scoreRange } from './scoring';

const item = (id: string, min: number, max: number, reverseScored = false): ItemDefinition => ({ id, text: id, min, max, anchors: [], reverseScored });

describe('scoring', () => {
  it('turns a reverse-scored answer around: min + max - value', () => {
    expect(itemScore(item('a', 0, 10, true), 3)).toBe(7);
    expect(itemScore(item('a', 1, 5, true), 1)).toBe(5);
    expect(itemScore(item('a', 1, 5, true), 3)).toBe(3);
    expect(itemScore(item('a', 1, 5), 2)).toBe(2);
  });

  it('sums or averages the item scores, reverse items turned around first', () => {
    const items = [item('a', 0, 4), item('b', 0, 4, true), item('c', 0, 4)];
    expect(score(items, [4, 0, 2], { method: 'sum', multiplier: 1 })).toBe(10);
    expect(score(items, [4, 0, 2], { method: 'mean', multiplier: 1 })).toBe(3.33);
    expect(score(items, [4, 4, 2], { method: 'sum', multiplier: 1 })).toBe(6);
  });

  it('applies the multiplier after the sum or mean, to two decimals', () => {
    const items = [item('a', 0, 10), item('b', 0, 10), item('c', 0, 10)];
    expect(score(items, [7, 6, 7], { method: 'mean', multiplier: 10 })).toBe(66.67);
    expect(score(items, [1, 0, 0], { method: 'sum', multiplier: 0.5 })).toBe(0.5);
  });

  it('refuses a set of values that is not one per item', () => {
    expect(() => score([item('a', 0, 1)], [1, 0], { method: 'sum', multiplier: 1 })).toThrow();
  });

  it('gives the score range from every item at its lowest and at its highest', () => {
    expect(scoreRange([item('a', 0, 6), item('b', 0, 5, true)], { method: 'sum', multiplier: 1 })).toEqual({ min: 0, max: 11 });
    expect(scoreRange([item('a', 1, 5), item('b', 1, 7)], { method: 'mean', multiplier: 1 })).toEqual({ min: 1, max: 6 });
    expect(scoreRange([item('a', 0, 10)], { method: 'mean', multiplier: -1 })).toEqual({ min: -10, max: 0 });
  });

  it('scores the CSI-4 from 0 to 21 by its sum, and the Trust check-in from 0 to 10 by its mean', () => {
    const csi = CSI_4_INSTRUMENT;
    expect(scoreRange(csi.items, csi.scoring)).toEqual({ min: 0, max: 21 });
    expect(score(csi.items, [0, 0, 0, 0], csi.scoring)).toBe(0);
    expect(score(csi.items, [6, 5, 5, 5], csi.scoring)).toBe(21);
    expect(score(csi.items, [3, 4, 3, 3], csi.scoring)).toBe(13);
    const trust = TRUST_CHECK_IN_INSTRUMENT;
    expect(scoreRange(trust.items, trust.scoring)).toEqual({ min: 0, max: 10 });
    expect(score(trust.items, [4, 5, 5], trust.scoring)).toBe(4.67);
  });

  it('rounds half away from zero and never gives -0', () => {
    expect(roundScore(1.005)).toBe(1.01);
    expect(roundScore(-0.001)).toBe(0);
    expect(Object.is(roundScore(-0.001), -0)).toBe(false);
  });
});
