import { Injectable } from '@nestjs/common';
import { Propagation, TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { EntityManager } from 'typeorm';

/**
 * The one way to reach the database: repositories query through `manager`, which is the open
 * transaction's EntityManager inside `run(...)` and the pool's outside it; services wrap a write in
 * `run(...)`, which opens a transaction, or a savepoint inside the caller's when one is open
 * (nestjs-cls keeps it in the request's async context): a failed unit of work rolls back alone and
 * leaves the caller's transaction usable. So no method takes a manager, and no query can miss the transaction:
 * on the one-connection embedded database a query beside it would wait for it forever.
 */
@Injectable()
export class Transactions {
  constructor(private readonly host: TransactionHost<TransactionalAdapterTypeOrm>) {}

  get manager(): EntityManager {
    return this.host.tx;
  }

  run<T>(work: () => Promise<T>): Promise<T> {
    return this.host.withTransaction(Propagation.Nested, work);
  }

  /**
   * Runs work in the open transaction itself, without a savepoint (or in a new transaction when none
   * is open): for statements whose failure fails the caller's whole unit of work anyway, which a
   * savepoint would only cost two round trips.
   */
  join<T>(work: () => Promise<T>): Promise<T> {
    return this.host.withTransaction(Propagation.Required, work);
  }

  /** Runs work on the pool even when a transaction is open: for writes that must not share its fate. */
  outside<T>(work: () => Promise<T>): Promise<T> {
    return this.host.withoutTransaction(work);
  }
}
