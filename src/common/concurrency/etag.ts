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

function malformed(field: string): DomainError {
  return DomainError.validation([{ field, message: 'must be "*" or a list of ETags such as "3"' }]);
}

interface EntityTag {
  weak: boolean;
  opaque: string;
}

/** `*`, or the entity-tags of a comma-separated list; anything else is a 400 naming `field`. */
function parseEntityTags(header: string | string[], field: string): '*' | EntityTag[] {
  const text = Array.isArray(header) ? header.join(', ') : header;
  if (text.trim() === '*') return '*';
  const tags: EntityTag[] = [];
  let at = 0;
  while (at < text.length) {
    SEPARATOR.lastIndex = at;
    if (tags.length > 0) {
      if (!SEPARATOR.exec(text)) throw malformed(field);
      at = SEPARATOR.lastIndex;
      if (at >= text.length) break;
    }
    ENTITY_TAG.lastIndex = at;
    const tag = ENTITY_TAG.exec(text);
    if (!tag) throw malformed(field);
    at = ENTITY_TAG.lastIndex;
    tags.push({ weak: tag[1] !== undefined, opaque: tag[2] });
  }
  if (tags.length === 0) throw malformed(field);
  return tags;
}

/** The version an opaque tag names, if it is one of ours. */
function versionOf(opaque: string): number | undefined {
  return VERSION.test(opaque) && Number(opaque) <= MAX_VERSION ? Number(opaque) : undefined;
}

/**
 * Reads `If-Match` for a PATCH or DELETE: `service.update(id, dto, parseIfMatch(request.headers['if-match']))`.
 * Absent → undefined (no precondition). A weak tag `W/"3"` never matches strongly (RFC 9110), so it
 * names no version; the 412 it leads to says why. A header that is not an ETag list → 400.
 */
export function parseIfMatch(header: string | string[] | undefined): IfMatch | undefined {
  if (header === undefined) return undefined;
  const tags = parseEntityTags(header, 'If-Match');
  if (tags === '*') return '*';
  return {
    versions: tags.flatMap((tag) => {
      const version = tag.weak ? undefined : versionOf(tag.opaque);
      return version === undefined ? [] : [version];
    }),
    weak: tags.some((tag) => tag.weak),
  };
}
/**
 * Whether a GET's `If-None-Match` names the record's current `version`, so that the answer is 304
 * Not Modified: `*`, or any tag of that version. If-None-Match compares weakly (RFC 9110
 * §13.1.2), so `W/"3"` names version 3 as `"3"` does. Absent → false; not an ETag list → 400.
 */
export function isNotModified(header: string | string[] | undefined, version: number): boolean {
  if (header === undefined) return false;
  const tags = parseEntityTags(header, 'If-None-Match');
  return tags === '*' || tags.some((tag) => versionOf(tag.opaque) === version);
}
