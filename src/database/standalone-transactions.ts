import { AsyncLocalStorage } from 'node:async_hooks';
import { DataSource, EntityManager } from 'typeorm';
import { Transactions } from './transactions';

/** A database opened by a tool that runs without the application (scripts/), and by tests calling such a tool. */
export type ToolDatabase = DataSource;

/**
 * `Transactions` over a tool's own data source, so the tool reaches tables through the owners'
 * repositories as the application does: `manager` is the open transaction's inside `run(...)` and
 * the pool's outside it, and a nested `run` joins the open transaction.
 */
class StandaloneTransactions extends Transactions {
  private readonly open = new AsyncLocalStorage<EntityManager>();

  constructor(private readonly dataSource: DataSource) {
    // Nothing of the application's transaction host is used: both members are replaced below.
    super(undefined as never);
  }

  override get manager(): EntityManager {
    return this.open.getStore() ?? this.dataSource.manager;
  }

  override run<T>(work: () => Promise<T>): Promise<T> {
    if (this.open.getStore()) return work();
    return this.dataSource.transaction((manager) => this.open.run(manager, work));
  }
}

export function standaloneTransactions(database: ToolDatabase): Transactions {
  return new StandaloneTransactions(database);
}
