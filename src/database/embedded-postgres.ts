import { chmodSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { DataDirLock } from './data-dir-lock';
import { EMBEDDED_POSTGRESQL_CONF, initializeDataDir } from './embedded-initdb';

// The package exports its extensions only to resolvers that read `exports`.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { pg_trgm } = require('@electric-sql/pglite/contrib/pg_trgm') as typeof import('@electric-sql/pglite/dist/contrib/pg_trgm');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { btree_gist } = require('@electric-sql/pglite/contrib/btree_gist') as typeof import('@electric-sql/pglite/dist/contrib/btree_gist');

/**
 * How many connections the embedded database serves. PGlite is one PostgreSQL session: its socket
 * server interleaves the extended-protocol messages (Parse, Bind, Execute) of concurrent
 * connections outside a transaction, so a statement prepared by one connection can be bound by
 * another. One connection keeps every query whole; PGlite runs one query at a time anyway.
 */
export const EMBEDDED_CONNECTIONS = 1;

/** libpq's naming: a socket directory plus a port name the file `.s.PGSQL.<port>` in it. */
const SOCKET_PORT = 5432;

/** A connection string for a Unix socket directory: the host is the directory, percent-encoded. */
export function socketUrl(socketDir: string): string {
  return `postgres://postgres@${encodeURIComponent(socketDir)}:${SOCKET_PORT}/postgres`;
}

/**
 * PostgreSQL in-process (PGlite), served over the wire protocol so that TypeORM's ordinary
 * `postgres` driver talks to it exactly as it talks to a server.
 *
 * PGlite has no passwords, and its database holds the installation's generated secrets, so it is
 * served only where this OS user can reach it: a Unix socket in a fresh directory of mode 0700
 * (never a TCP port, which every local account could open). The data directory is made 0700 too,
 * as PostgreSQL itself insists, so its files can't be read around the socket.
 *
 * One data directory is only ever opened by one process: `start` holds a lock on it until `stop`,
 * and refuses (DataDirLockedError, naming the holder's pid) while another live process holds it.
 */
export class EmbeddedPostgres {
  private constructor(
    private readonly db: PGlite,
    private readonly server: PGLiteSocketServer,
    private readonly lock: DataDirLock | undefined,
    private readonly socketDir: string,
    readonly url: string,
  ) {}

  /**
   * `dataDir` undefined keeps the database in memory; `loadDataDir` starts from a dump made by
   * `dump()` (the test harness's template).
   */
  static async start(options: { dataDir?: string; loadDataDir?: Blob } = {}): Promise<EmbeddedPostgres> {
    let dataDir: string | undefined;
    let lock: DataDirLock | undefined;
    if (options.dataDir) {
      const root = resolve(options.dataDir);
      mkdirSync(root, { recursive: true, mode: 0o700 });
      chmodSync(root, 0o700);
      lock = DataDirLock.acquire(root);
      dataDir = join(root, 'pg');
      try {
        await initializeDataDir(dataDir);
      } catch (error) {
        lock.release();
        throw error;
      }
      chmodSync(dataDir, 0o700);
    }
    // mkdtemp creates the directory with mode 0700, owned by this user; the socket's path stays
    // short (Unix sockets allow about 100 bytes) wherever DATA_DIR is.
    const socketDir = mkdtempSync(join(tmpdir(), 'trustpath-db-'));
    chmodSync(socketDir, 0o700);
    let db: PGlite | undefined;
    try {
      db = await PGlite.create({
        dataDir,
        loadDataDir: options.loadDataDir,
        extensions: { pg_trgm, btree_gist },
        postgresqlconf: EMBEDDED_POSTGRESQL_CONF,
      });
      const server = new PGLiteSocketServer({ db, path: join(socketDir, `.s.PGSQL.${SOCKET_PORT}`), maxConnections: EMBEDDED_CONNECTIONS });
      await server.start();
      return new EmbeddedPostgres(db, server, lock, socketDir, socketUrl(socketDir));
    } catch (error) {
      await db?.close();
      rmSync(socketDir, { recursive: true, force: true });
      lock?.release();
      throw error;
    }
  }

  dump(): Promise<Blob> {
    return this.db.dumpDataDir('none') as Promise<Blob>;
  }

  async stop(): Promise<void> {
    try {
      await this.server.stop();
      await this.db.close();
    } finally {
      rmSync(this.socketDir, { recursive: true, force: true });
      this.lock?.release();
    }
  }
}
