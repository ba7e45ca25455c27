import { BUILT_IN_INSTRUMENTS } from './built-in-instruments';
import { CSI_4_INSTRUMENT } from './csi-4';
import { TRUST_CHECK_IN_INSTRUMENT } from './trust-check-in';

describe('built-in instruments', () => {
  it('have distinct stable ids and keys', () => {
    expect(new Set(BUILT_IN_INSTRUMENTS.map((i) => i.id)).size).toBe(BUILT_IN_INSTRUMENTS.length);
    expect(BUILT_IN_INSTRUMENTS.map((i) => i.definition.key)).toEqual(['trust-check-in', 'csi-4']);
  });

  it('give the CSI-4 its published items, labels, scoring and cut-off, and no uncited reliable-change threshold', () => {
    const csi = CSI_4_INSTRUMENT;
    expect(csi.items.map((i) => i.text)).toEqual([
      'Please indicate the degree of happiness, all things considered, of your relationship.',
      'I have a warm and comfortable relationship with my partner.',
      'How rewarding is your relationship with your partner?',
      'In general, how satisfied are you with your relationship?',
    ]);
    expect(csi.items.map((i) => [i.min, i.max])).toEqual([[0, 6], [0, 5], [0, 5], [0, 5]]);
    expect(csi.items[0].anchors.map((a) => a.label)).toEqual(['Extremely Unhappy', 'Fairly Unhappy', 'A Little Unhappy', 'Happy', 'Very Happy', 'Extremely Happy', 'Perfect']);
    expect(csi.items[1].anchors.map((a) => a.label)).toEqual(['Not at all TRUE', 'A little TRUE', 'Somewhat TRUE', 'Mostly TRUE', 'Almost Completely TRUE', 'Completely TRUE']);
    expect(csi.items[2].anchors).toEqual(csi.items[3].anchors);
    expect(csi.items[3].anchors.map((a) => a.label)).toEqual(['Not at all', 'A little', 'Somewhat', 'Mostly', 'Almost Completely', 'Completely']);
    expect(csi.items.every((i) => i.anchors.map((a) => a.value).join() === Array.from({ length: i.max + 1 }, (_, v) => v).join())).toBe(true);
    expect(csi.scoring).toEqual({ method: 'sum', multiplier: 1 });
    expect(csi.cutOffs).toEqual([expect.objectContaining({ value: 13.5, direction: 'below' })]);
    expect(csi.reliableChange).toBeNull();
    expect(csi.citation).toMatch(/Funk, J\. L\., & Rogge, R\. D\. \(2007\).*Journal of Family Psychology, 21\(4\), 572–583/);
  });

  it('give the Trust check-in a threshold whose source says it is TrustPath’s convention, not a validated norm', () => {
    expect(TRUST_CHECK_IN_INSTRUMENT.reliableChange?.threshold).toBe(2);
    expect(TRUST_CHECK_IN_INSTRUMENT.reliableChange?.source).toMatch(/TrustPath’s own working convention.*not a validated/);
    expect(TRUST_CHECK_IN_INSTRUMENT.items[0].text).toBe('How much do you trust your partner right now?');
  });
});
