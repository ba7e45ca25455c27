import { createHash } from 'node:crypto';
import { DomainError } from '../../errors/domain-error';
import { canonicalJson } from '../canonical-json';

const KEY = /^[\x21-\x7E]{1,255}$/;

/** The `Idempotency-Key` header, if it is 1–255 visible ASCII characters; anything else is a 400. */
export function parseIdempotencyKey(header: string | string[]): string {
  if (typeof header === 'string' && KEY.test(header)) return header;
  throw DomainError.validation([{ field: 'Idempotency-Key', message: 'must be 1 to 255 visible ASCII characters' }]);
}

/**
 * SHA-256 (hex) of the canonical request: method, URL (path and query: the same key on another
 * couple's URL is another request) and the JSON body with its keys sorted.
 */
export function requestHashOf(method: string, url: string, body: unknown): string {
  return createHash('sha256').update(`${method.toUpperCase()} ${url}\n${canonicalJson(body)}`).digest('hex');
}
