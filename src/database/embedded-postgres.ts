import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { DataDirLock } from './data-dir-lock';

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

/**
 * PostgreSQL in-process (PGlite), served over the wire protocol on loopback so that TypeORM's
 * ordinary `postgres` driver talks to it exactly as it talks to a server.
 * One data directory is only ever opened by one process: `start` holds a lock on it until `stop`,
 * and refuses (DataDirLockedError, naming the holder's pid) while another live process holds it.
 */
export class EmbeddedPostgres {
  private constructor(
    private readonly db: PGlite,
    private readonly server: PGLiteSocketServer,
    private readonly lock: DataDirLock | undefined,
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
      dataDir = resolve(options.dataDir, 'pg');
      mkdirSync(dataDir, { recursive: true });
      lock = DataDirLock.acquire(resolve(options.dataDir));
    }
    let db: PGlite | undefined;
    try {
      db = await PGlite.create({ dataDir, loadDataDir: options.loadDataDir, extensions: { pg_trgm, btree_gist } });
      const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections: EMBEDDED_CONNECTIONS });
      await server.start();
      const conn = server.getServerConn();
      return new EmbeddedPostgres(db, server, lock, `postgres://postgres@${conn}/postgres`);
    } catch (error) {
      await db?.close();
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
      this.lock?.release();
    }
  }
}
