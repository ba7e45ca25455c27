import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

/**
 * PostgreSQL in-process (PGlite), served over the wire protocol on loopback so that TypeORM's
 * ordinary `postgres` driver talks to it exactly as it talks to a server.
 * One data directory must only ever be opened by one process.
 */
export class EmbeddedPostgres {
  private constructor(
    private readonly db: PGlite,
    private readonly server: PGLiteSocketServer,
    readonly url: string,
    readonly maxConnections: number,
  ) {}

  /**
   * `dataDir` undefined keeps the database in memory; `loadDataDir` starts from a dump made by
   * `dump()` (the test harness's template).
   */
  static async start(options: { dataDir?: string; maxConnections: number; loadDataDir?: Blob }): Promise<EmbeddedPostgres> {
    let dataDir: string | undefined;
    if (options.dataDir) {
      dataDir = resolve(options.dataDir, 'pg');
      mkdirSync(dataDir, { recursive: true });
    }
    const db = await PGlite.create({ dataDir, loadDataDir: options.loadDataDir });
    const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections: options.maxConnections });
    await server.start();
    const conn = server.getServerConn();
    return new EmbeddedPostgres(db, server, `postgres://postgres@${conn}/postgres`, options.maxConnections);
  }

  dump(): Promise<Blob> {
    return this.db.dumpDataDir('none') as Promise<Blob>;
  }

  async stop(): Promise<void> {
    await this.server.stop();
    await this.db.close();
  }
}
