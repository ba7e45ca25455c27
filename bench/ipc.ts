import { ChildProcess, fork } from 'node:child_process';
import { once } from 'node:events';

/**
 * Request and reply over a forked process's IPC channel: the bench drives the servers it measures
 * (TrustPath, a ceiling) from outside their processes, so that their CPU is theirs alone.
 */
type Request = { id: number; kind: string; payload: unknown };
type Reply = { id: number; ok: true; value: unknown } | { id: number; ok: false; message: string };
type Ready = { ready: true; value: unknown } | { ready: false; message: string };

export type Handlers = Record<string, (payload: never) => unknown>;

export class Child {
  private next = 1;
  private readonly waiting = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();

  private constructor(readonly process: ChildProcess) {
    process.on('message', (message: Reply) => {
      if (typeof message !== 'object' || message === null || !('id' in message)) return;
      const waiter = this.waiting.get(message.id);
      this.waiting.delete(message.id);
      if (!waiter) return;
      if (message.ok) waiter.resolve(message.value);
      else waiter.reject(new Error(message.message));
    });
    process.on('exit', (code, signal) => {
      for (const waiter of this.waiting.values()) waiter.reject(new Error(`the server process exited (${code ?? signal})`));
      this.waiting.clear();
    });
  }

  get pid(): number {
    return this.process.pid!;
  }

  /** Forks `module` (with the TypeScript loader when it is TypeScript) and `flags` for node, sends it `start`, waits for its ready value. */
  static async start<T>(module: string, flags: string[], start: unknown): Promise<{ child: Child; ready: T }> {
    const process = fork(module, [], {
      execArgv: [...(module.endsWith('.ts') ? ['-r', '@swc-node/register'] : []), ...flags],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      // Structured clone: dates and buffers in query rows and parameters survive the trip.
      serialization: 'advanced',
    });
    const child = new Child(process);
    const ready = new Promise<T>((resolve, reject) => {
      const onMessage = (message: Ready) => {
        if (typeof message !== 'object' || message === null || !('ready' in message)) return;
        process.off('message', onMessage);
        process.off('exit', onExit);
        if (message.ready) resolve(message.value as T);
        else reject(new Error(message.message));
      };
      const onExit = (code: number | null) => reject(new Error(`${module} exited before it was ready (${code})`));
      process.on('message', onMessage);
      process.once('exit', onExit);
    });
    process.send({ start });
    try {
      return { child, ready: await ready };
    } catch (error) {
      await child.close();
      throw error;
    }
  }

  call<T>(kind: string, payload?: unknown): Promise<T> {
    const id = this.next++;
    return new Promise<T>((resolve, reject) => {
      if (!this.process.connected) return reject(new Error('the server process is gone'));
      this.waiting.set(id, { resolve: resolve as (value: unknown) => void, reject });
      this.process.send({ id, kind, payload } satisfies Request);
    });
  }

  async close(): Promise<void> {
    if (this.process.exitCode !== null || this.process.signalCode !== null) return;
    const exited = once(this.process, 'exit');
    if (this.process.connected) this.process.disconnect();
    else this.process.kill();
    await exited;
  }
}

/** The child's side: `start` once (its value is the ready message), then answers `handlers`. */
export function serve<S>(start: (payload: S) => Promise<{ value: unknown; handlers: Handlers; close(): Promise<void> }>): void {
  let closing: (() => Promise<void>) | undefined;
  let handlers: Handlers = {};
  process.on('message', (message: { start: S } | Request) => {
    if ('start' in message) {
      start(message.start).then(
        (started) => {
          handlers = started.handlers;
          closing = started.close;
          process.send?.({ ready: true, value: started.value });
        },
        (error: unknown) => {
          process.send?.({ ready: false, message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
          process.exitCode = 1;
          process.disconnect?.();
        },
      );
      return;
    }
    const handler = handlers[message.kind];
    Promise.resolve()
      .then(() => {
        if (!handler) throw new Error(`no handler for ${message.kind}`);
        return handler(message.payload as never);
      })
      .then(
        (value) => process.send?.({ id: message.id, ok: true, value: value ?? null }),
        (error: unknown) => process.send?.({ id: message.id, ok: false, message: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
      );
  });
  // The bench decides when this process ends: disconnecting closes the server, then exits.
  process.on('disconnect', () => {
    const done = () => process.exit(process.exitCode ?? 0);
    (closing ?? (async () => undefined))().then(done, done);
  });
  process.on('SIGINT', () => undefined);
}
