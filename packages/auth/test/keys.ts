/** Test keys and a raw token maker (jose's SignJWT), so a test can craft any header and claims. */
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { type JWTPayload, SignJWT } from 'jose';

export const SECRET = 'a-test-secret-of-at-least-32-bytes!!';
export const SECRET_512 = 's'.repeat(64);

export const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
export const rsa2 = generateKeyPairSync('rsa', { modulusLength: 2048 });
export const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
export const ed = generateKeyPairSync('ed25519');

export const pem = (key: KeyObject) => key.export({ type: 'spki', format: 'pem' }).toString();

export const now = () => Math.floor(Date.now() / 1000);

/** Signs `claims` (exp one hour ahead unless given) with `alg` and `key`. */
export function token(
  claims: JWTPayload,
  alg: string,
  key: KeyObject | Uint8Array | string,
  header: Record<string, unknown> = {},
): Promise<string> {
  const k = typeof key === 'string' ? new TextEncoder().encode(key) : key;
  return new SignJWT({ exp: now() + 3600, ...claims }).setProtectedHeader({ alg, ...header }).sign(k);
}

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** An unsigned `alg: none` token. */
export const noneToken = (claims: JWTPayload) =>
  `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ exp: now() + 3600, ...claims })}.`;

/** A token without `exp` (the verifier requires one by default). */
export const tokenWithoutExp = (claims: JWTPayload, secret: string) =>
  new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).sign(new TextEncoder().encode(secret));
