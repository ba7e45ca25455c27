import { DomainError } from '../../src/errors/domain-error';

/** The DomainError a pure rule throws, for asserting its code and fields; fails when it throws none. */
export function refusal(run: () => unknown): DomainError {
  try {
    run();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}
