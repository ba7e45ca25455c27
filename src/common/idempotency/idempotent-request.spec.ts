import { DomainError } from '../../errors/domain-error';
import { parseIdempotencyKey, requestHashOf } from './idempotent-request';

describe('requestHashOf', () => {
  const body = { name: 'Ana', partners: [{ id: 1 }, { id: 2 }], meta: { a: 1, b: null } };

  it('is a SHA-256 hex digest', () => {
    expect(requestHashOf('POST', '/v1/clients', body)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('ignores the order of keys at any depth and the case of the method', () => {
    const reordered = { meta: { b: null, a: 1 }, partners: [{ id: 1 }, { id: 2 }], name: 'Ana' };
    expect(requestHashOf('post', '/v1/clients', reordered)).toBe(requestHashOf('POST', '/v1/clients', body));
  });

  it('tells apart anything that makes it another request', () => {
    const base = requestHashOf('POST', '/v1/clients', body);
    expect(requestHashOf('PUT', '/v1/clients', body)).not.toBe(base);
    expect(requestHashOf('POST', '/v1/couples', body)).not.toBe(base);
    expect(requestHashOf('POST', '/v1/clients?dryRun=true', body)).not.toBe(base);
    expect(requestHashOf('POST', '/v1/clients', { ...body, name: 'Ana ' })).not.toBe(base);
    expect(requestHashOf('POST', '/v1/clients', { ...body, partners: [{ id: 2 }, { id: 1 }] })).not.toBe(base);
    expect(requestHashOf('POST', '/v1/clients', { ...body, extra: 1 })).not.toBe(base);
    expect(requestHashOf('POST', '/v1/couples/1/commitments', {})).not.toBe(requestHashOf('POST', '/v1/couples/2/commitments', {}));
  });

  it('tells apart the same request sent by another credential', () => {
    const base = requestHashOf('POST', '/v1/clients', body, 'user:1');
    expect(requestHashOf('POST', '/v1/clients', body, 'user:1')).toBe(base);
    expect(requestHashOf('POST', '/v1/clients', body, 'user:2')).not.toBe(base);
    expect(requestHashOf('POST', '/v1/clients', body, 'apiKey:1')).not.toBe(base);
  });

  it('hashes a missing body like null, and unlike an empty object', () => {
    expect(requestHashOf('POST', '/x', undefined)).toBe(requestHashOf('POST', '/x', null));
    expect(requestHashOf('POST', '/x', undefined)).not.toBe(requestHashOf('POST', '/x', {}));
  });
});

describe('parseIdempotencyKey', () => {
  it.each(['a', 'x'.repeat(255), '3f2c9a1e-0b7d-4c55-8e2f-0a1b2c3d4e5f', 'order#42:retry~1'])('accepts %p', (key) => {
    expect(parseIdempotencyKey(key)).toBe(key);
  });

  it.each([[''], ['x'.repeat(256)], ['has space'], ['tab\there'], ['ünïcode'], [['a', 'b']]])('refuses %p with a 400', (key) => {
    expect(() => parseIdempotencyKey(key)).toThrow(DomainError);
  });
});
