import { DomainError } from '../../errors/domain-error';

/**
 * A parsed `If-Match`: `'*'` (any current version), or the entity tags listed: the versions named
 * by its strong tags, and whether it held a weak one (`W/"3"`). A weak tag never matches, as
 * If-Match compares strongly (RFC 9110, 13.1.1), so a list without the current version, weak tags
 * or foreign ones only, answers 412.
 */
export type IfMatch = '*' | EntityTags;

export interface EntityTags {
  versions: number[];
  weak: boolean;
}

/** Whether a record at `version` meets the precondition (none given meets it). */
export function ifMatchAllows(ifMatch: IfMatch | undefined, version: number): boolean {
  return ifMatch === undefined || ifMatch === '*' || ifMatch.versions.includes(version);
}

/** The strong ETag of a resource version: `etagOf(3)` is `"3"`. */
export function etagOf(version: number): string {
  return `"${version}"`;
}

// entity-tag = [ "W/" ] DQUOTE *etagc DQUOTE (RFC 9110 8.8.3); elements are comma-separated.
const ENTITY_TAG = /\s*(W\/)?"([\x21\x23-\x7E\x80-\xFF]*)"\s*/y;
const SEPARATOR = /\s*,\s*/y;
// Our versions are PostgreSQL integers; a bigger number is no version of ours.
const VERSION = /^(0|[1-9]\d{0,9})$/;
const MAX_VERSION = 2_147_483_647;

function malformed(): DomainError {
  return DomainError.validation([{ field: 'If-Match', message: 'must be "*" or a list of ETags such as "3"' }]);
}

/**
 * Reads `If-Match` for a PATCH or DELETE: `service.update(id, dto, parseIfMatch(request.headers['if-match']))`.
 * Absent → undefined (no precondition). A weak tag `W/"3"` never matches strongly (RFC 9110), so it
 * names no version; the 412 it leads to says why. A header that is not an ETag list → 400.
 */
export function parseIfMatch(header: string | string[] | undefined): IfMatch | undefined {
  if (header === undefined) return undefined;
  const text = Array.isArray(header) ? header.join(', ') : header;
  if (text.trim() === '*') return '*';
  const versions: number[] = [];
  let weak = false;
  let at = 0;
  let elements = 0;
  while (at < text.length) {
    SEPARATOR.lastIndex = at;
    if (elements > 0) {
      if (!SEPARATOR.exec(text)) throw malformed();
      at = SEPARATOR.lastIndex;
      if (at >= text.length) break;
    }
    ENTITY_TAG.lastIndex = at;
    const tag = ENTITY_TAG.exec(text);
    if (!tag) throw malformed();
    at = ENTITY_TAG.lastIndex;
    elements += 1;
    const [, weakPrefix, opaque] = tag;
    if (weakPrefix) weak = true;
    else if (VERSION.test(opaque) && Number(opaque) <= MAX_VERSION) versions.push(Number(opaque));
  }
  if (elements === 0) throw malformed();
  return { versions, weak };
}
