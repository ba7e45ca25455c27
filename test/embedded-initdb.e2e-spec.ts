import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isInitialized } from '../src/database/embedded-initdb';
import { holder } from './support/child-processes';

const ROOT = join(__dirname, '..');

/** `initializeDataDir(pgDir)` in a process of its own; resolves with its exit code. */
function initializeInChild(pgDir: string): Promise<number | null> {
  const script = `require('./src/database/embedded-initdb').initializeDataDir(${JSON.stringify(pgDir)}).then(() => process.exit(0), (e) => { console.error(e.message); process.exit(1); })`;
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['-r', '@swc-node/register', '-e', script], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
    child.on('exit', (code) => resolve(code));
  });
}

/**
 * A new embedded database is created (initdb) in a child process, into a staging directory that is
 * renamed into place when complete: a crash leaves nothing half-made, and processes racing to
 * create the same database end with exactly one, which opens.
 */
// Each test starts PGlite in child processes (a new database is an initdb): slow on a busy machine.
jest.setTimeout(180_000);

describe('creating the embedded database', () => {
  const root = mkdtempSync(join(tmpdir(), 'trustpath-initdb-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('ends with one usable database when two processes create it at once, and leaves no staging directory', async () => {
    const dataDir = join(root, 'race');
    mkdirSync(dataDir);
    // An empty pg directory, as an interrupted start of an earlier version left it.
    mkdirSync(join(dataDir, 'pg'));
    expect(isInitialized(join(dataDir, 'pg'))).toBe(false);

    expect(await Promise.all([initializeInChild(join(dataDir, 'pg')), initializeInChild(join(dataDir, 'pg'))])).toEqual([0, 0]);
    expect(isInitialized(join(dataDir, 'pg'))).toBe(true);
    expect(readdirSync(dataDir)).toEqual(['pg']);

    const opened = holder(dataDir);
    expect(await opened.next('open')).toMatchObject({ event: 'open' });
    opened.process.stdin!.end();
    expect(await opened.exit).toBe(0);
  });
});
