import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * Encryption of clinical notes at rest: AES-256-GCM with a fresh 96-bit IV per value, and
 * additional authenticated data naming the record the value belongs to, so a ciphertext copied
 * into another record (or another organization) fails to decrypt instead of showing there.
 *
 * A stored value is text: `v1:<keyId>:<iv base64>:<tag base64>:<ciphertext base64>`. The key id
 * lets keys rotate: new values use the current key, older ones stay readable while their key is
 * configured, and `npm run notes:rekey` moves every value to the current key.
 */

export const NOTE_KEY_ID = /^[A-Za-z0-9_.-]{1,64}$/;
const FORMAT = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_BYTES = 32;

/** Thrown for a value that cannot be read: malformed, tampered with, bound to another record, or under an unknown key. */
export class NoteDecryptionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NoteDecryptionError';
  }
}

/**
 * Parses `NOTES_ENCRYPTION_KEYS`: a comma-separated list of `keyId:base64` entries, each key
 * 32 random bytes (`openssl rand -base64 32`). Throws with a message that never quotes a key.
 */
export function parseNoteKeys(text: string): Map<string, Buffer> {
  const keys = new Map<string, Buffer>();
  const entries = text.split(',').map((entry) => entry.trim()).filter(Boolean);
  if (entries.length === 0) throw new Error('lists no keys');
  for (const [index, entry] of entries.entries()) {
    const colon = entry.indexOf(':');
    const id = colon > 0 ? entry.slice(0, colon) : '';
    const material = colon > 0 ? entry.slice(colon + 1) : '';
    if (!NOTE_KEY_ID.test(id)) {
      throw new Error(`entry ${index + 1} must be keyId:base64Key with a key id of letters, digits, "_", "." or "-"`);
    }
    if (keys.has(id)) throw new Error(`key id "${id}" appears twice`);
    const key = Buffer.from(material, 'base64');
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(material) || key.length !== KEY_BYTES) {
      throw new Error(`key "${id}" must be ${KEY_BYTES} bytes in base64 (openssl rand -base64 32)`);
    }
    keys.set(id, key);
  }
  return keys;
}

/** Additional authenticated data for one record's encrypted field. */
export function noteAad(table: string, organizationId: string, recordId: string): string {
  return `trustpath:${table}:${organizationId.toLowerCase()}:${recordId.toLowerCase()}`;
}

export class NoteCipher {
  constructor(
    private readonly keys: ReadonlyMap<string, Buffer>,
    readonly currentKeyId: string,
  ) {
    if (!keys.has(currentKeyId)) throw new Error(`The current note key "${currentKeyId}" is not among the configured keys.`);
    for (const [id, key] of keys) {
      if (!NOTE_KEY_ID.test(id) || key.length !== KEY_BYTES) throw new Error(`Note key "${id}" is not a valid 32-byte key.`);
    }
  }

  get keyIds(): string[] {
    return [...this.keys.keys()];
  }

  encrypt(plaintext: string, aad: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.keys.get(this.currentKeyId)!, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(Buffer.from(aad, 'utf8'));
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    const tag = cipher.getAuthTag();
    return [FORMAT, this.currentKeyId, iv.toString('base64'), tag.toString('base64'), body.toString('base64')].join(':');
  }

  decrypt(stored: string, aad: string): string {
    const parts = stored.split(':');
    if (parts.length !== 5 || parts[0] !== FORMAT) throw new NoteDecryptionError('The stored value is not a v1 note ciphertext.');
    const [, keyId, ivText, tagText, bodyText] = parts;
    const key = this.keys.get(keyId);
    if (!key) throw new NoteDecryptionError(`The note key "${keyId}" is not configured (NOTES_ENCRYPTION_KEYS).`);
    const iv = Buffer.from(ivText, 'base64');
    const tag = Buffer.from(tagText, 'base64');
    if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) throw new NoteDecryptionError('The stored value is malformed.');
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
      decipher.setAAD(Buffer.from(aad, 'utf8'));
      decipher.setAuthTag(tag);
      return Buffer.concat([decipher.update(Buffer.from(bodyText, 'base64')), decipher.final()]).toString('utf8');
    } catch {
      throw new NoteDecryptionError('The stored value failed authentication (tampered with, or bound to another record).');
    }
  }

  /** The key id a stored value was written under, without decrypting it. */
  static keyIdOf(stored: string): string | null {
    const parts = stored.split(':');
    return parts.length === 5 && parts[0] === FORMAT ? parts[1] : null;
  }
}
