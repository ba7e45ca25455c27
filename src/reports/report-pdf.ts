import PDFDocument from 'pdfkit';
import type { PeriodReliabilityDto } from '../reliability/dto/reliability.dto';
import { displayName } from '../clients/display-name';
import { localDate } from '../common/time-zone';
import type { ReportDto } from './dto/report.dto';
import { CHART_HEIGHT, CHART_WIDTH, ChartShape, TrendChartInput, trendChartShapes } from './trend-chart';

const MARGIN = 50;
const INK = '#1f2933';
const MUTED = '#616e7c';
const RULE = '#cbd2d9';


const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
const percent = (value: number | null) => (value === null ? '–' : `${Math.round(value * 100)} %`);

/** A day as the report prints it: the instant's calendar date in the organization's time zone. */
const dayOf = (instant: Date | string | null, timeZone: string): string => (instant === null ? '–' : localDate(new Date(instant), timeZone));

const STEP_STATUS: Record<string, string> = { not_started: 'Not started', in_progress: 'In progress', completed: 'Completed' };

/**
 * The report as a PDF to file in the chart (A4, the standard Helvetica fonts): a header with the
 * organization, the people, the period and when it was generated; the program's steps; sessions and
 * exercises; each person's follow-through on commitments; boundaries and breaches; each measure's
 * figures and trend chart (the SVG chart rasterised). Built from the report's JSON and the charts
 * of its measures alone, so it says nothing the JSON does not.
 */
