import { randomBytes } from 'node:crypto';
import { NoteCipher, NoteDecryptionError, noteAad, parseNoteKeys } from './note-cipher';

const ORG = '5b3a1c9e-0d4f-4a8b-9c2e-1f0a3b4c5d6e';
const RECORD = '7d3c1b8e-5a3f-4c2e-9b1d-2f0e4a6c8b10';
const OTHER = '9e8d7c6b-5a49-4382-9170-6f5e4d3c2b1a';
const key = () => randomBytes(32);

describe('NoteCipher', () => {
  const keyA = key();
  const keyB = key();
  const aad = noteAad('therapy_sessions', ORG, RECORD);
  const cipherA = new NoteCipher(new Map([['a', keyA]]), 'a');

  it('round-trips text, as v1:<keyId>:<iv>:<tag>:<ciphertext> that does not contain it', () => {
    const text = 'Client reported feeling safe at home; discussed step 2 — ünïcödé too.';
    const stored = cipherA.encrypt(text, aad);
    expect(stored).toMatch(/^v1:a:[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+$/);
    expect(stored).not.toContain('safe at home');
    expect(Buffer.from(stored.split(':')[4], 'base64').toString('utf8')).not.toContain('safe');
    expect(cipherA.decrypt(stored, aad)).toBe(text);
    expect(NoteCipher.keyIdOf(stored)).toBe('a');
  });

  it('uses a fresh IV each time', () => {
    expect(cipherA.encrypt('same', aad)).not.toBe(cipherA.encrypt('same', aad));
  });

  it('refuses a tampered ciphertext, tag or IV', () => {
    const stored = cipherA.encrypt('the note', aad);
    const parts = stored.split(':');
    const flip = (b64: string) => {
      const bytes = Buffer.from(b64, 'base64');
      bytes[0] ^= 1;
      return bytes.toString('base64');
    };
    for (const index of [2, 3, 4]) {
      const tampered = [...parts];
      tampered[index] = flip(parts[index]);
      expect(() => cipherA.decrypt(tampered.join(':'), aad)).toThrow(NoteDecryptionError);
    }
  });

  it('refuses a ciphertext moved to another record or organization (AAD mismatch)', () => {
    const stored = cipherA.encrypt('the note', aad);
    expect(() => cipherA.decrypt(stored, noteAad('therapy_sessions', ORG, OTHER))).toThrow(NoteDecryptionError);
    expect(() => cipherA.decrypt(stored, noteAad('therapy_sessions', OTHER, RECORD))).toThrow(NoteDecryptionError);
    expect(() => cipherA.decrypt(stored, noteAad('session_addenda', ORG, RECORD))).toThrow(NoteDecryptionError);
  });

  it('names an unknown key id, and reads old keys while they stay configured', () => {
    const stored = cipherA.encrypt('old', aad);
    const cipherB = new NoteCipher(new Map([['b', keyB]]), 'b');
    expect(() => cipherB.decrypt(stored, aad)).toThrow(/"a" is not configured/);
    const both = new NoteCipher(new Map([['a', keyA], ['b', keyB]]), 'b');
    expect(both.decrypt(stored, aad)).toBe('old');
    expect(NoteCipher.keyIdOf(both.encrypt('new', aad))).toBe('b');
  });

  it('refuses a key id with the same name but other key material', () => {
    const stored = cipherA.encrypt('x', aad);
    expect(() => new NoteCipher(new Map([['a', keyB]]), 'a').decrypt(stored, aad)).toThrow(NoteDecryptionError);
  });

  it('refuses values that are not v1 ciphertexts', () => {
    for (const value of ['plain text', 'v2:a:x:y:z', 'v1:a:onlythree', '']) {
      expect(() => cipherA.decrypt(value, aad)).toThrow(NoteDecryptionError);
    }
  });

  it('refuses a current key id that is not configured', () => {
    expect(() => new NoteCipher(new Map([['a', keyA]]), 'b')).toThrow(/not among/);
  });
});

describe('parseNoteKeys', () => {
  const b64 = key().toString('base64');

  it('reads keyId:base64 entries', () => {
    const keys = parseNoteKeys(` k1:${b64} , k-2.x_y:${key().toString('base64')}`);
    expect([...keys.keys()]).toEqual(['k1', 'k-2.x_y']);
    expect(keys.get('k1')).toEqual(Buffer.from(b64, 'base64'));
  });

  it.each([
    ['no keys', ''],
    ['no key id', `:${b64}`],
    ['no separator', b64],
    ['a key id with a colon-free bad character', `k/1:${b64}`],
    ['a short key', `k:${randomBytes(16).toString('base64')}`],
    ['a long key', `k:${randomBytes(33).toString('base64')}`],
    ['not base64', `k:${'!'.repeat(44)}`],
    ['a duplicate id', `k:${b64},k:${b64}`],
  ])('refuses %s without quoting key material', (_, text) => {
    let message = '';
    try {
      parseNoteKeys(text);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).not.toBe('');
    expect(message).not.toContain(b64);
  });
});
