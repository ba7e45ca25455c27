import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';

/** Clock ticks per second of /proc/<pid>/stat's times (USER_HZ: 100 on Linux everywhere that matters). */
const TICKS_PER_SECOND = 100;

/**
 * CPU time (user + system, ms) that one process has used so far, every thread included (GC helpers,
 * libuv's pool), read from /proc/<pid>/stat: the server's own figure, not the bench's or the load
 * generator's. The second field may contain spaces and parentheses, so fields are counted after the last ')'.
 */
export function cpuMsOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // After the name: state(0) ppid(1) ... utime(11) stime(12).
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
}

/** Resident set size of a process, in MiB (VmRSS of /proc/<pid>/status). */
export function rssMibOf(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = /^VmRSS:\s+(\d+) kB$/m.exec(status);
  return match ? Number(match[1]) / 1024 : 0;
}

/** Samples a process's RSS every `everyMs` until stopped; returns the peak, in MiB. */
export function watchRss(pid: number, everyMs = 100): { stop(): number } {
  let peak = rssMibOf(pid);
  const timer = setInterval(() => {
    try {
      peak = Math.max(peak, rssMibOf(pid));
    } catch {
      // The process ended; the peak so far stands.
    }
  }, everyMs);
  return {
    stop() {
      clearInterval(timer);
      return peak;
    },
  };
}

export const loadAverage = (): string =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

/**
 * Waits until a process is idle (under 5 % of a core over 100 ms), for at most `timeoutMs`: requests
 * abandoned at the end of the previous run (a PDF each, say) must not fall on the next one.
 */
export async function idle(pid: number, timeoutMs = 10_000): Promise<void> {
  const started = performance.now();
  let before = cpuMsOf(pid);
  while (performance.now() - started < timeoutMs) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    const now = cpuMsOf(pid);
    if (now - before < 5) return;
    before = now;
  }
}
