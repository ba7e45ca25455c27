import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { addDays } from '../../src/common/calendar-date';
import { Resvg } from '@resvg/resvg-js';
import { TrendChartInput, trendChartSvg } from '../../src/reports/trend-chart';

const START = '2031-01-06';
/** Weekly CSI-4 totals of two partners over 12 weeks: a wide gap that narrows, a dip after a setback in week 7. */
const ANA = [9, 10, 10, 11, 12, 13, 11, 12, 14, 15, 15, 16];
const BEN = [15, 15, 14, 15, 16, 16, 13, 14, 15, 16, 17, 17];

/** A realistic 12-week example of the trend chart a therapist gets, for the documentation. */
export const EXAMPLE_CHART: TrendChartInput = {
  title: 'CSI-4 relationship satisfaction: Ana and Ben Rivera',
  min: 0,
  max: 21,
  cutOffs: [{ value: 13.5, direction: 'below', meaning: 'notable relationship dissatisfaction' }],
  from: START,
  to: addDays(START, 7 * 12 - 1),
  series: [
    { name: 'Ana Rivera', points: ANA.map((score, week) => ({ date: addDays(START, week * 7 + 1), score })) },
    { name: 'Ben Rivera', points: BEN.map((score, week) => ({ date: addDays(START, week * 7 + 2), score })) },
  ],
  markers: [
    { date: addDays(START, 13), kind: 'step', label: 'Step 2 started' },
    { date: addDays(START, 34), kind: 'step', label: 'Step 3 started' },
    { date: addDays(START, 44), kind: 'setback', label: 'Setback: a missed check-in' },
    { date: addDays(START, 62), kind: 'step', label: 'Step 4 started' },
  ],
};

/** The SVG as a PNG at twice its size, in the machine's fonts (DejaVu Sans where Helvetica and Arial are missing). */
export function chartPng(chart: TrendChartInput): Buffer {
  return new Resvg(trendChartSvg(chart), { fitTo: { mode: 'zoom', value: 2 }, font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' } }).render().asPng();
}

if (require.main === module) {
  const docs = join(__dirname, '..', '..', 'docs');
  writeFileSync(join(docs, 'trend-chart-example.svg'), `${trendChartSvg(EXAMPLE_CHART)}\n`);
  writeFileSync(join(docs, 'trend-chart-example.png'), chartPng(EXAMPLE_CHART));
  process.stdout.write('wrote docs/trend-chart-example.svg and docs/trend-chart-example.png\n');
}
