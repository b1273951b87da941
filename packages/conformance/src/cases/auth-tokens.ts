/**
 * The tokens the auth cases send: valid ones from @bolt/auth's own jwtSigner, and each kind of bad
 * one crafted with jose (or by hand where jose refuses to make it: `alg: none`, a tampered part),
 * each failing exactly one check so the answer names that check on every engine.
 */
import { createHmac, createPrivateKey, generateKeyPairSync } from 'node:crypto';
import { jwtSigner } from '@bolt/auth';
import { type JWTPayload, SignJWT } from 'jose';
import { AUTH_AUDIENCE, AUTH_ISSUER, RSA_ISSUER } from '../auth-app.js';
import { HS256_SECRET, RSA_PRIVATE_PEM, RSA_PUBLIC_PEM } from '../auth-keys.js';

const now = () => Math.floor(Date.now() / 1000);
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const secret = new TextEncoder().encode(HS256_SECRET);

export const hsSigner = jwtSigner({
  key: { secret: HS256_SECRET },
  issuer: AUTH_ISSUER,
  audience: AUTH_AUDIENCE,
});
export const rsaSigner = jwtSigner({ key: { privateKey: RSA_PRIVATE_PEM }, issuer: RSA_ISSUER });

/** Claims that pass every check of the HS256 scheme; `extra` replaces or adds some. */
export const goodClaims = (extra: JWTPayload = {}): JWTPayload => ({
  sub: 'alice',
  roles: ['user'],
  iss: AUTH_ISSUER,
  aud: AUTH_AUDIENCE,
  iat: now(),
  exp: now() + 900,
  ...extra,
});

/** Exactly `claims` (no defaults added), HS256 with the app's secret. */
export const hs256 = (claims: JWTPayload) =>
  new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).sign(secret);

/** Replaces one character in the middle of the signature (not the last: its low bits are padding). */
export function tamperSignature(token: string): string {
  const [head, payload, sig] = token.split('.') as [string, string, string];
  const i = Math.floor(sig.length / 2);
  return `${head}.${payload}.${sig.slice(0, i)}${sig[i] === 'A' ? 'B' : 'A'}${sig.slice(i + 1)}`;
}

/** Swaps in other claims, keeping the header and the signature of `token`. */
export function tamperClaims(token: string, claims: JWTPayload): string {
  const [head, , sig] = token.split('.') as [string, string, string];
  return `${head}.${b64(claims)}.${sig}`;
}

/** An unsigned token: `alg: none` and an empty signature. */
export const noneToken = (claims: JWTPayload) => `${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims)}.`;

/** HS512 over the right secret: a valid signature with an algorithm the verifier does not allow. */
export function hs512(claims: JWTPayload): string {
  const input = `${b64({ alg: 'HS512', typ: 'JWT' })}.${b64(claims)}`;
  return `${input}.${createHmac('sha512', HS256_SECRET).update(input).digest('base64url')}`;
}

/** The key-confusion attack: HS256 "signed" with the RS256 scheme's public key as the secret. */
export const hs256WithRsaPublicKey = (claims: JWTPayload) =>
  new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).sign(new TextEncoder().encode(RSA_PUBLIC_PEM));

/** RS256 with a key the app does not know. */
export function rs256WithOtherKey(claims: JWTPayload): Promise<string> {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return new SignJWT(claims).setProtectedHeader({ alg: 'RS256' }).sign(privateKey);
}

/** Claims that pass every check of the RS256 scheme. */
export const rsaClaims = (extra: JWTPayload = {}): JWTPayload => ({
  sub: 'svc-1',
  iss: RSA_ISSUER,
  iat: now(),
  exp: now() + 900,
  ...extra,
});

const rsaKey = createPrivateKey(RSA_PRIVATE_PEM);

/** Exactly `claims`, RS256 with the app's private key. */
export const rs256 = (claims: JWTPayload) =>
  new SignJWT(claims).setProtectedHeader({ alg: 'RS256' }).sign(rsaKey);
