/**
 * Password hashing with node:crypto's scrypt: a random salt per password, the parameters stored
 * beside the hash (`scrypt$N$r$p$salt$hash`, base64url), so they can be raised later without
 * breaking stored hashes, and a verify that compares in constant time.
 */
import { randomBytes, type ScryptOptions, scrypt, timingSafeEqual } from 'node:crypto';

/** Cost parameters. Defaults: N 16384 (2^14), r 8, p 1 (OWASP's scrypt minimum), 64-byte keys. */
export interface ScryptParams {
  readonly N: number;
  readonly r: number;
  readonly p: number;
  readonly keyLength: number;
}

export const DEFAULT_SCRYPT: ScryptParams = Object.freeze({ N: 16384, r: 8, p: 1, keyLength: 64 });

function derive(password: string, salt: Buffer, params: ScryptParams): Promise<Buffer> {
  const options: ScryptOptions = { N: params.N, r: params.r, p: params.p, maxmem: 256 * params.N * params.r };
  return new Promise((resolve, reject) =>
    scrypt(password.normalize('NFKC'), salt, params.keyLength, options, (error, key) =>
      error ? reject(error) : resolve(key),
    ),
  );
}

/**
 * @example
 * const stored = await hashPassword('wonderland'); // 'scrypt$16384$8$1$<salt>$<hash>'
 * await verifyPassword('wonderland', stored);        // true
 */
export async function hashPassword(password: string, params: ScryptParams = DEFAULT_SCRYPT): Promise<string> {
  const salt = randomBytes(16);
  const hash = await derive(password, salt, params);
  return [
    'scrypt',
    params.N,
    params.r,
    params.p,
    salt.toString('base64url'),
    hash.toString('base64url'),
  ].join('$');
}

/**
 * True when `password` matches `stored` (made by {@link hashPassword}). A malformed `stored` is
 * false, not an error; the comparison takes the same time whatever bytes differ.
 */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [N, r, p] = parts.slice(1, 4).map(Number) as [number, number, number];
  const salt = Buffer.from(parts[4] as string, 'base64url');
  const expected = Buffer.from(parts[5] as string, 'base64url');
  if (![N, r, p].every((n) => Number.isSafeInteger(n) && n > 0) || expected.length < 16) return false;
  const actual = await derive(password, salt, { N, r, p, keyLength: expected.length });
  return timingSafeEqual(actual, expected);
}
