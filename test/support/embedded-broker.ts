import { randomUUID } from 'node:crypto';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { EmbeddedPostgres } from '../../src/database/embedded-postgres';

/**
 * Serves embedded test databases from Jest's parent process. PGlite loads its WebAssembly with a
 * dynamic import that Jest's module sandbox refuses, so test files ask this small loopback service
 * for a database cloned from the migrated template instead of starting PGlite themselves.
 */
export class EmbeddedBroker {
  private constructor(
    private readonly server: Server,
    private readonly instances: Map<string, EmbeddedPostgres>,
  ) {}

  static async start(template: Blob): Promise<{ broker: EmbeddedBroker; url: string }> {
    const instances = new Map<string, EmbeddedPostgres>();
    const server = createServer((req, res) => {
      // Each test file asks seconds apart; a kept-alive socket could be closed by the server just as
      // the next request goes out on it ("other side closed"), so every answer ends its connection.
      res.setHeader('connection', 'close');
      const fail = (error: unknown) => {
        res.writeHead(500).end(error instanceof Error ? error.message : String(error));
      };
      if (req.method === 'POST' && req.url?.startsWith('/databases')) {
        EmbeddedPostgres.start({ loadDataDir: template }).then((db) => {
          const id = randomUUID();
          instances.set(id, db);
          res.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify({ id, url: db.url }));
        }, fail);
        return;
      }
      const match = /^\/databases\/([0-9a-f-]+)$/.exec(req.url ?? '');
      if (req.method === 'DELETE' && match) {
        const db = instances.get(match[1]);
        instances.delete(match[1]);
        (db ? db.stop() : Promise.resolve()).then(() => res.writeHead(204).end(), fail);
        return;
      }
      res.writeHead(404).end();
    });
    const broker = new EmbeddedBroker(server, instances);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    return { broker, url: `http://127.0.0.1:${port}` };
  }

  async stop(): Promise<void> {
    await Promise.all([...this.instances.values()].map((db) => db.stop().catch(() => undefined)));
    this.instances.clear();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
