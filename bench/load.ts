import { ChildProcess, fork } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import type { LoadCommand, LoadReply } from './load-generator';
import type { RequestSpec } from './scenario';

export interface LoadSettings {
  connections: number;
  durationSeconds: number;
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
  /** CPU time of the bench process (the app, and the embedded database if any) per answered request. */
  serverCpuMsPerRequest: number;
}

export interface Measurement {
  warmup: LoadResult;
  measured: LoadResult;
}

const NO_WARMUP: LoadResult = { rps: 0, p50Ms: 0, p99Ms: 0, answered: 0, sent: 0, errors: 0, non2xx: 0, statuses: {}, serverCpuMsPerRequest: 0 };

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

  /** A warm-up run whose numbers are not reported, then the measured run, with the same connections. */
  async measure(origin: string, spec: RequestSpec, settings: LoadSettings): Promise<Measurement> {
    const warmup = settings.warmupSeconds > 0 ? await this.fire(origin, spec, settings.connections, settings.warmupSeconds) : NO_WARMUP;
    const measured = await this.fire(origin, spec, settings.connections, settings.durationSeconds);
    return { warmup, measured };
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

  private async fire(origin: string, spec: RequestSpec, connections: number, durationSeconds: number): Promise<LoadResult> {
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
    const cpuBefore = process.cpuUsage();
    this.send({
      kind: 'fire',
      options: {
        url: `${spec.origin ?? origin}${spec.path}`,
        method: spec.method,
        headers: spec.headers,
        body: spec.body,
        connections,
        duration: durationSeconds,
        timeout: 10,
      },
    });
    const result = await done;
    const cpu = process.cpuUsage(cpuBefore);
    return { ...result, serverCpuMsPerRequest: result.answered > 0 ? (cpu.user + cpu.system) / 1000 / result.answered : 0 };
  }
}
