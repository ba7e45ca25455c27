import { loadavg } from 'node:os';
import { addDays } from '../../src/common/calendar-date';
import { localDate } from '../../src/common/time-zone';
import { CSI_4_INSTRUMENT_ID } from '../../src/instruments/built-in/csi-4';
import { TRUST_CHECK_IN_INSTRUMENT_ID } from '../../src/instruments/built-in/trust-check-in';
import { MeasurementsRepository } from '../../src/measurements/measurements.repository';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { BenchContext, ScenarioGroup } from '../scenario';

const bearer = (context: BenchContext) => ({ authorization: `Bearer ${context.seed.staffToken}` });

/** Two years of weekly answers. */
const WEEKS = 104;
const SAMPLES = 30;

let coupleId = '';
let from = '';
let to = '';
let lines: string[] = [];

async function send(context: BenchContext, path: string, body: unknown): Promise<{ id?: string }> {
  const response = await fetch(`${context.origin}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...bearer(context) }, body: JSON.stringify(body) });
  if (response.status !== 201) throw new Error(`seeding: POST ${path} answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as { id?: string };
}

/** CSI-4 items (0–6, then three of 0–5) summing to `total`. */
function csiAnswers(total: number): { index: number; value: number }[] {
  const values = [0, 0, 0, 0];
  let left = total;
  for (let round = 0; left > 0; round++) {
    const i = round % 4;
    if (values[i] < (i === 0 ? 6 : 5)) {
      values[i]++;
      left--;
    }
  }
  return values.map((value, index) => ({ index, value }));
}

/**
 * A couple in an enrollment where both partners answered the CSI-4 and the Trust check-in every
 * week for two years (4 × 104 measurements through the API): scores that rise with a partner's gap
 * narrowing and a dip now and then.
 */
async function seedCouple(context: BenchContext): Promise<void> {
  const partner = async (firstName: string) => (await send(context, '/v1/clients', { firstName, lastName: 'Measured' })).id!;
  const [a, b] = [await partner('Ana'), await partner('Ben')];
  coupleId = (await send(context, '/v1/couples', { partnerIds: [a, b] })).id!;
  to = localDate(new Date(), 'UTC');
  from = addDays(to, -(WEEKS * 7 - 1));
  const requests: Promise<unknown>[] = [];
  for (let week = 0; week < WEEKS; week++) {
    const day = addDays(from, week * 7);
    const dip = week % 13 === 7 ? 3 : 0;
    const rise = Math.floor((week * 8) / WEEKS);
    for (const [clientId, start, hour] of [[a, 8, 18], [b, 13, 20]] as const) {
      const csi = Math.min(21, start + rise + (clientId === a ? rise / 2 : 0) - dip);
      const trust = Math.max(0, Math.min(10, Math.round(csi / 2.1)));
      const takenAt = `${day}T${hour}:00:00Z`;
      requests.push(send(context, '/v1/measurements', { instrumentId: CSI_4_INSTRUMENT_ID, coupleId, clientId, takenAt, answers: csiAnswers(Math.round(csi)) }));
      requests.push(
        send(context, '/v1/measurements', { instrumentId: TRUST_CHECK_IN_INSTRUMENT_ID, coupleId, clientId, takenAt, answers: [0, 1, 2].map((index) => ({ index, value: trust })) }),
      );
    }
    // A few weeks at a time: enough to keep the pool busy, not so many that seeding times out.
    if (requests.length >= 40) await Promise.all(requests.splice(0));
  }
  await Promise.all(requests);
  await context.target.query('ANALYZE measurements');
}

const median = (values: number[]) => [...values].sort((x, y) => x - y)[Math.floor(values.length / 2)];
const ms = (value: number) => value.toFixed(1);

async function timed(context: BenchContext, path: string, accept: string): Promise<{ ms: number; bytes: number }> {
  const started = performance.now();
  const response = await fetch(`${context.origin}${path}`, { headers: { ...bearer(context), accept } });
  const body = Buffer.from(await response.arrayBuffer());
  if (response.status !== 200) throw new Error(`${path} answered ${response.status}: ${body.toString()}`);
  return { ms: performance.now() - started, bytes: body.length };
}

/** Each request one at a time, interleaved with the trend's SQL alone (its floor), so that a busy moment hits all alike. */
/** Runs inside TrustPath's process (target.invoke): the trend's SQL alone, timed there. */
export async function trendFloor(app: NestFastifyApplication, organizationId: string, couple: string, range: { from: string; to: string }): Promise<number> {
  const started = performance.now();
  await app.get(MeasurementsRepository).trendRows(organizationId, { coupleId: couple }, CSI_4_INSTRUMENT_ID, range, 'UTC');
  return performance.now() - started;
}

async function measureOneAtATime(context: BenchContext): Promise<void> {
  const trend = `/v1/couples/${coupleId}/measures?instrument=${CSI_4_INSTRUMENT_ID}&from=${from}&to=${to}`;
  const report = `/v1/couples/${coupleId}/report?from=${from}&to=${to}`;
  const samples = { trend: [] as number[], floor: [] as number[], json: [] as number[], pdf: [] as number[] };
  const bytes = { trend: 0, json: 0, pdf: 0 };
  for (let i = 0; i < SAMPLES + 3; i++) {
    const t = await timed(context, trend, 'application/json');
    const floor = await context.target.invoke<number>(__filename, 'trendFloor', [context.seed.organizationId, coupleId, { from, to }]);
    const json = await timed(context, report, 'application/json');
    const pdf = await timed(context, report, 'application/pdf');
    if (i < 3) continue;
    samples.trend.push(t.ms);
    samples.floor.push(floor);
    samples.json.push(json.ms);
    samples.pdf.push(pdf.ms);
    [bytes.trend, bytes.json, bytes.pdf] = [t.bytes, json.bytes, pdf.bytes];
  }
  lines = [
    `Measures of a couple with ${WEEKS} weeks of CSI-4 and Trust check-in answers per partner (${WEEKS * 4} measurements), one request at a time, ${SAMPLES} samples, load ${loadavg()[0].toFixed(2)}:`,
    `- GET /v1/couples/{id}/measures (CSI-4, two years): median ${ms(median(samples.trend))} ms, ${bytes.trend} bytes; its SQL alone (the floor): median ${ms(median(samples.floor))} ms`,
    `- GET /v1/couples/{id}/report (two years, JSON): median ${ms(median(samples.json))} ms, ${bytes.json} bytes`,
    `- GET /v1/couples/{id}/report (two years, PDF with two charts): median ${ms(median(samples.pdf))} ms, ${bytes.pdf} bytes (target: under 300 ms)`,
  ];
}

/** The trend of two years of weekly answers, and the progress report over them as JSON and as PDF. */
export const measures: ScenarioGroup = {
  name: 'measures',
  prepare: async (context) => {
    await seedCouple(context);
    await measureOneAtATime(context);
  },
  scenarios: [
    {
      name: 'GET /v1/couples/{id}/measures',
      measures: 'a couple’s CSI-4 trend over two years of weekly answers: series, baselines, crossings, gaps',
      audited: true,
      request: (context) => ({ method: 'GET', path: `/v1/couples/${coupleId}/measures?instrument=${CSI_4_INSTRUMENT_ID}&from=${from}&to=${to}`, headers: bearer(context) }),
    },
    {
      name: 'GET /v1/couples/{id}/report (PDF)',
      measures: 'the two-year progress report as a PDF with two trend charts',
      audited: true,
      request: (context) => ({ method: 'GET', path: `/v1/couples/${coupleId}/report?from=${from}&to=${to}`, headers: { ...bearer(context), accept: 'application/pdf' } }),
    },
  ],
  report: () => lines,
};
