import { randomUUID } from 'node:crypto';
import { execFile } from 'node:child_process';
import { loadavg } from 'node:os';
import { seedClients } from '../clients/seed';
import { rssMibOf } from '../proc';
import type { ScenarioGroup } from '../scenario';
import type { BenchServer } from '../target';

const PASSWORD = 'bench password, long enough';
/** The size; BENCH_EXPORT_CLIENTS sets another for a quicker look. */
const CLIENTS = Number(process.env.BENCH_EXPORT_CLIENTS ?? 100_000);
/** How often the process's memory is sampled while the export streams. */
const SAMPLE_MS = 25;
/** The target for the process's RSS growth during the export. */
const TARGET_MB = 50;

interface ExportRun {
  seconds: number;
  lines: number;
  bytes: number;
  clients: number;
  trailerTotal: number;
  rssBeforeMb: number;
  rssPeakGrowthMb: number;
  /** The server's RSS once the export has ended, against before it. */
  rssAfterGrowthMb: number;
}

let lines: string[] = [];

const mb = (bytes: number) => bytes / 1024 / 1024;

/** An organization of its own, so that the other groups' rows do not count, with its owner logged in. */
async function signup(origin: string): Promise<{ organizationId: string; token: string }> {
  const response = await fetch(`${origin}/v1/auth/signup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ organizationName: 'Bench Export Clinic', email: `export-owner-${randomUUID()}@example.org`, displayName: 'Export Owner', password: PASSWORD }),
  });
  if (response.status !== 201) throw new Error(`seeding the export: signup answered ${response.status}: ${await response.text()}`);
  const body = (await response.json()) as { accessToken: string; organization: { id: string } };
  return { organizationId: body.organization.id, token: body.accessToken };
}

/**
 * The reader, in a child process of its own (as autocannon is): it reads the export as a Node stream (it stops reading the socket while it is
 * busy, as a well-behaved client does), keeps no line, and prints what it counted.
 */
const READER = `
const http = require('node:http');
http.get(process.argv[1], { headers: { authorization: process.argv[2] } }, async (response) => {
  if (response.statusCode !== 200) { console.log(JSON.stringify({ status: response.statusCode })); return; }
  response.setEncoding('utf8');
  let pending = '', lines = 0, bytes = 0, clients = 0, last = '';
  for await (const chunk of response) {
    bytes += Buffer.byteLength(chunk);
    pending += chunk;
    const complete = pending.split('\\n');
    pending = complete.pop();
    for (const line of complete) { lines++; if (line.startsWith('{"type":"client"')) clients++; last = line; }
  }
  console.log(JSON.stringify({ status: 200, lines, bytes, clients, last }));
});
`;

interface ReaderCount {
  status: number;
  lines: number;
  bytes: number;
  clients: number;
  last: string;
}

function readInChild(url: string, token: string): Promise<ReaderCount> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ['-e', READER, url, `Bearer ${token}`], { maxBuffer: 1024 * 1024 }, (error, stdout) => {
      if (error) reject(error);
      else resolve(JSON.parse(stdout) as ReaderCount);
    });
  });
}

/**
 * One export read to its end as a client would, chunk by chunk, counting lines and keeping none,
 * while TrustPath's own process is sampled for its resident set (the embedded database, when there
 * is one, runs in that process too). Growth is measured from just before the request.
 */
async function exportOnce(server: BenchServer, token: string): Promise<ExportRun> {
  const pid = server.pid;
  const before = rssMibOf(pid);
  let rssPeak = before;
  const sampler = setInterval(() => {
    rssPeak = Math.max(rssPeak, rssMibOf(pid));
  }, SAMPLE_MS);
  const started = performance.now();
  try {
    const { status, lines: count, bytes, clients, last } = await readInChild(`${server.origin}/v1/exports/organization`, token);
    if (status !== 200) throw new Error(`the export answered ${status}`);
    const trailer = JSON.parse(last) as { type: string; data: { total: number } };
    const seconds = (performance.now() - started) / 1000;
    if (trailer.type !== 'trailer') throw new Error('the export ended without its trailer');
    return {
      seconds,
      lines: count,
      bytes,
      clients,
      trailerTotal: trailer.data.total,
      rssBeforeMb: before,
      rssPeakGrowthMb: rssPeak - before,
      rssAfterGrowthMb: rssMibOf(pid) - before,
    };
  } finally {
    clearInterval(sampler);
  }
}

function row(label: string, run: ExportRun): string {
  const met = run.rssPeakGrowthMb < TARGET_MB ? 'met' : 'NOT met';
  return `| ${label} | ${run.clients.toLocaleString('en-US')} | ${run.lines.toLocaleString('en-US')} | ${mb(run.bytes).toFixed(1)} MB | ${run.seconds.toFixed(1)} s | ${Math.round(run.lines / run.seconds).toLocaleString('en-US')} | ${run.rssBeforeMb.toFixed(0)} MB | **${run.rssPeakGrowthMb.toFixed(1)} MB** (< ${TARGET_MB}: ${met}) | ${run.rssAfterGrowthMb.toFixed(1)} MB |`;
}

/** `GET /v1/exports/organization` of 100,000 clients: time, and how much the process grows while it streams. */
export const exportsGroup: ScenarioGroup = {
  name: 'exports',
  prepare: async (context) => {
    const owner = await signup(context.origin);
    const seeded = await seedClients(context.target, context.origin, owner.token, owner.organizationId, { clients: CLIENTS, couples: 0, caseload: 200 });
    // The first run warms the code paths; the second is the one a clinic would see on a warm server.
    const runs = [await exportOnce(context.target, owner.token), await exportOnce(context.target, owner.token)];
    // The same export on a process with Node's own defaults (a PostgreSQL server only): what npm start's flags change.
    let defaults: ExportRun | undefined;
    if (!context.target.embedded && context.target.flags.length > 0) {
      const plain = await context.target.startVariant([]);
      try {
        defaults = await exportOnce(plain, owner.token);
      } finally {
        await plain.close();
      }
    }
    for (const run of [...runs, ...(defaults ? [defaults] : [])]) {
      if (run.clients !== CLIENTS || run.trailerTotal !== run.lines - 1) throw new Error(`the export wrote ${run.clients} clients and ${run.lines} lines for a trailer of ${run.trailerTotal}`);
    }
    const flags = context.target.flags.join(' ') || "Node's defaults";
    lines = [
      `## exports: the organization as NDJSON, ${CLIENTS.toLocaleString('en-US')} clients`,
      '',
      `Seeded with SQL in ${seeded.seconds.toFixed(1)} s (every client with a care team of one, 3 staff besides the owner). One export at a time, read to its end by a client in a child process, chunk by chunk; TrustPath's process's RSS sampled every ${SAMPLE_MS} ms; load ${loadavg()[0].toFixed(2)} before the first run. TrustPath runs with ${flags}.`,
      '',
      '| run | clients | lines | body | time | lines/s | RSS before | RSS peak growth | RSS growth after |',
      '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
      row(`first (cold), ${flags}`, runs[0]),
      row(`second (warm), ${flags}`, runs[1]),
      ...(defaults ? [row("first (cold), a fresh process with Node's defaults", defaults)] : []),
      '',
    ];
  },
  scenarios: [],
  report: () => lines,
};
