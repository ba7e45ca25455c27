import type { Pool, PoolClient } from 'pg';

/**
 * node-postgres emits `error` on a connection that PostgreSQL ends (a restart, a terminated
 * backend) while the pool has lent it out between two queries, and TypeORM listens only while the
 * connection is idle in the pool: unheard, that event would crash the process. Every connection
 * gets a listener for its whole life; the failure then surfaces on the connection's next query,
 * which answers 503 like any other lost connection.
 */
export function listenToConnectionErrors(pool: Pool, onError: (error: Error) => void): void {
  const heard = new WeakSet<PoolClient>();
  const listen = (client: PoolClient) => {
    if (heard.has(client)) return;
    heard.add(client);
    client.on('error', onError);
  };
  pool.on('connect', listen);
  // Connections opened while the app started (TypeORM's first query) are already in the pool.
  for (const client of (pool as unknown as { _clients: PoolClient[] })._clients ?? []) listen(client);
}
