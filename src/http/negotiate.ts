import Negotiator from 'negotiator';
import { DomainError } from '../errors/domain-error';
import { ErrorCode } from '../errors/error-code';

/**
 * The media type to answer in: the first of `offered` that the `Accept` header prefers (q-values
 * and wildcards honoured; no header accepts anything, so the first offered). None acceptable: 406.
 */
export function negotiate<T extends string>(accept: string | undefined, offered: readonly [T, ...T[]]): T {
  const chosen = new Negotiator({ headers: { accept: accept ?? '*/*' } }).mediaType([...offered]);
  if (!chosen) throw new DomainError(ErrorCode.NotAcceptable, `This resource is available as ${offered.join(' or ')}.`);
  return chosen as T;
}
