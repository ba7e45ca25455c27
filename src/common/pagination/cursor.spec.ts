import { ErrorCode } from '../../errors/error-code';
import { decodeCursor, encodeCursor } from './cursor';
import { isTimestamp } from './timestamp';
import { refusal } from '../../../test/support/refusal';

const position = { order: 'created' as const, at: '2024-05-01T10:00:00.123456Z', id: '7d3c1b8e-5a3f-4c2e-9b1d-2f0e4a6c8b10' };

const b64 = (text: string) => Buffer.from(text).toString('base64url');

describe('cursor', () => {
  it('round-trips a position with microseconds, as opaque URL-safe text', () => {
    const cursor = encodeCursor(position);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(cursor, 'created')).toEqual(position);
  });

  it.each([
    ['garbage', 'not a cursor!!'],
    ['empty JSON', b64('{}')],
    ['not JSON', b64('{"o":"created",')],
    ['JSON null', b64('null')],
    ['an array', b64('[1,2]')],
    ['an unknown order', b64(JSON.stringify({ o: 'name', t: position.at, i: position.id }))],
    ['a millisecond timestamp', b64(JSON.stringify({ o: 'created', t: '2024-05-01T10:00:00.123Z', i: position.id }))],
    ['an impossible date', b64(JSON.stringify({ o: 'created', t: '2024-02-30T10:00:00.000000Z', i: position.id }))],
    ['year zero', b64(JSON.stringify({ o: 'created', t: '0000-01-01T00:00:00.000000Z', i: position.id }))],
    ['SQL in the id', b64(JSON.stringify({ o: 'created', t: position.at, i: "1' OR '1'='1" }))],
    ['a numeric id', b64(JSON.stringify({ o: 'created', t: position.at, i: 42 }))],
  ])('refuses %s with a 400 on cursor', (_, cursor) => {
    const error = refusal(() => decodeCursor(cursor, 'created'));
    expect(error.code).toBe(ErrorCode.ValidationFailed);
    expect(error.options.errors).toEqual([{ field: 'cursor', message: expect.any(String) }]);
  });

  it('refuses a cursor from the other ordering', () => {
    const created = encodeCursor(position);
    expect(refusal(() => decodeCursor(created, 'updated')).options.errors?.[0].field).toBe('cursor');
    const updated = encodeCursor({ ...position, order: 'updated' });
    expect(refusal(() => decodeCursor(updated, 'created')).options.errors?.[0].field).toBe('cursor');
    expect(decodeCursor(updated, 'updated').order).toBe('updated');
  });
});

describe('isTimestamp', () => {
  it.each(['2024-05-01T10:00:00Z', '2024-05-01T10:00:00.123456Z', '2024-02-29T23:59:59+02:00', '0001-01-01T00:00:00-05:30'])(
    'accepts %s',
    (text) => expect(isTimestamp(text)).toBe(true),
  );

  it.each([
    '2024-05-01',
    '2024-05-01T10:00:00',
    '2024-05-01 10:00:00Z',
    '2023-02-29T00:00:00Z',
    '2024-04-31T00:00:00Z',
    '2024-01-01T24:00:00Z',
    '0000-01-01T00:00:00Z',
    '2024-05-01T10:00:00.1234567Z',
    '2024-05-01T10:00:00+25:00',
    'yesterday',
  ])('refuses %s', (text) => expect(isTimestamp(text)).toBe(false));
});
