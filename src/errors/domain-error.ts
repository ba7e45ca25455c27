import { ErrorCode, statusOf } from './error-code';

export interface FieldError {
  field: string;
  message: string;
}

/**
 * A refusal the API means to give: it carries a stable code, a detail safe to show the caller,
 * and optional extra members (for example the id of a clashing record).
 */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly detail: string,
    readonly options: {
      errors?: FieldError[];
      extensions?: Record<string, unknown>;
      headers?: Record<string, string>;
    } = {},
  ) {
    super(detail);
    this.name = 'DomainError';
  }

  get status(): number {
    return statusOf(this.code);
  }

  static notFound(resource: string): DomainError {
    return new DomainError(ErrorCode.NotFound, `${resource} not found.`);
  }

  static validation(errors: FieldError[], detail = 'The request is invalid.'): DomainError {
    return new DomainError(ErrorCode.ValidationFailed, detail, { errors });
  }
}
