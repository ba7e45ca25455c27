import { ChildProcess, fork } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { LoadCommand, LoadReply } from './load-generator';
import { cpuMsOf, idle, watchRss } from './proc';
import type { RequestSpec } from './scenario';

/** Time for requests the load generator abandoned at the end of a run to finish on the server. */
const SETTLE_MS = 300;

export interface LoadSettings {
  connections: number;
  /** Seconds of each measured round. */
  durationSeconds: number;
  /** Rounds per scenario, interleaved with the other scenarios of its comparison (A, B, A, B, ...). */
  rounds: number;
  warmupSeconds: number;
}

/** What the load generator saw during one timed run. */
export interface LoadResult {
  rps: number;
  p50Ms: number;
  p99Ms: number;
  /** Responses received, whatever their status. */
  answered: number;
  /** Requests written; those beyond `answered` were still in flight when the run stopped. */
  sent: number;
  errors: number;
  non2xx: number;
  statuses: Record<string, number>;
  /**
   * CPU time of the server process that answered (TrustPath's, or a ceiling's; with the embedded
   * database, TrustPath's includes it) per answered request, read from /proc/<pid>/stat.
   */
  serverCpuMsPerRequest: number;
  /** CPU time of that process during the run, ms. */
  serverCpuMs: number;
  /** The server process's peak resident set during the run, MiB. */
  peakRssMib: number;
  durationSeconds: number;
}

export interface Measurement {
  warmup: LoadResult;
  /** The rounds together: mean req/s, p50 and p99 of the rounds, CPU per request over all of them, peak RSS. */
  measured: LoadResult;
  rounds: LoadResult[];
}

export const NO_RESULT: LoadResult = {
  rps: 0,
  p50Ms: 0,
  p99Ms: 0,
  answered: 0,
  sent: 0,
  errors: 0,
  non2xx: 0,
  statuses: {},
  serverCpuMsPerRequest: 0,
  serverCpuMs: 0,
  peakRssMib: 0,
  durationSeconds: 0,
};

const mean = (values: number[]) => (values.length === 0 ? 0 : values.reduce((a, b) => a + b, 0) / values.length);

/** Rounds of one scenario as one result. */
export function combine(rounds: LoadResult[]): LoadResult {
  const answered = rounds.reduce((sum, r) => sum + r.answered, 0);
  const serverCpuMs = rounds.reduce((sum, r) => sum + r.serverCpuMs, 0);
  const statuses: Record<string, number> = {};
  for (const r of rounds) for (const [code, n] of Object.entries(r.statuses)) statuses[code] = (statuses[code] ?? 0) + n;
  return {
    rps: mean(rounds.map((r) => r.rps)),
    p50Ms: mean(rounds.map((r) => r.p50Ms)),
    p99Ms: mean(rounds.map((r) => r.p99Ms)),
    answered,
    sent: rounds.reduce((sum, r) => sum + r.sent, 0),
    errors: rounds.reduce((sum, r) => sum + r.errors, 0),
    non2xx: rounds.reduce((sum, r) => sum + r.non2xx, 0),
    statuses,
    serverCpuMsPerRequest: answered > 0 ? serverCpuMs / answered : 0,
    serverCpuMs,
    peakRssMib: Math.max(0, ...rounds.map((r) => r.peakRssMib)),
    durationSeconds: rounds.reduce((sum, r) => sum + r.durationSeconds, 0),
  };
}

/** autocannon in a child process, kept for the whole run. */
export class LoadGenerator {
  private constructor(private readonly child: ChildProcess) {}

  static start(): LoadGenerator {
    const child = fork(join(__dirname, 'load-generator.ts'), [], {
      execArgv: ['-r', '@swc-node/register'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    return new LoadGenerator(child);
  }

  /** One timed run of `spec` against the server `spec.server` (TrustPath unless a scenario says otherwise). */
  run(spec: RequestSpec, server: { origin: string; pid: number }, connections: number, durationSeconds: number): Promise<LoadResult> {
    return this.fire(server.origin, spec, server.pid, connections, durationSeconds);
  }

  /** Ends the run in progress early (on Ctrl-C), so that cleanup can start. */
  stop(): void {
    this.send({ kind: 'stop' });
  }

  async close(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = once(this.child, 'exit');
    if (this.child.connected) this.child.disconnect();
    else this.child.kill();
    await exited;
  }

  private send(command: LoadCommand): void {
    if (this.child.connected) this.child.send(command);
  }

  private async fire(origin: string, spec: RequestSpec, pid: number, connections: number, durationSeconds: number): Promise<LoadResult> {
    const done = new Promise<LoadResult>((resolve, reject) => {
      const onMessage = (reply: LoadReply) => {
        cleanup();
        if (reply.kind === 'result') resolve(reply.result);
        else reject(new Error(`load generator: ${reply.message}`));
      };
      const onExit = (code: number | null) => {
        cleanup();
        reject(new Error(`the load generator exited (${code})`));
      };
      const cleanup = () => {
        this.child.off('message', onMessage);
        this.child.off('exit', onExit);
      };
      this.child.on('message', onMessage);
      this.child.on('exit', onExit);
    });
    const cpuBefore = cpuMsOf(pid);
    const rss = watchRss(pid);
    this.send({
      kind: 'fire',
      options: {
        url: `${origin}${spec.path}`,
        method: spec.method,
        headers: spec.headers,
        body: spec.body,
        connections,
        duration: durationSeconds,
        timeout: 10,
      },
    });
    let result: LoadResult;
    try {
      result = await done;
      // Requests abandoned at the end finish, and the audit writer's last batch goes out: work the run caused.
      await sleep(SETTLE_MS);
      await idle(pid);
    } finally {
      rss.stop();
    }
    const cpu = cpuMsOf(pid) - cpuBefore;
    return {
      ...result,
      serverCpuMs: cpu,
      serverCpuMsPerRequest: result.answered > 0 ? cpu / result.answered : 0,
      peakRssMib: rss.stop(),
      durationSeconds,
    };
  }
}
