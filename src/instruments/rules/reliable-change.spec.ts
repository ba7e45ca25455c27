import { changeFromBaseline } from './reliable-change';

describe('changeFromBaseline', () => {
  it('is reliable when |latest − baseline| reaches the threshold, exactly at it included', () => {
    expect(changeFromBaseline(4, 6, 2, 'higher')).toEqual({ change: 2, direction: 'improved', reliable: true });
    expect(changeFromBaseline(4, 5.99, 2, 'higher')).toEqual({ change: 1.99, direction: 'improved', reliable: false });
    expect(changeFromBaseline(6, 3.5, 2, 'higher')).toEqual({ change: -2.5, direction: 'worsened', reliable: true });
  });

  it('calls a fall an improvement where lower is better', () => {
    expect(changeFromBaseline(20, 12, 5, 'lower')).toEqual({ change: -8, direction: 'improved', reliable: true });
    expect(changeFromBaseline(12, 20, 5, 'lower')).toEqual({ change: 8, direction: 'worsened', reliable: true });
  });

  it('says nothing about reliability without a threshold, and calls no change unchanged', () => {
    expect(changeFromBaseline(10, 15, null, 'higher')).toEqual({ change: 5, direction: 'improved', reliable: null });
    expect(changeFromBaseline(7, 7, 2, 'higher')).toEqual({ change: 0, direction: 'unchanged', reliable: false });
  });

  it('measures the change on two decimals, so that floating point does not miss the threshold', () => {
    expect(changeFromBaseline(4.1, 6.1, 2, 'higher').reliable).toBe(true);
    expect(changeFromBaseline(0.3, 0.1, 0.2, 'lower')).toEqual({ change: -0.2, direction: 'improved', reliable: true });
  });
});
