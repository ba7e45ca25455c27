import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '..');

interface Line {
  event?: string;
  [key: string]: unknown;
}

/** A child process whose stdout is JSON lines, read one at a time. */
class Child {
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
function holder(dataDir: string, mode: 'hold' | 'twice' = 'hold'): Child {
  return new Child(
    spawn(process.execPath, ['-r', '@swc-node/register', join(ROOT, 'test', 'support', 'data-dir-holder.ts'), dataDir, mode], {
      cwd: ROOT,
      stdio: ['pipe', 'pipe', 'pipe'],
    }),
  );
}

/** TrustPath itself (`main.ts`) on the embedded database in `dataDir`. */
function trustPath(dataDir: string): Child {
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, NODE_ENV: 'test', LOG_LEVEL: 'info', PORT: '0', HOST: '127.0.0.1' };
  delete env.DATABASE_URL;
  return new Child(spawn(process.execPath, ['-r', '@swc-node/register', join(ROOT, 'src', 'main.ts')], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] }));
}

/**
 * Two processes on one DATA_DIR would each keep their own copy of the database, and one would
 * lose the other's acknowledged writes. The embedded database holds a lock on its data directory
 * from start to stop. PGlite does not start inside a Jest worker, so child processes open it; the
 * test runs the same with or without TEST_DATABASE_URL. The tests share one data directory, since
 * creating one (initdb) is the slow part; each leaves it closed.
 */
describe('one process per embedded data directory', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'trustpath-lock-'));
  const children: Child[] = [];
  afterEach(() => {
    for (const child of children.splice(0)) child.process.kill('SIGKILL');
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('refuses a second start in the same process, naming it, and starts again after stop', async () => {
    const child = holder(dataDir, 'twice');
    children.push(child);
    expect(await child.exit).toBe(0);
    const pid = child.process.pid;
    expect(child.lines).toEqual([
      { event: 'open', pid },
      { event: 'refused', holderPid: pid, dataDir, message: expect.stringContaining(`The data directory ${dataDir} is in use by process ${pid}.`) },
      { event: 'open', pid },
    ]);
  });

  it('refuses a second process: TrustPath exits 75 with one JSON line naming the holder pid and the directory', async () => {
    const first = holder(dataDir);
    children.push(first);
    const { pid } = await first.next('open');

    const second = holder(dataDir);
    const app = trustPath(dataDir);
    children.push(second, app);
    expect(await second.next('refused')).toMatchObject({ holderPid: pid, dataDir });
    expect(await app.exit).toBe(75);
    expect(app.stderr).toBe('');
    expect(app.lines).toHaveLength(1);
    expect(app.lines[0]).toMatchObject({ level: 'fatal', dataDir, holderPid: pid, msg: expect.stringContaining(`in use by process ${pid}`) });

    // Stopping gives the directory back (the next test starts on it).
    first.process.stdin!.end();
    await first.next('stopped');
    expect(await first.exit).toBe(0);
  });

  it('is not blocked by the lock of a process that died holding it', async () => {
    const first = holder(dataDir);
    children.push(first);
    await first.next('open');
    first.process.kill('SIGKILL');
    await first.exit;

    const next = holder(dataDir);
    children.push(next);
    expect(await next.next('open')).toEqual({ event: 'open', pid: next.process.pid });
  });
});
