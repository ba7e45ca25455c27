import autocannon from 'autocannon';
import type { LoadResult } from './load';

/**
 * The load generator's own process (forked by load.ts), so that its CPU is not the server's: the
 * bench process can then read how much CPU the server spent per request.
 */
export type LoadCommand = { kind: 'fire'; options: autocannon.Options } | { kind: 'stop' };
export type LoadReply = { kind: 'result'; result: LoadResult } | { kind: 'error'; message: string };

let current: autocannon.Instance | undefined;

function summarize(result: autocannon.Result): LoadResult {
  const statuses = Object.fromEntries(Object.entries(result.statusCodeStats).map(([code, { count }]) => [code, count]));
  const answered = Object.values(statuses).reduce((sum, count) => sum + count, 0);
  return {
    // Answers over the run's own duration: autocannon's per-second mean misreads runs of a few seconds.
    rps: result.duration > 0 ? answered / result.duration : 0,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    answered,
    sent: result.requests.sent,
    errors: result.errors,
    non2xx: result.non2xx,
    statuses,
    serverCpuMsPerRequest: 0,
    serverCpuMs: 0,
    peakRssMib: 0,
    durationSeconds: 0,
  };
}

function reply(message: LoadReply): void {
  process.send?.(message);
}

process.on('message', (command: LoadCommand) => {
  if (command.kind === 'stop') {
    current?.stop();
    return;
  }
  current = autocannon(command.options);
  current.then(
    (result) => reply({ kind: 'result', result: summarize(result) }),
    (error: unknown) => reply({ kind: 'error', message: error instanceof Error ? error.message : String(error) }),
  );
});
process.on('disconnect', () => process.exit(0));
// Ctrl-C reaches the whole process group: the bench process decides when this one stops.
process.on('SIGINT', () => undefined);
