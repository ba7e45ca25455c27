import { Resvg } from '@resvg/resvg-js';
import { EXAMPLE_CHART } from '../../scripts/docs/trend-chart-example';
import { BAND_COLOR, CHART_HEIGHT, CHART_WIDTH, describe as describeChart, SERIES_STYLES, TrendChartInput, trendChartSvg } from './trend-chart';

/** The chart rasterised (without fonts: the shapes are what is checked), as RGBA pixels. */
function pixels(svg: string): { width: number; height: number; data: Buffer } {
  const image = new Resvg(svg, { fitTo: { mode: 'original' }, font: { loadSystemFonts: false } }).render();
  return { width: image.width, height: image.height, data: Buffer.from(image.pixels) };
}

/** How many pixels have exactly this colour. */
function count(image: { data: Buffer }, hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
  let n = 0;
  for (let i = 0; i < image.data.length; i += 4) if (image.data[i] === r && image.data[i + 1] === g && image.data[i + 2] === b) n++;
  return n;
}

describe('trendChartSvg', () => {
  it('renders both partners’ lines in their own colours and the cut-off band, at the documented size', () => {
    const image = pixels(trendChartSvg(EXAMPLE_CHART));
    expect([image.width, image.height]).toEqual([CHART_WIDTH, CHART_HEIGHT]);
    expect(count(image, SERIES_STYLES[0].color)).toBeGreaterThan(300);
    expect(count(image, SERIES_STYLES[1].color)).toBeGreaterThan(300);
    // The band covers the plot below 13.5 of 21 points: a large share of it.
    expect(count(image, BAND_COLOR)).toBeGreaterThan(50_000);
  });

  it('draws nothing of a series that is not there, and no band without a cut-off', () => {
    const image = pixels(trendChartSvg({ ...EXAMPLE_CHART, cutOffs: [], series: [EXAMPLE_CHART.series[0]] }));
    expect(count(image, SERIES_STYLES[0].color)).toBeGreaterThan(300);
    expect(count(image, SERIES_STYLES[1].color)).toBe(0);
    expect(count(image, BAND_COLOR)).toBe(0);
  });

  it('puts a higher score higher up and a later day further right', () => {
    const input: TrendChartInput = { ...EXAMPLE_CHART, markers: [], series: [{ name: 'A', points: [{ date: '2031-01-07', score: 5 }, { date: '2031-02-07', score: 15 }] }] };
    const circles = [...trendChartSvg(input).matchAll(/<circle cx="([\d.]+)" cy="([\d.]+)"/g)].map((m) => [Number(m[1]), Number(m[2])]);
    expect(circles).toHaveLength(2);
    expect(circles[1][0]).toBeGreaterThan(circles[0][0]);
    expect(circles[1][1]).toBeLessThan(circles[0][1]);
  });

  it('is accessible: a title and a description that say what the lines show', () => {
    const svg = trendChartSvg(EXAMPLE_CHART);
    expect(svg).toMatch(/<svg [^>]*role="img" aria-labelledby="chart-title chart-desc"/);
    expect(svg).toContain('<title id="chart-title">CSI-4 relationship satisfaction: Ana and Ben Rivera</title>');
    const desc = describeChart(EXAMPLE_CHART);
    expect(desc).toContain('Ana Rivera: 12 answers, from 9 on 2031-01-07 to 16 on 2031-03-25.');
    expect(desc).toContain('Below 13.5: notable relationship dissatisfaction.');
    expect(desc).toContain('Setback: a missed check-in.');
  });

  it('escapes names and labels', () => {
    const svg = trendChartSvg({ ...EXAMPLE_CHART, series: [{ name: 'Ana <script>&', points: [] }], markers: [{ date: '2031-01-10', kind: 'setback', label: '"quoted" & <b>' }] });
    expect(svg).not.toContain('<script>');
    expect(svg).toContain('Ana &lt;script&gt;&amp;');
    expect(svg).toContain('&quot;quoted&quot; &amp; &lt;b&gt;');
    expect(() => pixels(svg)).not.toThrow();
  });
});
