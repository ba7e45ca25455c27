import { DataDirLockedError } from '../../src/database/data-dir-lock';
import { EmbeddedPostgres } from '../../src/database/embedded-postgres';

/**
 * Opens the embedded database on a data directory in a process of its own (PGlite cannot start
 * inside a Jest worker) and reports each step as a JSON line on stdout:
 * `hold` keeps it open until stdin closes; `twice` also tries a second start in the same process,
 * then stops and starts again.
 */
const [dataDir, mode] = process.argv.slice(2);

function say(line: Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify(line)}\n`);
}

async function open(): Promise<EmbeddedPostgres | undefined> {
  try {
    const db = await EmbeddedPostgres.start({ dataDir });
    say({ event: 'open', pid: process.pid, url: db.url });
    return db;
  } catch (error) {
    if (!(error instanceof DataDirLockedError)) throw error;
    say({ event: 'refused', message: error.message, holderPid: error.holderPid, dataDir: error.dataDir });
    return undefined;
  }
}

async function main(): Promise<void> {
  const first = await open();
  if (!first) return;
  if (mode === 'twice') {
    await (await open())?.stop();
    await first.stop();
    await (await open())?.stop();
    return;
  }
  await new Promise((resolve) => process.stdin.once('end', resolve).resume());
  await first.stop();
  say({ event: 'stopped' });
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  },
);
