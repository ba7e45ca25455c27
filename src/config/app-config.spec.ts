import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { AppConfig, ConfigError, isSensitive, loadConfig, redactSecrets } from './app-config';

const NOTE_KEYS = { NOTES_ENCRYPTION_KEYS: `k1:${randomBytes(32).toString('base64')}`, NOTES_ENCRYPTION_KEY_ID: 'k1' };

describe('loadConfig', () => {
  it('uses the documented defaults when nothing is set', () => {
    const config = loadConfig({});
    expect(config.PORT).toBe(3000);
    expect(config.DATABASE_URL).toBeUndefined();
    expect(config.BODY_LIMIT_BYTES).toBe(1024 * 1024);
    expect(config.MIGRATIONS_RUN).toBe(true);
  });

  it('converts numbers and booleans from strings', () => {
    const config = loadConfig({ PORT: '8080', TRUST_PROXY: 'yes', MIGRATIONS_RUN: 'false' });
    expect(config.PORT).toBe(8080);
    expect(config.TRUST_PROXY).toBe(true);
    expect(config.MIGRATIONS_RUN).toBe(false);
  });

  it('names every bad variable at once', () => {
    let error: unknown;
    try {
      loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', LOG_LEVEL: 'loud', TRUST_PROXY: 'maybe' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as ConfigError).message;
    for (const name of ['PORT', 'DATABASE_URL', 'LOG_LEVEL', 'TRUST_PROXY']) expect(message).toContain(name);
    expect((error as ConfigError).problems).toHaveLength(4);
  });

  it('ignores empty values, so a blank line in .env keeps the default', () => {
    expect(loadConfig({ PORT: '', DATABASE_URL: '' }).PORT).toBe(3000);
  });

  it('is documented in .env.example, every variable with its default', () => {
    const example = readFileSync(join(__dirname, '..', '..', '.env.example'), 'utf8');
    const documented = new Map(
      example
        .split('\n')
        .map((line) => /^#?\s*([A-Z][A-Z0-9_]+)=(.*)$/.exec(line))
        .filter((m): m is RegExpExecArray => m !== null)
        .map((m) => [m[1], m[2]]),
    );
    const defaults = new AppConfig() as unknown as Record<string, unknown>;
    for (const key of Object.keys(defaults)) {
      expect(documented.has(key)).toBe(true);
      if (defaults[key] !== undefined) expect(documented.get(key)).toBe(String(defaults[key]));
    }
    expect(documented.has('DATABASE_URL')).toBe(true);
  });
});

describe('loadConfig: credentials', () => {
  it('requires a signing secret in production', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', ...NOTE_KEYS })).toThrow(/JWT_SECRET/);
    expect(loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(32), ...NOTE_KEYS }).JWT_SECRET).toHaveLength(32);
  });

  it('refuses a short signing secret and an idle timeout longer than the session', () => {
    expect(() => loadConfig({ JWT_SECRET: 'short' })).toThrow(/JWT_SECRET/);
    expect(() => loadConfig({ SESSION_IDLE_TIMEOUT_SECONDS: '7200', SESSION_ABSOLUTE_TIMEOUT_SECONDS: '3600' })).toThrow(
      /SESSION_IDLE_TIMEOUT_SECONDS/,
    );
  });
});

