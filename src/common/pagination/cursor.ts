import { DomainError } from '../../errors/domain-error';
import { isTimestamp } from './timestamp';

/** `created`: newest first, the default. `updated`: oldest change first, when `updatedSince` is given. */
export type PageOrder = 'created' | 'updated';

/** Where a page ended: the sort timestamp (exact text, microseconds) and id of its last item. */
export interface CursorPosition {
  order: PageOrder;
  at: string;
  id: string;
}

const EXACT_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The opaque `nextCursor` handed to clients: base64url of a small JSON. */
export function encodeCursor(position: CursorPosition): string {
  return Buffer.from(JSON.stringify({ o: position.order, t: position.at, i: position.id })).toString('base64url');
}

/**
 * Reads a client's cursor back. Garbage, a tampered shape, or a cursor made for the other ordering
 * is a 400 on `cursor`: it must never reach SQL as something PostgreSQL rejects.
 */
export function decodeCursor(cursor: string, order: PageOrder): CursorPosition {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    parsed = undefined;
  }
  const { o, t, i } = (parsed ?? {}) as Record<string, unknown>;
  const valid =
    typeof t === 'string' && EXACT_UTC.test(t) && isTimestamp(t) && typeof i === 'string' && UUID.test(i);
  if (!valid || (o !== 'created' && o !== 'updated')) {
    throw DomainError.validation([{ field: 'cursor', message: 'is not a cursor this API issued' }]);
  }
  if (o !== order) {
    throw DomainError.validation([
      {
        field: 'cursor',
        message:
          o === 'updated'
            ? 'was issued for an updatedSince walk; send the same updatedSince'
            : 'was issued without updatedSince; walk on without it or start again',
      },
    ]);
  }
  return { order: o, at: t, id: i };
}
