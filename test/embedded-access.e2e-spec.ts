import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { Child, holder } from './support/child-processes';

const NOBODY = 65534;

/** The inodes of the sockets a process has open (Linux). */
function socketInodes(pid: number): Set<string> {
  const inodes = new Set<string>();
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    const target = (() => {
      try {
        return readlinkSync(`/proc/${pid}/fd/${fd}`);
      } catch {
        return '';
      }
    })();
    const match = /^socket:\[(\d+)\]$/.exec(target);
    if (match) inodes.add(match[1]);
  }
  return inodes;
}

/** TCP sockets in LISTEN state among these inodes, as "address:port" (hex, as the kernel lists them). */
function tcpListeners(inodes: Set<string>): string[] {
  const listening: string[] = [];
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text = '';
    try {
      text = readFileSync(table, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      // local_address rem_address st ... inode (field 9)
      if (fields.length > 9 && fields[3] === '0A' && inodes.has(fields[9])) listening.push(fields[1]);
    }
  }
  return listening;
}

/** Whether another OS user can open the socket: a process running as `nobody` tries. */
function connectAs(uid: number, socketPath: string): Promise<string> {
  const script = `require('net').connect(${JSON.stringify(socketPath)}).on('connect', () => { console.log('connected'); process.exit(0); }).on('error', (e) => { console.log(e.code); process.exit(0); });`;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', script], { uid, gid: uid, cwd: '/', stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('error', reject);
    child.on('exit', () => (out.trim() ? resolve(out.trim()) : reject(new Error(`the probe printed nothing: ${err}`))));
  });
}

/**
 * The embedded database has no passwords and holds the installation's generated secrets (the JWT
 * secret, the note-encryption key), so nobody but this OS user may reach it: no TCP port, a Unix
 * socket in a directory only this user can enter, and a data directory only this user can read.
 * PGlite does not start inside a Jest worker, so a child process opens it.
 */
// Each test starts PGlite in child processes (a new database is an initdb): slow on a busy machine.
jest.setTimeout(180_000);

describe('the embedded database is reachable by its own user only', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'trustpath-access-'));
  let child: Child;
  let url: URL;
  let socketDir: string;

  beforeAll(async () => {
    child = holder(dataDir);
    const open = await child.next('open');
    url = new URL(open.url as string);
    socketDir = decodeURIComponent(url.hostname);
  });
  afterAll(async () => {
    child?.process.stdin?.end();
    await child?.exit;
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('listens on no TCP port, only on a Unix socket', () => {
    expect(socketDir.startsWith('/')).toBe(true);
    const inodes = socketInodes(child.process.pid!);
    expect(inodes.size).toBeGreaterThan(0);
    expect(tcpListeners(inodes)).toEqual([]);
    expect(readdirSync(socketDir)).toEqual([`.s.PGSQL.${url.port}`]);
  });

  it('keeps the socket and the data files in directories of mode 0700 owned by this user', () => {
    for (const dir of [socketDir, dataDir, join(dataDir, 'pg')]) {
      const stat = statSync(dir);
      expect({ dir, mode: (stat.mode & 0o777).toString(8) }).toEqual({ dir, mode: '700' });
      expect(stat.uid).toBe(process.getuid!());
    }
  });

  it('answers this user, on the URL the app uses', async () => {
    const client = new Client({ connectionString: url.toString() });
    await client.connect();
    try {
      const { rows } = await client.query<{ one: number }>('SELECT 1 AS one');
      expect(rows).toEqual([{ one: 1 }]);
    } finally {
      await client.end();
    }
  });

  // Switching to another user needs root; CI runs as root.
  (process.getuid?.() === 0 ? it : it.skip)('refuses another local user', async () => {
    // The probe can reach an ordinary socket, so a refusal below is the directory's doing.
    const open = mkdtempSync(join(tmpdir(), 'trustpath-open-'));
    try {
      const { createServer } = await import('node:net');
      const server = createServer((socket) => socket.end());
      const path = join(open, 'probe.sock');
      await new Promise<void>((resolve) => server.listen(path, resolve));
      const { chmodSync } = await import('node:fs');
      chmodSync(open, 0o755);
      chmodSync(path, 0o777);
      expect(await connectAs(NOBODY, path)).toBe('connected');
      await new Promise((resolve) => server.close(resolve));
    } finally {
      rmSync(open, { recursive: true, force: true });
    }
    expect(await connectAs(NOBODY, join(socketDir, `.s.PGSQL.${url.port}`))).toBe('EACCES');
  });
});
