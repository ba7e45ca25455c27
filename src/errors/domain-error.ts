import { ErrorCode, statusOf } from './error-code';
import type { ErrorsOf, ExtensionsOf } from './problem-members';

export interface FieldError {
  field: string;
  message: string;
}

/** What a refusal carries beside its code and detail: only the members `PROBLEM_MEMBERS` gives its code. */
export interface ProblemOptions<C extends ErrorCode> {
  errors?: ErrorsOf<C>;
  extensions?: ExtensionsOf<C>;
  headers?: Record<string, string>;
}

/**
 * A refusal the API means to give: it carries a stable code, a detail safe to show the caller,
 * and optional extra members (for example the id of a clashing record), each documented in the
 * spec's Problem schema.
 */
export class DomainError<C extends ErrorCode = ErrorCode> extends Error {
  constructor(
    readonly code: C,
    readonly detail: string,
    readonly options: ProblemOptions<C> = {},
  ) {
    super(detail);
    this.name = 'DomainError';
  }

  get status(): number {
    return statusOf(this.code);
  }

  static notFound(resource: string): DomainError<ErrorCode.NotFound> {
    return new DomainError(ErrorCode.NotFound, `${resource} not found.`);
  }

  static validation(errors: FieldError[], detail = 'The request is invalid.'): DomainError<ErrorCode.ValidationFailed> {
    return new DomainError(ErrorCode.ValidationFailed, detail, { errors });
  }
}
