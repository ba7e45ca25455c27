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
 * couple's URL is another request), the JSON body with its keys sorted, and the credential that
 * sent it (`user:<id>` or `apiKey:<id>`): a replay is the first answer, given only to whoever got
 * it, never to another actor of the organization, who may not reach what it shows.
 */
export function requestHashOf(method: string, url: string, body: unknown, credential = ''): string {
  return createHash('sha256').update(`${method.toUpperCase()} ${url}\n${credential}\n${canonicalJson(body)}`).digest('hex');
}
