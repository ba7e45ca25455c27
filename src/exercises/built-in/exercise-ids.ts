import { createHash } from 'node:crypto';

/**
 * The namespace of the built-in exercises' ids (an arbitrary constant, never to change): each
 * built-in exercise's id is the name-based UUID (version 5, RFC 9562) of its key in this namespace,
 * so the same exercise has the same id on every database.
 */
export const BUILT_IN_EXERCISE_NAMESPACE = 'a3f6c0de-4b1e-4f5a-8d7c-19e2b6f04c58';

/** The version 5 UUID of `name` in `namespace`. */
export function uuidV5(name: string, namespace: string): string {
  const hash = createHash('sha1')
    .update(Buffer.from(namespace.replace(/-/g, ''), 'hex'))
    .update(name, 'utf8')
    .digest();
  const bytes = hash.subarray(0, 16);
  bytes[6] = (bytes[6] & 0x0f) | 0x50;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The id of the built-in exercise with this key. */
export function builtInExerciseId(key: string): string {
  return uuidV5(key, BUILT_IN_EXERCISE_NAMESPACE);
}
