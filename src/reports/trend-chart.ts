import { dayNumberOf } from '../common/calendar-date';

/** A score on a day. */
export interface TrendPoint {
  date: string;
  score: number;
}

export interface TrendSeries {
  /** Shown in the legend: the partner's name. */
  name: string;
  points: TrendPoint[];
}

export interface ChartCutOff {
  value: number;
  /** Scores on this side of `value` are the concerning ones. */
  direction: 'below' | 'above';
  meaning: string;
}

export interface TrendMarker {
  date: string;
  kind: 'step' | 'setback';
  label: string;
}

export interface TrendChartInput {
  title: string;
  /** The score's range, for the vertical axis. */
  min: number;
  max: number;
  cutOffs: ChartCutOff[];
  /** The days the horizontal axis spans (both included). */
  from: string;
  to: string;
  /** One or two series (a client's, or both partners'). */
  series: TrendSeries[];
  markers: TrendMarker[];
}

/** The two series' look: colours apart for colour-blind readers too, and apart again by dash and marker shape. */
export const SERIES_STYLES = [
  { color: '#1b6ca8', dash: '', marker: 'circle' },
  { color: '#c2410c', dash: '7 4', marker: 'square' },
] as const;
export const BAND_COLOR = '#fde2e2';
const INK = '#1f2933';
const MUTED = '#616e7c';
const GRID = '#e4e7eb';
const SETBACK = '#b91c1c';

export const CHART_WIDTH = 760;
export const CHART_HEIGHT = 380;
const PLOT = { left: 56, right: CHART_WIDTH - 24, top: 64, bottom: CHART_HEIGHT - 56 };

const escapeXml = (text: string) => text.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!);
const round = (n: number) => Math.round(n * 10) / 10;
const score = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(1));

/** A readable tick step for the score axis: about five gridlines. */
function scoreStep(min: number, max: number): number {
  const span = max - min;
  for (const step of [0.5, 1, 2, 5, 10, 20, 25, 50, 100]) if (span / step <= 6) return step;
  return Math.ceil(span / 5);
}

/** A chart's drawing in plain shapes, in drawing order, on a CHART_WIDTH × CHART_HEIGHT canvas: SVG and PDF draw the same. */
export type ChartShape =
  | { kind: 'rect'; x: number; y: number; width: number; height: number; fill: string }
  | { kind: 'line'; points: [number, number][]; stroke: string; width: number; dash: [number, number] | null }
  | { kind: 'circle'; x: number; y: number; r: number; fill: string }
  | { kind: 'text'; x: number; y: number; text: string; size: number; fill: string; anchor: 'start' | 'middle' | 'end'; bold: boolean };

const dashOf = (dash: string): [number, number] | null => (dash ? (dash.split(' ').map(Number) as [number, number]) : null);

/**
 * A trend chart as shapes: each series a line over the days of the period, the range where scores
 * are concerning shaded, step changes and setbacks as labelled vertical markers, a legend. Pure:
 * the same input gives the same shapes.
 */
export function trendChartShapes(input: TrendChartInput): ChartShape[] {
  const first = dayNumberOf(input.from);
  const days = Math.max(1, dayNumberOf(input.to) - first);
  const x = (date: string) => round(PLOT.left + ((dayNumberOf(date) - first) / days) * (PLOT.right - PLOT.left));
  const y = (value: number) => round(PLOT.bottom - ((value - input.min) / (input.max - input.min || 1)) * (PLOT.bottom - PLOT.top));
  const text = (at: [number, number], value: string, size: number, fill: string, anchor: 'start' | 'middle' | 'end' = 'start', bold = false): ChartShape => ({
    kind: 'text',
    x: at[0],
    y: at[1],
    text: value,
    size,
    fill,
    anchor,
    bold,
  });
  const shapes: ChartShape[] = [{ kind: 'rect', x: 0, y: 0, width: CHART_WIDTH, height: CHART_HEIGHT, fill: '#ffffff' }, text([PLOT.left, 24], input.title, 15, INK, 'start', true)];

  // The concerning range of each cut-off, shaded under everything else.
  for (const cut of input.cutOffs) {
    const [low, high] = cut.direction === 'below' ? [input.min, cut.value] : [cut.value, input.max];
    shapes.push(
      { kind: 'rect', x: PLOT.left, y: y(high), width: PLOT.right - PLOT.left, height: round(y(low) - y(high)), fill: BAND_COLOR },
      text([PLOT.right - 4, cut.direction === 'below' ? y(low) - 6 : y(high) + 14], `${cut.direction === 'below' ? 'Below' : 'Above'} ${score(cut.value)}: ${cut.meaning}`, 11, SETBACK, 'end'),
    );
  }

  // Score gridlines and labels.
  const step = scoreStep(input.min, input.max);
  for (let value = Math.ceil(input.min / step) * step; value <= input.max + 1e-9; value += step) {
    shapes.push(
      { kind: 'line', points: [[PLOT.left, y(value)], [PLOT.right, y(value)]], stroke: GRID, width: 1, dash: null },
      text([PLOT.left - 8, y(value) + 4], score(value), 11, MUTED, 'end'),
    );
  }
  // Day labels: the first of each month within the period, or the ends for a short one.
  const ticks = monthStarts(input.from, input.to);
  for (const date of ticks.length >= 2 ? ticks : [input.from, input.to]) shapes.push(text([x(date), PLOT.bottom + 18], date, 11, MUTED, 'middle'));
  shapes.push({ kind: 'line', points: [[PLOT.left, PLOT.bottom], [PLOT.right, PLOT.bottom]], stroke: MUTED, width: 1, dash: null });

  // Step changes and setbacks.
  input.markers.forEach((marker, i) => {
    const color = marker.kind === 'setback' ? SETBACK : MUTED;
    const at = x(marker.date);
    shapes.push(
      { kind: 'line', points: [[at, PLOT.top], [at, PLOT.bottom]], stroke: color, width: 1, dash: marker.kind === 'setback' ? [4, 3] : [1, 3] },
      text([at + 3, PLOT.top + 12 + (i % 3) * 12], marker.label, 10, color),
    );
  });

  // The series, each a line with its own dash and marker shape, and its legend.
  input.series.forEach((series, i) => {
    const style = SERIES_STYLES[i % SERIES_STYLES.length];
    const points = [...series.points].sort((a, b) => a.date.localeCompare(b.date));
    if (points.length > 1) shapes.push({ kind: 'line', points: points.map((p) => [x(p.date), y(p.score)]), stroke: style.color, width: 2.5, dash: dashOf(style.dash) });
    for (const p of points) {
      shapes.push(
        style.marker === 'circle'
          ? { kind: 'circle', x: x(p.date), y: y(p.score), r: 4, fill: style.color }
          : { kind: 'rect', x: x(p.date) - 4, y: y(p.score) - 4, width: 8, height: 8, fill: style.color },
      );
    }
    const lx = PLOT.left + i * 220;
    shapes.push({ kind: 'line', points: [[lx, 42], [lx + 28, 42]], stroke: style.color, width: 2.5, dash: dashOf(style.dash) }, text([lx + 34, 46], series.name, 12, INK));
  });
  return shapes;
}

