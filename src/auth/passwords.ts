import { hash, verify } from '@node-rs/argon2';

/** Passwords are hashed with argon2id (the library's default algorithm), OWASP's recommended parameters. */
const OPTIONS = { memoryCost: 19456, timeCost: 2, parallelism: 1 };

export const PASSWORD_MIN_LENGTH = 12;

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

let decoy: Promise<string> | undefined;

/** Spends the time of one verification, so an unknown email answers as slowly as a wrong password. */
export async function verifyNothing(password: string): Promise<void> {
  decoy ??= hashPassword('trustpath-decoy-password');
  await verifyPassword(await decoy, password);
}
