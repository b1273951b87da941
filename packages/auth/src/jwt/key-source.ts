/**
 * Where a verifier's key comes from: a shared secret, a PEM public key (or certificate), or a
 * JWKS URL fetched by jose, cached, and refetched when a token names a `kid` it does not hold
 * (key rotation), at most once per cooldown.
 */
import { createPublicKey, type KeyObject, webcrypto } from 'node:crypto';
import { createRemoteJWKSet, type JWTVerifyGetKey } from 'jose';
import { AuthConfigError } from '../errors.js';
import { checkAlgorithms, defaultAlgorithm, type JwtAlgorithm, keyKindOfKey } from './algorithms.js';

/** A verifier's key. Exactly one of the three forms. */
export type JwtKeyOptions =
  | {
      /** A shared HMAC secret (HS256/384/512); at least as many bytes as the hash (32 for HS256). */
      secret: string | Uint8Array;
    }
  | {
      /** A PEM public key (SPKI), an X.509 certificate, or a KeyObject: RSA, EC P-256 or Ed25519. */
      publicKey: string | KeyObject;
    }
  | {
      /** The URL of a JSON Web Key Set (an identity provider's `jwks_uri`). */
      jwksUrl: string | URL;
      /** How long a fetched set is used before it is refetched. Default 600 000 (10 minutes). */
      cacheMaxAgeMs?: number;
      /** Least time between two fetches, also when a token names an unknown `kid`. Default 30 000. */
      cooldownMs?: number;
      /** A fetch slower than this fails (503). Default 5 000. */
      timeoutMs?: number;
    };

/** The key as data, for the native form (an engine that verifies tokens itself). */
export type NativeJwtKey =
  | { readonly kind: 'secret'; readonly secretBase64: string }
  | { readonly kind: 'pem'; readonly pem: string }
  | {
      readonly kind: 'jwks';
      readonly url: string;
      readonly cacheMaxAgeMs: number;
      readonly cooldownMs: number;
      readonly timeoutMs: number;
    };

export interface ResolvedKey {
  readonly key: KeyObject | JWTVerifyGetKey;
  /** True for a JWKS: a failure to get the key is the server's (503), not the token's. */
  readonly remote: boolean;
  readonly algorithms: readonly JwtAlgorithm[];
  readonly native: NativeJwtKey;
}

/**
 * HMAC keys imported into WebCrypto once per algorithm: jose imports raw secret bytes again on
 * every call (most of a verify's cost). jose checks `alg` against the pinned list before it asks.
 */
export function hmacKeys(secret: Uint8Array): JWTVerifyGetKey {
  const imported = new Map<string, Promise<webcrypto.CryptoKey>>();
  return ({ alg }) => {
    let key = imported.get(alg);
    if (!key) {
      const hash = `SHA-${alg.slice(2)}`;
      key = webcrypto.subtle.importKey('raw', secret, { name: 'HMAC', hash }, false, ['verify']);
      imported.set(alg, key);
    }
    return key;
  };
}

function publicKeyOf(given: string | KeyObject): KeyObject {
  if (typeof given !== 'string') return given.type === 'private' ? createPublicKey(given) : given;
  try {
    return createPublicKey(given);
  } catch (cause) {
    throw new AuthConfigError(
      'publicKey is not a PEM public key or certificate ("-----BEGIN PUBLIC KEY-----" ...).',
      { cause },
    );
  }
}

/** Resolves the key once, at construction, and pins the algorithms it may verify. */
export function resolveKey(options: JwtKeyOptions, algorithms: readonly string[] | undefined): ResolvedKey {
  if ('secret' in options) {
    const secret =
      typeof options.secret === 'string' ? new TextEncoder().encode(options.secret) : options.secret;
    const pinned = checkAlgorithms(algorithms ?? ['HS256'], 'secret', secret.byteLength);
    return {
      key: hmacKeys(secret),
      remote: false,
      algorithms: pinned,
      native: { kind: 'secret', secretBase64: Buffer.from(secret).toString('base64') },
    };
  }
  if ('publicKey' in options) {
    const key = publicKeyOf(options.publicKey);
    const kind = keyKindOfKey(key);
    if (kind === undefined || kind === 'secret') {
      throw new AuthConfigError(
        `publicKey is a ${key.asymmetricKeyType ?? key.type} key; use an RSA, EC P-256 or Ed25519 public key.`,
      );
    }
    return {
      key,
      remote: false,
      algorithms: checkAlgorithms(algorithms ?? [defaultAlgorithm(kind)], kind),
      native: { kind: 'pem', pem: key.export({ type: 'spki', format: 'pem' }).toString() },
    };
  }
  if ('jwksUrl' in options) {
    if (!algorithms) {
      throw new AuthConfigError(
        'A JWKS verifier needs `algorithms` (e.g. ["RS256"]): the algorithms are pinned, never taken from the token.',
      );
    }
    const url = new URL(options.jwksUrl);
    const cacheMaxAgeMs = options.cacheMaxAgeMs ?? 600_000;
    const cooldownMs = options.cooldownMs ?? 30_000;
    const timeoutMs = options.timeoutMs ?? 5_000;
    const checked = checkAlgorithms(algorithms, undefined);
    if (checked.some((alg) => alg.startsWith('HS'))) {
      throw new AuthConfigError('A JWKS verifier checks public-key algorithms only; remove the HS* ones.');
    }
    return {
      key: createRemoteJWKSet(url, {
        cacheMaxAge: cacheMaxAgeMs,
        cooldownDuration: cooldownMs,
        timeoutDuration: timeoutMs,
      }),
      remote: true,
      algorithms: checked,
      native: { kind: 'jwks', url: url.href, cacheMaxAgeMs, cooldownMs, timeoutMs },
    };
  }
  throw new AuthConfigError('key needs one of `secret`, `publicKey` or `jwksUrl`.');
}
