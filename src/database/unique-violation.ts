import { QueryFailedError } from 'typeorm';
import { DomainError } from '../errors/domain-error';
import { ErrorCode } from '../errors/error-code';

function violates(error: unknown, sqlState: string, constraint: string): boolean {
  const driver = (error as { driverError?: { code?: string; constraint?: string } }).driverError;
  return error instanceof QueryFailedError && driver?.code === sqlState && driver.constraint === constraint;
}

/** True when `error` is PostgreSQL's unique violation (23505) of the named constraint or index. */
export function isUniqueViolation(error: unknown, constraint: string): boolean {
  return violates(error, '23505', constraint);
}

/** True when `error` is PostgreSQL's exclusion violation (23P01) of the named constraint. */
export function isExclusionViolation(error: unknown, constraint: string): boolean {
  return violates(error, '23P01', constraint);
}

/** A unique violation of an externalId index becomes a 409 that names the field; anything else is rethrown. */
export function rethrowExternalIdTaken(error: unknown, constraint: string): never {
  if (isUniqueViolation(error, constraint)) {
    throw new DomainError(ErrorCode.ExternalIdTaken, 'Another record in the organization already has this externalId.');
  }
  throw error;
}
