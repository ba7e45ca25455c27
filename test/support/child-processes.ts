import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

export interface Line {
  event?: string;
  [key: string]: unknown;
}

/** A child process whose stdout is JSON lines, read one at a time. */
export class Child {
  readonly lines: Line[] = [];
  stderr = '';
  private waiting?: () => void;
  readonly exit: Promise<number | null>;

  constructor(readonly process: ChildProcess) {
    let buffered = '';
    process.stdout!.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const complete = buffered.split('\n');
      buffered = complete.pop()!;
      for (const line of complete) if (line.trim()) this.lines.push(JSON.parse(line) as Line);
      this.waiting?.();
    });
    process.stderr!.on('data', (chunk: Buffer) => (this.stderr += chunk.toString()));
    this.exit = new Promise((resolve) => process.once('exit', (code) => resolve(code)));
    void this.exit.then(() => this.waiting?.());
  }

  /** The first line with this event, once the child has written it. */
  async next(event: string): Promise<Line> {
    for (;;) {
      const found = this.lines.find((line) => line.event === event);
      if (found) return found;
      if (this.process.exitCode !== null || this.process.signalCode !== null) {
        throw new Error(`the child exited (${this.process.exitCode}) without "${event}": ${JSON.stringify(this.lines)} ${this.stderr}`);
      }
      await new Promise<void>((resolve) => (this.waiting = resolve));
    }
  }
}

/** The embedded database opened on `dataDir` by a process of its own (test/support/data-dir-holder.ts). */
export function holder(dataDir: string, mode: 'hold' | 'twice' = 'hold'): Child {
  return new Child(
    spawn(process.execPath, ['-r', '@swc-node/register', join(ROOT, 'test', 'support', 'data-dir-holder.ts'), dataDir, mode], {
      cwd: ROOT,
      stdio: ['pipe', 'pipe', 'pipe'],
    }),
  );
}

/** TrustPath itself (`main.ts`) on the embedded database in `dataDir`. */
export function trustPath(dataDir: string): Child {
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, NODE_ENV: 'test', LOG_LEVEL: 'info', PORT: '0', HOST: '127.0.0.1' };
  delete env.DATABASE_URL;
  return new Child(spawn(process.execPath, ['-r', '@swc-node/register', join(ROOT, 'src', 'main.ts')], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] }));
}
