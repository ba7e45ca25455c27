import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, rmdirSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';

/**
 * PostgreSQL's settings for the embedded database. Its buffer pool is 128 MB by default, and
 * PGlite touches all of it at start-up, so it would sit in the process's memory for good; the data
 * files are also in the OS page cache, and one clinic's working set fits in 32 MB.
 */
export const EMBEDDED_POSTGRESQL_CONF = ['shared_buffers = 32MB'];

/** Set in the child's environment: a child never starts another. */
const CHILD_MARK = 'TRUSTPATH_INITDB_CHILD';

/** Whether `pgDir` holds an initialized PostgreSQL data directory. */
export function isInitialized(pgDir: string): boolean {
  return existsSync(join(pgDir, 'PG_VERSION'));
}

/**
 * Creates the embedded database's files in `pgDir` (initdb) unless they are there, in a short-lived
 * child process: initdb needs a second WebAssembly instance and several hundred MB that the
 * process would otherwise keep for its whole life, and the child's work can overlap the parent's.
 *
 * The child writes into a fresh sibling directory that is renamed into place only once complete,
 * so a crash leaves no half-made database, and two processes racing to initialize the same
 * directory end with one of the two (the loser discards its copy).
 */
export function initializeDataDir(pgDir: string): Promise<void> {
  // Asked twice in one process (start-up begins it early, the database awaits it), it runs once.
  let running = inProgress.get(pgDir);
  if (!running) {
    running = initialize(pgDir).finally(() => inProgress.delete(pgDir));
    inProgress.set(pgDir, running);
  }
  return running;
}

const inProgress = new Map<string, Promise<void>>();

async function initialize(pgDir: string): Promise<void> {
  if (isInitialized(pgDir)) return;
  if (process.env[CHILD_MARK]) throw new Error('The embedded database is being created by a child process that may not start another.');
  const staging = join(dirname(pgDir), `.${basename(pgDir)}.init-${process.pid}-${Date.now()}`);
  try {
    mkdirSync(dirname(pgDir), { recursive: true, mode: 0o700 });
    mkdirSync(staging, { mode: 0o700 });
    await runChild(staging);
    if (existsSync(pgDir) && readdirSync(pgDir).length === 0) rmdirSync(pgDir);
    try {
      renameSync(staging, pgDir);
    } catch (error) {
      if (!isInitialized(pgDir)) throw error;
    }
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

function runChild(target: string): Promise<void> {
  // This same file run as a script: compiled JavaScript in production, TypeScript (through the
  // project's register hook) in development and tests. Nothing else of this process's command line
  // is passed on: an `-e` or a script there would run again in the child.
  const script = join(__dirname, `embedded-initdb${extname(__filename)}`);
  const loader = extname(__filename) === '.ts' ? ['-r', '@swc-node/register'] : [];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...loader, script, target], {
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, [CHILD_MARK]: '1' },
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-2000)));
    child.on('error', reject);
    child.on('exit', (code, signal) =>
      code === 0 ? resolve() : reject(new Error(`Creating the embedded database failed (${signal ?? `exit code ${code}`}): ${stderr.trim()}`)),
    );
  });
}

async function initializeHere(target: string): Promise<void> {
  const db = await PGlite.create({ dataDir: target, postgresqlconf: EMBEDDED_POSTGRESQL_CONF });
  await db.close();
}

if (require.main === module && process.env[CHILD_MARK]) {
  initializeHere(process.argv[2]).then(
    () => process.exit(0),
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    },
  );
}