export function renderReportPdf(report: ReportDto, charts: readonly TrendChartInput[] = []): Promise<Buffer> {
  const tz = report.organization.timeZone;
  const names = report.subject.people.map(displayName);
  const doc = new PDFDocument({
    size: 'A4',
    margin: MARGIN,
    info: { Title: `Progress report: ${names.join(' & ')}`, Author: report.organization.name, Subject: `${report.period.from} to ${report.period.to}`, Creator: 'TrustPath' },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const width = doc.page.width - 2 * MARGIN;

  const heading = (text: string) => {
    if (doc.y > doc.page.height - MARGIN - 80) doc.addPage();
    doc.moveDown(0.8).font('Helvetica-Bold').fontSize(12).fillColor(INK).text(text, MARGIN);
    doc.moveTo(MARGIN, doc.y + 2).lineTo(MARGIN + width, doc.y + 2).strokeColor(RULE).lineWidth(0.5).stroke();
    doc.moveDown(0.4);
  };
  const line = (text: string, options: { muted?: boolean; bold?: boolean } = {}) =>
    doc
      .font(options.bold ? 'Helvetica-Bold' : 'Helvetica')
      .fontSize(10)
      .fillColor(options.muted ? MUTED : INK)
      .text(text, MARGIN, undefined, { width });
  /** A table of fixed columns (widths as shares of the page), header row in bold. */
  const table = (columns: { title: string; share: number }[], rows: string[][]) => {
    const draw = (cells: string[], bold: boolean) => {
      if (doc.y > doc.page.height - MARGIN - 30) doc.addPage();
      const top = doc.y;
      let x = MARGIN;
      let bottom = top;
      doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(9).fillColor(INK);
      cells.forEach((cell, i) => {
        const w = columns[i].share * width;
        doc.text(cell, x, top, { width: w - 6 });
        bottom = Math.max(bottom, doc.y);
        x += w;
      });
      doc.x = MARGIN;
      doc.y = bottom + 3;
    };
    draw(
      columns.map((c) => c.title),
      true,
    );
    for (const row of rows) draw(row, false);
  };

  // Header
  doc.font('Helvetica').fontSize(10).fillColor(MUTED).text(report.organization.name, MARGIN, MARGIN);
  doc.font('Helvetica-Bold').fontSize(18).fillColor(INK).text('Progress report');
  doc.font('Helvetica').fontSize(12).text(report.subject.type === 'couple' ? `Couple: ${names.join(' & ')}` : `Client: ${names[0]}`);
  line(`Period: ${report.period.from} to ${report.period.to} (${tz})`, { muted: true });
  line(`Generated: ${dayOf(report.generatedAt, tz)} ${new Date(report.generatedAt).toISOString().slice(11, 16)} UTC`, { muted: true });

  // Program progress
  heading('Program progress');
  const enrollment = report.enrollment;
  if (!enrollment) {
    line('Not enrolled in a program.', { muted: true });
  } else {
    line(
      `${enrollment.programTitle} (version ${enrollment.programVersion}), ${enrollment.status}, started ${dayOf(enrollment.startedAt, tz)}: ` +
        `${enrollment.completedSteps} of ${enrollment.totalSteps} steps completed.`,
    );
    doc.moveDown(0.4);
    table(
      [
        { title: 'Step', share: 0.44 },
        { title: 'Status', share: 0.16 },
        { title: 'Started', share: 0.14 },
        { title: 'Completed', share: 0.14 },
        { title: 'Setbacks', share: 0.12 },
      ],
      enrollment.steps.map((s) => [`${s.position}. ${s.title}`, STEP_STATUS[s.status] ?? s.status, dayOf(s.startedAt, tz), dayOf(s.completedAt, tz), String(s.setbacks)]),
    );
    if (enrollment.setbacksInPeriod.length > 0) {
      doc.moveDown(0.4);
      line('Setbacks in the period', { bold: true });
      for (const setback of enrollment.setbacksInPeriod) {
        const step = enrollment.steps.find((s) => s.key === setback.stepKey);
        line(`${dayOf(setback.occurredAt, tz)}, ${step ? `step ${step.position}` : setback.stepKey}: ${setback.reason}`);
      }
    }
  }

  // Sessions and exercises
  heading('Sessions and exercises');
  const s = report.sessions;
  line(`Sessions: ${s.attended} attended, ${s.missed} missed, ${s.cancelled} cancelled, ${s.scheduled} still scheduled.`);
  const a = report.assignments;
  line(`Exercises: ${a.given} given, ${a.completed} completed, ${a.skipped} skipped; ${a.open} of those given still open.`);

  // Reliability
  heading('Follow-through on commitments');
  const nameOf = (id: string) => {
    const person = report.subject.people.find((p) => p.id === id);
    return person ? displayName(person) : id;
  };
  const figures = (p: PeriodReliabilityDto) => [String(p.due), String(p.kept), String(p.missed), String(p.excused), String(p.renegotiated), percent(p.rate), percent(p.agreementRate)];
  table(
    [
      { title: 'Who', share: 0.25 },
      { title: 'Due', share: 0.09 },
      { title: 'Kept', share: 0.09 },
      { title: 'Missed', share: 0.1 },
      { title: 'Excused', share: 0.1 },
      { title: 'Reneg.', share: 0.1 },
      { title: 'Kept rate', share: 0.12 },
      { title: 'Agreement', share: 0.15 },
    ],
    report.reliability.map((r) => [nameOf(r.clientId), ...figures(r.period)]),
  );
  line('Kept rate: kept ÷ (kept + missed). Agreement: how often the other partner confirmed the report.', { muted: true });

  // Boundaries
  if (report.subject.type === 'couple') {
    heading('Boundaries and breaches');
    if (report.boundaries.length === 0) line('No boundaries recorded.', { muted: true });
    for (const boundary of report.boundaries) {
      line(`${boundary.text}`, { bold: true });
      const byPerson = report.subject.people.map((p) => `${displayName(p)}: ${boundary.breaches.filter((b) => b.breachedBy === p.id).length}`);
      line(`${boundary.status}, version ${boundary.currentVersion}. Breaches in the period: ${boundary.breaches.length} (${byPerson.join(', ')}).`, { muted: true });
      doc.moveDown(0.3);
    }
  }

  // Measures
  report.measures.forEach((trends, i) => {
    heading(`Measure: ${trends.instrument.title}`);
    for (const respondent of trends.respondents) {
      const { baseline, latest, change } = respondent;
      const from = baseline ? `baseline ${baseline.score} (${baseline.day})` : 'no baseline';
      const to = latest ? `latest ${latest.score} (${latest.day})` : 'no answer in the period';
      const moved = change ? `, change ${change.change > 0 ? '+' : ''}${change.change}: ${change.direction}${change.reliable === null ? '' : change.reliable ? ', reliable' : ', not yet reliable'}` : '';
      line(`${nameOf(respondent.clientId)}: ${plural(respondent.points.length, 'answer')} in the period; ${from}, ${to}${moved}.`);
    }
    const lastGap = trends.gaps.at(-1);
    if (lastGap) line(`Latest gap between partners: ${plural(Math.abs(lastGap.difference), 'point')} (${lastGap.a.day}).`);
    const chart = charts[i];
    if (chart) {
      const height = (width * CHART_HEIGHT) / CHART_WIDTH;
      if (doc.y + height > doc.page.height - MARGIN) doc.addPage();
      doc.moveDown(0.4);
      const top = doc.y;
      drawChart(doc, trendChartShapes(chart), MARGIN, top, width);
      doc.x = MARGIN;
      doc.y = top + height + 4;
    }
  });

  doc.moveDown(1);
  line('This report holds figures only: no session notes, exercise responses, answers to items or personal notes.', { muted: true });
  doc.end();
  return done;
}

/**
 * Draws a chart's shapes as vector graphics at (left, top), scaled to `width`: the same drawing as
 * the SVG, in the PDF's standard Helvetica (text positions are baselines, as in SVG).
 */
function drawChart(doc: PDFKit.PDFDocument, shapes: readonly ChartShape[], left: number, top: number, width: number): void {
  doc.save();
  doc.translate(left, top).scale(width / CHART_WIDTH);
  for (const shape of shapes) {
    switch (shape.kind) {
      case 'rect':
        doc.rect(shape.x, shape.y, shape.width, shape.height).fill(shape.fill);
        break;
      case 'circle':
        doc.circle(shape.x, shape.y, shape.r).fill(shape.fill);
        break;
      case 'line': {
        const [[x0, y0], ...rest] = shape.points;
        doc.moveTo(x0, y0);
        for (const [px, py] of rest) doc.lineTo(px, py);
        doc.lineWidth(shape.width);
        if (shape.dash) doc.dash(shape.dash[0], { space: shape.dash[1] });
        else doc.undash();
        doc.stroke(shape.stroke);
        doc.undash();
        break;
      }
      case 'text': {
        doc.font(shape.bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(shape.size).fillColor(shape.fill);
        const textWidth = doc.widthOfString(shape.text);
        const x = shape.anchor === 'start' ? shape.x : shape.anchor === 'middle' ? shape.x - textWidth / 2 : shape.x - textWidth;
        // pdfkit places text by its top; the ascent of Helvetica is about 0.77 of its size.
        doc.text(shape.text, x, shape.y - shape.size * 0.77, { lineBreak: false });
        break;
      }
    }
  }
  doc.restore();
}
