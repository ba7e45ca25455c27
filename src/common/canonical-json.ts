/** Recursively sorts object keys (arrays keep their order), so equal data serializes identically. */
export function sortKeys<T>(value: T): T {
  if (Array.isArray(value)) return value.map((v) => sortKeys(v)) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value as object)
        .sort()
        .map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]),
    ) as T;
  }
  return value;
}

/** JSON with sorted keys: the same data always gives the same text, whatever order it was built in. */
export function canonicalJson(value: unknown): string {
  // A round trip first, so values with toJSON (dates) are their JSON text, not their own keys.
  return JSON.stringify(sortKeys(JSON.parse(JSON.stringify(value ?? null))));
}
