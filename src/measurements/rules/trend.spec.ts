import { pairAnswers, summarizeTrend, TrendPoint } from './trend';

const point = (id: string, at: string, score: number): TrendPoint => ({ measurementId: id, takenAt: new Date(at), day: at.slice(0, 10), score });
const CSI_CUT = { value: 13.5, direction: 'below' as const, meaning: 'notable relationship dissatisfaction' };

describe('pairAnswers', () => {
  it('pairs each answer with the partner’s nearest within the window, each answer once', () => {
    const a = [point('a1', '2031-01-06T18:00:00Z', 9), point('a2', '2031-01-13T18:00:00Z', 10), point('a3', '2031-01-27T18:00:00Z', 12)];
    const b = [point('b1', '2031-01-07T09:00:00Z', 15), point('b2', '2031-01-08T09:00:00Z', 14), point('b3', '2031-01-20T09:00:00Z', 13)];
    const pairs = pairAnswers(a, b, 3);
    expect(pairs.map((p) => [p.a.measurementId, p.b.measurementId, p.difference, p.daysApart])).toEqual([
      ['a1', 'b1', -6, 1],
      // b2 is 5 days from a2: outside the window. a3 is 7 days from b3: also outside.
    ]);
    expect(pairAnswers(a, b, 7).map((p) => [p.a.measurementId, p.b.measurementId])).toEqual([
      ['a1', 'b1'],
      ['a2', 'b2'],
      ['a3', 'b3'],
    ]);
  });

  it('takes the closest pairs first, so an answer does not take one that is closer to another', () => {
    const a = [point('a1', '2031-01-05T18:00:00Z', 10), point('a2', '2031-01-12T18:00:00Z', 14)];
    const b = [point('b1', '2031-01-13T09:00:00Z', 16)];
    // b1 is 8 days from a1 but 15 hours from a2: a2 gets it, a1 gets none.
    expect(pairAnswers(a, b, 14).map((p) => [p.a.measurementId, p.b.measurementId, p.difference])).toEqual([['a2', 'b1', -2]]);
  });

  it('takes the earlier answer on a tie, and never one already taken', () => {
    const a = [point('a1', '2031-01-10T12:00:00Z', 5), point('a2', '2031-01-10T13:00:00Z', 6)];
    const b = [point('b1', '2031-01-09T12:00:00Z', 7), point('b2', '2031-01-11T12:00:00Z', 8)];
    expect(pairAnswers(a, b, 1).map((p) => [p.a.measurementId, p.b.measurementId])).toEqual([
      ['a1', 'b1'],
      ['a2', 'b2'],
    ]);
    expect(pairAnswers(a, [b[0]], 1).map((p) => p.a.measurementId)).toEqual(['a1']);
  });

  it('pairs answers on the same day with a window of 0, and rounds the difference to two decimals', () => {
    const pairs = pairAnswers([point('a', '2031-01-10T08:00:00Z', 6.67)], [point('b', '2031-01-10T20:00:00Z', 3.33)], 0);
    expect(pairs).toEqual([expect.objectContaining({ difference: 3.34, daysApart: 0 })]);
    expect(pairAnswers([point('a', '2031-01-10T08:00:00Z', 1)], [point('b', '2031-01-11T08:00:00Z', 1)], 0)).toEqual([]);
  });
});

describe('summarizeTrend', () => {
  const series = [point('m2', '2031-01-13T10:00:00Z', 12), point('m3', '2031-01-20T10:00:00Z', 14), point('m4', '2031-01-27T10:00:00Z', 13), point('m5', '2031-02-03T10:00:00Z', 16)];
  const baseline = point('m1', '2031-01-06T10:00:00Z', 9);

  it('gives baseline, previous, latest and a reliable improvement when the change reaches the threshold', () => {
    const summary = summarizeTrend(series, { baseline, before: baseline, cutOffs: [CSI_CUT], threshold: 5, better: 'higher' });
    expect(summary.baseline?.measurementId).toBe('m1');
    expect(summary.previous?.measurementId).toBe('m4');
    expect(summary.latest?.measurementId).toBe('m5');
    expect(summary.change).toEqual({ change: 7, direction: 'improved', reliable: true });
    expect(summarizeTrend(series, { baseline, before: null, cutOffs: [], threshold: 8, better: 'higher' }).change).toEqual({ change: 7, direction: 'improved', reliable: false });
    expect(summarizeTrend(series, { baseline, before: null, cutOffs: [], threshold: null, better: 'lower' }).change).toEqual({ change: 7, direction: 'worsened', reliable: null });
  });

  it('finds each crossing of a cut-off, in and out, the first compared with the point before the period', () => {
    const crossings = summarizeTrend(series, { baseline, before: baseline, cutOffs: [CSI_CUT], threshold: null, better: 'higher' }).crossings;
    expect(crossings.map((c) => [c.measurementId, c.entered])).toEqual([
      ['m3', false],
      ['m4', true],
      ['m5', false],
    ]);
    // Without a point before the period, the first point crosses nothing.
    expect(summarizeTrend([series[1], series[2]], { baseline, before: null, cutOffs: [CSI_CUT], threshold: null, better: 'higher' }).crossings.map((c) => c.measurementId)).toEqual(['m4']);
  });

  it('has no change for a single measurement or none', () => {
    expect(summarizeTrend([baseline], { baseline, before: null, cutOffs: [], threshold: 2, better: 'higher' })).toMatchObject({ latest: baseline, previous: null, change: null });
    expect(summarizeTrend([], { baseline: null, before: null, cutOffs: [], threshold: 2, better: 'higher' })).toEqual({ baseline: null, previous: null, latest: null, change: null, crossings: [] });
  });
});
