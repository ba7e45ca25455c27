import { canonicalJson, sortKeys } from './canonical-json';

describe('sortKeys', () => {
  it('sorts keys at every depth and keeps array order', () => {
    const sorted = sortKeys({ b: 1, a: { d: [{ z: 1, y: 2 }, 3], c: null } });
    expect(JSON.stringify(sorted)).toBe('{"a":{"c":null,"d":[{"y":2,"z":1},3]},"b":1}');
  });
});

describe('canonicalJson', () => {
  it('gives the same text for the same data built in another order', () => {
    expect(canonicalJson({ name: 'Ana', tags: ['a', 'b'], meta: { y: 1, x: 2 } })).toBe(
      canonicalJson({ meta: { x: 2, y: 1 }, tags: ['a', 'b'], name: 'Ana' }),
    );
  });

  it('keeps differences that matter: array order, types, nesting', () => {
    expect(canonicalJson({ tags: ['a', 'b'] })).not.toBe(canonicalJson({ tags: ['b', 'a'] }));
    expect(canonicalJson({ n: 1 })).not.toBe(canonicalJson({ n: '1' }));
    expect(canonicalJson({ a: { b: 1 } })).not.toBe(canonicalJson({ 'a.b': 1 }));
  });

  it('treats a missing body as null', () => {
    expect(canonicalJson(undefined)).toBe('null');
  });
});

describe('canonicalJson of dates', () => {
  it('writes a date as its ISO text', () => {
    expect(canonicalJson({ at: new Date('2024-05-01T10:00:00Z') })).toBe('{"at":"2024-05-01T10:00:00.000Z"}');
  });
});
