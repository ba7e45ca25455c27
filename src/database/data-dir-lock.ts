import { randomUUID } from 'node:crypto';
import { linkSync, readFileSync, realpathSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';

/** Who holds a data directory: written into its lock file. */
interface LockOwner {
  pid: number;
  host: string;
  token: string;
}

/** Another live process (or this one) already has the data directory open. */
export class DataDirLockedError extends Error {
  constructor(
    readonly dataDir: string,
    readonly holderPid: number | undefined,
    readonly holderHost: string | undefined,
  ) {
    super(
      `The data directory ${dataDir} is in use by ${holderPid === undefined ? 'another process' : `process ${holderPid}`}` +
        `${holderHost && holderHost !== hostname() ? ` on ${holderHost}` : ''}. ` +
        'One data directory is only ever opened by one process: stop that process, or give this one another DATA_DIR.',
    );
    this.name = 'DataDirLockedError';
  }
}

/** Lock files held by this process, so that a second open in the same process is refused too. */
const heldHere = new Set<string>();

const LOCK_FILE = 'trustpath.lock';

function readOwner(path: string): LockOwner | undefined {
  try {
    const owner = JSON.parse(readFileSync(path, 'utf8')) as Partial<LockOwner>;
    return typeof owner.pid === 'number' && typeof owner.host === 'string' && typeof owner.token === 'string' ? (owner as LockOwner) : undefined;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * The holder died without releasing the lock. Only decidable on this host; a recorded pid equal to
 * ours that this process does not hold is an earlier process that had the same pid (a restarted
 * container). A file without a readable owner is held: it is always written whole, so it is not ours.
 */
function stale(owner: LockOwner | undefined, path: string): boolean {
  if (!owner || owner.host !== hostname()) return false;
  if (owner.pid === process.pid) return !heldHere.has(path);
  return !alive(owner.pid);
}

/**
 * An exclusive hold on one data directory, taken before the embedded database opens it and given
 * back when it closes. The lock file names the holder's pid and host; a holder that died leaves a
 * stale file, which the next start recognises (its pid is gone) and replaces.
 */
export class DataDirLock {
  private constructor(
    private readonly path: string,
    private readonly token: string,
  ) {}

  static acquire(dataDir: string): DataDirLock {
    // The real path, so that two spellings of one directory meet at one lock file and one entry of heldHere.
    const path = join(realpathSync(dataDir), LOCK_FILE);
    const owner: LockOwner = { pid: process.pid, host: hostname(), token: randomUUID() };
    const draft = `${path}.${owner.token}`;
    writeFileSync(draft, `${JSON.stringify(owner)}\n`, { mode: 0o600 });
    try {
      for (let attempt = 0; attempt < 5; attempt += 1) {
        try {
          // link() fails when the lock file exists: creating it whole is the atomic step.
          linkSync(draft, path);
          heldHere.add(path);
          return new DataDirLock(path, owner.token);
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        }
        const holder = readOwner(path);
        if (!holder && attempt === 0) continue; // released between link() and the read
        if (!stale(holder, path)) throw new DataDirLockedError(dataDir, holder?.pid, holder?.host);
        DataDirLock.removeStale(path, holder!);
      }
      throw new DataDirLockedError(dataDir, readOwner(path)?.pid, readOwner(path)?.host);
    } finally {
      unlinkSync(draft);
    }
  }

  /**
   * Moves the stale file aside and deletes it only if it is the one judged stale; a lock another
   * starting process took meanwhile is put back.
   */
  private static removeStale(path: string, holder: LockOwner): void {
    const aside = `${path}.stale.${randomUUID()}`;
    try {
      renameSync(path, aside);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw error;
    }
    if (readOwner(aside)?.token !== holder.token) {
      try {
        linkSync(aside, path);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
    }
    unlinkSync(aside);
  }

  release(): void {
    if (!heldHere.delete(this.path)) return;
    if (readOwner(this.path)?.token === this.token) unlinkSync(this.path);
  }
}
