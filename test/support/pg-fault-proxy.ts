import { createServer, Server, Socket, connect } from 'node:net';

/**
 * A TCP proxy between the app and PostgreSQL that can lose the reply to a COMMIT: after a client
 * sends a statement containing `marker`, the next COMMIT completion PostgreSQL sends on that
 * connection is dropped and the connection cut, as when the network fails right after the commit.
 * The transaction is committed; the app only never hears so.
 */
export class PgFaultProxy {
  private readonly sockets = new Set<Socket>();
  private marker?: string;
  private refusing = false;
  /** COMMIT replies dropped so far. */
  dropped = 0;

  private constructor(
    private readonly server: Server,
    readonly port: number,
  ) {}

  static async start(target: { host: string; port: number }): Promise<PgFaultProxy> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const proxy = new PgFaultProxy(server, (server.address() as { port: number }).port);
    server.removeAllListeners('connection');
    server.on('connection', (client: Socket) => proxy.pipe(client, target));
    return proxy;
  }

  /** The URL of the same database, through this proxy. */
  urlFor(databaseUrl: string): string {
    const url = new URL(databaseUrl);
    url.hostname = '127.0.0.1';
    url.port = String(this.port);
    return url.toString();
  }

  /** Loses the COMMIT reply of the next transaction whose statements contain `marker`. */
  loseCommitReplyAfter(marker: string): void {
    this.marker = marker;
  }

  /** PostgreSQL out of reach: open connections are cut and new ones refused, until `accept()`. */
  refuse(): void {
    this.refusing = true;
    for (const socket of this.sockets) socket.destroy();
  }

  accept(): void {
    this.refusing = false;
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private pipe(client: Socket, target: { host: string; port: number }): void {
    if (this.refusing) {
      client.destroy();
      return;
    }
    const server = connect(target.port, target.host);
    this.sockets.add(client).add(server);
    let armed = false;
    let seen = '';
    let pending = Buffer.alloc(0);
    client.on('data', (chunk: Buffer) => {
      if (this.marker) {
        seen = (seen + chunk.toString('latin1')).slice(-4096);
        if (seen.includes(this.marker)) {
          armed = true;
          this.marker = undefined;
        }
      }
      server.write(chunk);
    });
    server.on('data', (chunk: Buffer) => {
      if (!armed) {
        client.write(chunk);
        return;
      }
      // Forward whole messages until the COMMIT completion, then cut the connection instead.
      pending = Buffer.concat([pending, chunk]);
      let at = 0;
      while (pending.length - at >= 5) {
        const length = pending.readUInt32BE(at + 1);
        if (pending.length - at < 1 + length) break;
        const type = String.fromCharCode(pending[at]);
        const tag = type === 'C' ? pending.subarray(at + 5, at + 1 + length - 1).toString('latin1') : '';
        if (tag === 'COMMIT') {
          client.write(pending.subarray(0, at));
          this.dropped += 1;
          client.destroy();
          server.destroy();
          return;
        }
        at += 1 + length;
      }
      client.write(pending.subarray(0, at));
      pending = pending.subarray(at);
    });
    const close = () => {
      client.destroy();
      server.destroy();
      this.sockets.delete(client);
      this.sockets.delete(server);
    };
    client.on('error', close).on('close', close);
    server.on('error', close).on('close', close);
  }
}