describe('loadConfig: note encryption keys', () => {
  const key = () => randomBytes(32).toString('base64');

  it('requires both the keys and the current key id in production', () => {
    const production = { NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(32) };
    expect(() => loadConfig(production)).toThrow(/NOTES_ENCRYPTION_KEYS/);
    expect(() => loadConfig({ ...production, NOTES_ENCRYPTION_KEYS: NOTE_KEYS.NOTES_ENCRYPTION_KEYS })).toThrow(/NOTES_ENCRYPTION_KEY_ID/);
    expect(loadConfig({ ...production, ...NOTE_KEYS }).NOTES_ENCRYPTION_KEY_ID).toBe('k1');
  });

  it('leaves both empty outside production (a development key is generated)', () => {
    const config = loadConfig({});
    expect(config.NOTES_ENCRYPTION_KEYS).toBeUndefined();
    expect(config.NOTES_ENCRYPTION_KEY_ID).toBeUndefined();
  });

  it('takes several keys with the current one named, or a single key alone', () => {
    expect(loadConfig({ NOTES_ENCRYPTION_KEYS: `old:${key()},new:${key()}`, NOTES_ENCRYPTION_KEY_ID: 'new' }).NOTES_ENCRYPTION_KEY_ID).toBe('new');
    expect(() => loadConfig({ NOTES_ENCRYPTION_KEYS: `only:${key()}` })).not.toThrow();
  });

  it.each([
    ['a short key', { NOTES_ENCRYPTION_KEYS: `k:${randomBytes(16).toString('base64')}` }, 'NOTES_ENCRYPTION_KEYS'],
    ['a current key id that is not listed', { NOTES_ENCRYPTION_KEYS: `a:${key()}`, NOTES_ENCRYPTION_KEY_ID: 'b' }, 'NOTES_ENCRYPTION_KEY_ID'],
    ['several keys and no current one', { NOTES_ENCRYPTION_KEYS: `a:${key()},b:${key()}` }, 'NOTES_ENCRYPTION_KEY_ID'],
    ['a current key id without keys', { NOTES_ENCRYPTION_KEY_ID: 'a' }, 'NOTES_ENCRYPTION_KEY_ID'],
    ['a key id with a colon in it', { NOTES_ENCRYPTION_KEYS: `a:${key()}`, NOTES_ENCRYPTION_KEY_ID: 'a:b' }, 'NOTES_ENCRYPTION_KEY_ID'],
  ])('refuses %s, without quoting key material', (_, env, variable) => {
    let message = '';
    try {
      loadConfig(env);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain(variable);
    for (const value of Object.values(env)) if (value.length > 20) expect(message).not.toContain(value.split(':')[1]);
  });
});

describe('loadConfig: sensitive settings', () => {
  const problemOf = (env: Record<string, string>) => {
    try {
      loadConfig(env);
    } catch (error) {
      return (error as ConfigError).message;
    }
    throw new Error('expected a configuration error');
  };

  it('marks the secrets as sensitive, and ordinary settings not', () => {
    for (const name of ['JWT_SECRET', 'NOTES_ENCRYPTION_KEYS', 'DATABASE_URL']) expect(isSensitive(name)).toBe(true);
    for (const name of ['PORT', 'NOTES_ENCRYPTION_KEY_ID', 'JWT_ISSUER']) expect(isSensitive(name)).toBe(false);
  });

  it('names a bad JWT_SECRET without printing it', () => {
    const secret = 'hunter2-but-longer';
    const message = problemOf({ JWT_SECRET: secret });
    expect(message).toContain('JWT_SECRET');
    expect(message).not.toContain(secret);
  });

  it.each([
    ['a short key', `k1:${randomBytes(16).toString('base64')}`],
    ['a key that is not base64', `k1:${'!'.repeat(44)}`],
    ['a bad key id beside a good key', `k1:${randomBytes(32).toString('base64')},bad id:${randomBytes(32).toString('base64')}`],
  ])('names bad NOTES_ENCRYPTION_KEYS (%s) without printing them or any key in them', (_, keys) => {
    const message = problemOf({ NOTES_ENCRYPTION_KEYS: keys, NOTES_ENCRYPTION_KEY_ID: 'k1' });
    expect(message).toContain('NOTES_ENCRYPTION_KEYS');
    expect(message).not.toContain(keys);
    for (const entry of keys.split(',')) expect(message).not.toContain(entry.slice(entry.indexOf(':') + 1));
  });

  it('redacts a sensitive value, and each key of a key list, wherever a problem would quote it', () => {
    const key = randomBytes(32).toString('base64');
    const env = { JWT_SECRET: 'x'.repeat(40), NOTES_ENCRYPTION_KEYS: `k1:${key}`, PORT: '8080' };
    expect(redactSecrets(`JWT_SECRET: "${'x'.repeat(40)}" is weak`, env)).toBe('JWT_SECRET: "[redacted]" is weak');
    expect(redactSecrets(`key k1 is ${key}`, env)).toBe('key k1 is [redacted]');
    expect(redactSecrets('PORT: 8080 is taken', env)).toBe('PORT: 8080 is taken');
  });
});
