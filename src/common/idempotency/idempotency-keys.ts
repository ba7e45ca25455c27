import { Injectable } from '@nestjs/common';
import { DomainError, FieldError } from '../../errors/domain-error';
import { ErrorCode } from '../../errors/error-code';
import { IdempotencyRepository, IdempotentRequest, StoredResponse } from './idempotency.repository';

export type { IdempotentRequest, StoredResponse } from './idempotency.repository';

/** A 4xx answer, stored as what rebuilds the same DomainError on replay. */
export interface StoredProblem {
  code: ErrorCode;
  detail: string;
  errors?: FieldError[];
  extensions?: Record<string, unknown>;
  headers?: Record<string, string>;
}

function inProgress(): DomainError {
  return new DomainError(ErrorCode.Conflict, 'A request with this Idempotency-Key is still in progress; retry shortly.', {
    headers: { 'retry-after': '1' },
  });
}

/**
 * The Idempotency-Key protocol. A key is taken inside the transaction of the write it protects and
 * its answer stored in that same transaction, so after any failure (a lost COMMIT reply, a crash)
 * either the record and its stored answer both exist, and the retry replays it, or neither does,
 * and the retry runs. Nothing of a request in progress survives its transaction.
 */
@Injectable()
export class IdempotencyKeys {
  /** Keys of this process's requests in flight: a second one answers 409 without waiting for a connection. */
  private readonly inFlight = new Set<string>();

  constructor(private readonly repository: IdempotencyRepository) {}

  /** Marks the key in flight in this process for the duration of `work`; 409 if it already is. */
  async exclusively<T>(request: IdempotentRequest, work: () => Promise<T>): Promise<T> {
    const id = `${request.organizationId}:${request.key}`;
    if (this.inFlight.has(id)) throw inProgress();
    this.inFlight.add(id);
    try {
      return await work();
    } finally {
      this.inFlight.delete(id);
    }
  }

  /**
   * In the write's transaction: the stored answer to replay, or undefined when this request is to
   * run (it then holds the key until the transaction ends). 409 while another process's request
   * holds it; 422 when the key was used for another request.
   */
  async claim(request: IdempotentRequest): Promise<StoredResponse | undefined> {
    if (!(await this.repository.tryLock(request))) throw inProgress();
    const held = await this.repository.findLive(request.organizationId, request.key);
    if (!held) return undefined;
    if (held.requestHash !== request.requestHash) {
      throw new DomainError(
        ErrorCode.IdempotencyKeyReused,
        'This Idempotency-Key was already used with a different request; use a new key for a new request.',
      );
    }
    return held.response;
  }

  /** In the write's transaction: the answer retries will replay. */
  store(request: IdempotentRequest, response: StoredResponse): Promise<void> {
    return this.repository.store(request, response);
  }
}
