/**
 * Token creation for apps that issue their own: claims signed with a secret or a private key,
 * stamped with `iat`, `exp` (and `iss`, `aud`, `sub`, `kid` when given). The algorithm is pinned
 * per signer, as it is per verifier.
 */
import { createPrivateKey, type KeyObject, webcrypto } from 'node:crypto';
import { type JWTPayload, SignJWT } from 'jose';
import { AuthConfigError } from '../errors.js';
import { checkAlgorithms, defaultAlgorithm, type JwtAlgorithm, keyKindOfKey } from './algorithms.js';

/** Options of {@link jwtSigner}. */
export interface JwtSignerOptions {
  /** `{ secret }` for HS*, `{ privateKey }` (PEM PKCS#8 or a KeyObject) for RS256, ES256, EdDSA. */
  key: { secret: string | Uint8Array } | { privateKey: string | KeyObject };
  /** Default: HS256 for a secret, the private key's own algorithm otherwise. */
  algorithm?: JwtAlgorithm;
  /** Lifetime of each token in seconds (`exp = iat + expiresInSec`). Default 900 (15 minutes). */
  expiresInSec?: number;
  /** `iss` of every token. Default: none. */
  issuer?: string;
  /** `aud` of every token. Default: none. */
  audience?: string | string[];
  /** `kid` header, so a JWKS verifier picks the matching key. Default: none. */
  keyId?: string;
}

export interface JwtSigner {
  /** Signs `claims` (with `sub` from `options.subject`); resolves with the compact token. */
  sign(claims: JWTPayload, options?: { subject?: string; expiresInSec?: number }): Promise<string>;
  readonly algorithm: JwtAlgorithm;
  readonly expiresInSec: number;
}

/**
 * @example
 * const signer = jwtSigner({ key: { secret: process.env.JWT_SECRET! }, issuer: 'bolt-example' });
 * const token = await signer.sign({ roles: ['admin'] }, { subject: 'alice' });
 * // eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9... with iat, exp = iat + 900, iss, sub
 */
export function jwtSigner(options: JwtSignerOptions): JwtSigner {
  let key: Uint8Array | KeyObject;
  let algorithm: JwtAlgorithm;
  if ('secret' in options.key) {
    const secret = options.key.secret;
    key = typeof secret === 'string' ? new TextEncoder().encode(secret) : secret;
    algorithm = checkAlgorithms([options.algorithm ?? 'HS256'], 'secret', key.byteLength)[0] as JwtAlgorithm;
  } else {
    const given = options.key.privateKey;
    key = typeof given === 'string' ? createPrivateKey(given) : given;
    const kind = keyKindOfKey(key);
    if (key.type !== 'private' || kind === undefined || kind === 'secret') {
      throw new AuthConfigError('privateKey must be an RSA, EC P-256 or Ed25519 private key (PEM PKCS#8).');
    }
    algorithm = checkAlgorithms([options.algorithm ?? defaultAlgorithm(kind)], kind)[0] as JwtAlgorithm;
  }
  // A secret is imported into WebCrypto once (jose would import the raw bytes on every sign).
  const signingKey: Promise<webcrypto.CryptoKey> | KeyObject =
    key instanceof Uint8Array
      ? webcrypto.subtle.importKey('raw', key, { name: 'HMAC', hash: `SHA-${algorithm.slice(2)}` }, false, [
          'sign',
        ])
      : key;
  const expiresInSec = options.expiresInSec ?? 900;
  const header = { alg: algorithm, typ: 'JWT', ...(options.keyId ? { kid: options.keyId } : {}) };

  const sign: JwtSigner['sign'] = (claims, opts) => {
    const now = Math.floor(Date.now() / 1000);
    const jwt = new SignJWT(claims)
      .setProtectedHeader(header)
      .setIssuedAt(now)
      .setExpirationTime(now + (opts?.expiresInSec ?? expiresInSec));
    if (options.issuer !== undefined) jwt.setIssuer(options.issuer);
    if (options.audience !== undefined) jwt.setAudience(options.audience);
    if (opts?.subject !== undefined) jwt.setSubject(opts.subject);
    return Promise.resolve(signingKey).then((k) => jwt.sign(k));
  };
  return Object.freeze({ sign, algorithm, expiresInSec });
}
