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

/** Who holds an externalId: the extension member that names it (`clientId`) and how to find its id. */
export interface ExternalIdHolder {
  member: 'clientId' | 'coupleId';
  find(): Promise<string | null>;
}

/**
 * A unique violation of an externalId index becomes a 409 whose extension member (`holder.member`)
 * names the record that has the id; anything else is rethrown. Call it once the failed write's
 * transaction or savepoint has rolled back (outside the service's `db.run`), so `holder.find()` can
 * query: `.catch((error) => rethrowExternalIdTaken(error, 'clients_external_id_key', holder))`.
 */
export async function rethrowExternalIdTaken(error: unknown, constraint: string, holder: ExternalIdHolder): Promise<never> {
  if (!isUniqueViolation(error, constraint)) throw error;
  const id = await holder.find();
  throw new DomainError(
    ErrorCode.ExternalIdTaken,
    id
      ? `Another record in the organization already has this externalId: ${holder.member} ${id}.`
      : 'Another record in the organization already has this externalId.',
    { extensions: id ? (holder.member === 'clientId' ? { clientId: id } : { coupleId: id }) : undefined },
  );
}
