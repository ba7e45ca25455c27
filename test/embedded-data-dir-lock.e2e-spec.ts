import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Child, holder, trustPath } from './support/child-processes';

/**
 * Two processes on one DATA_DIR would each keep their own copy of the database, and one would
 * lose the other's acknowledged writes. The embedded database holds a lock on its data directory
 * from start to stop. PGlite does not start inside a Jest worker, so child processes open it; the
 * test runs the same with or without TEST_DATABASE_URL. The tests share one data directory, since
 * creating one (initdb) is the slow part; each leaves it closed.
 */
// Each test starts PGlite in child processes (a new database is an initdb): slow on a busy machine.
jest.setTimeout(180_000);

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
      { event: 'open', pid, url: expect.any(String) },
      { event: 'refused', holderPid: pid, dataDir, message: expect.stringContaining(`The data directory ${dataDir} is in use by process ${pid}.`) },
      { event: 'open', pid, url: expect.any(String) },
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
    expect(await next.next('open')).toEqual({ event: 'open', pid: next.process.pid, url: expect.any(String) });
  });
});