function svgOf(shape: ChartShape): string {
  switch (shape.kind) {
    case 'rect':
      return `<rect x="${shape.x}" y="${shape.y}" width="${shape.width}" height="${shape.height}" fill="${shape.fill}"/>`;
    case 'circle':
      return `<circle cx="${shape.x}" cy="${shape.y}" r="${shape.r}" fill="${shape.fill}"/>`;
    case 'line': {
      const d = shape.points.map(([px, py], j) => `${j === 0 ? 'M' : 'L'}${px} ${py}`).join(' ');
      return `<path d="${d}" fill="none" stroke="${shape.stroke}" stroke-width="${shape.width}"${shape.dash ? ` stroke-dasharray="${shape.dash.join(' ')}"` : ''}/>`;
    }
    case 'text': {
      const anchor = shape.anchor === 'start' ? '' : ` text-anchor="${shape.anchor}"`;
      return `<text x="${shape.x}" y="${shape.y}"${anchor} font-size="${shape.size}"${shape.bold ? ' font-weight="bold"' : ''} fill="${shape.fill}">${escapeXml(shape.text)}</text>`;
    }
  }
}

/**
 * A trend chart as SVG (see `trendChartShapes`), with a `title` and a `desc` that say in words what
 * the lines show, which screen readers read.
 */
export function trendChartSvg(input: TrendChartInput): string {
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${CHART_WIDTH}" height="${CHART_HEIGHT}" viewBox="0 0 ${CHART_WIDTH} ${CHART_HEIGHT}" role="img" aria-labelledby="chart-title chart-desc" font-family="Helvetica, Arial, sans-serif">`,
    `<title id="chart-title">${escapeXml(input.title)}</title>`,
    `<desc id="chart-desc">${escapeXml(describe(input))}</desc>`,
    ...trendChartShapes(input).map(svgOf),
    '</svg>',
  ].join('\n');
}

/** The chart in words: the period, each series from first to last score, and the markers. */
export function describe(input: TrendChartInput): string {
  const lines = [`Scores from ${input.from} to ${input.to}, on a scale of ${score(input.min)} to ${score(input.max)}.`];
  for (const series of input.series) {
    const points = [...series.points].sort((a, b) => a.date.localeCompare(b.date));
    if (points.length === 0) lines.push(`${series.name}: no answers in the period.`);
    else {
      const [firstPoint, lastPoint] = [points[0], points[points.length - 1]];
      lines.push(`${series.name}: ${points.length} answers, from ${score(firstPoint.score)} on ${firstPoint.date} to ${score(lastPoint.score)} on ${lastPoint.date}.`);
    }
  }
  for (const cut of input.cutOffs) lines.push(`${cut.direction === 'below' ? 'Below' : 'Above'} ${score(cut.value)}: ${cut.meaning}.`);
  for (const marker of input.markers) lines.push(`${marker.date}: ${marker.label}.`);
  return lines.join(' ');
}

/** The first day of each month after `from` and up to `to`. */
function monthStarts(from: string, to: string): string[] {
  const starts: string[] = [];
  let [year, month] = [Number(from.slice(0, 4)), Number(from.slice(5, 7))];
  for (;;) {
    month += 1;
    if (month > 12) [year, month] = [year + 1, 1];
    const date = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-01`;
    if (date > to) return starts;
    starts.push(date);
  }
}
