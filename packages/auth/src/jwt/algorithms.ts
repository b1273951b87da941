/**
 * The signing algorithms Bolt accepts and the key kind each needs. A verifier pins its algorithms
 * at construction and its key must fit every one of them, so an HMAC token can never be checked
 * against a public key (the classic RS256 -> HS256 confusion) and `alg: none` is never accepted.
 */
import type { KeyObject } from 'node:crypto';
import { AuthConfigError } from '../errors.js';

export const JWT_ALGORITHMS = ['HS256', 'HS384', 'HS512', 'RS256', 'ES256', 'EdDSA'] as const;
export type JwtAlgorithm = (typeof JWT_ALGORITHMS)[number];

/** What kind of key an algorithm verifies with: a shared secret, or a public key of one type. */
export type KeyKind = 'secret' | 'rsa' | 'ec-p256' | 'ed25519';

const KIND: Record<JwtAlgorithm, KeyKind> = {
  HS256: 'secret',
  HS384: 'secret',
  HS512: 'secret',
  RS256: 'rsa',
  ES256: 'ec-p256',
  EdDSA: 'ed25519',
};

/** RFC 7518 §3.2: an HMAC key at least as long as the hash output. */
const MIN_SECRET_BYTES: Partial<Record<JwtAlgorithm, number>> = { HS256: 32, HS384: 48, HS512: 64 };

export function keyKindOf(algorithm: JwtAlgorithm): KeyKind {
  return KIND[algorithm];
}

/** The kind of a public (or private) key object, or undefined for a type Bolt does not sign with. */
export function keyKindOfKey(key: KeyObject): KeyKind | undefined {
  if (key.type === 'secret') return 'secret';
  switch (key.asymmetricKeyType) {
    case 'rsa':
      return 'rsa';
    case 'ec':
      return key.asymmetricKeyDetails?.namedCurve === 'prime256v1' ? 'ec-p256' : undefined;
    case 'ed25519':
      return 'ed25519';
    default:
      return undefined;
  }
}

/** The default algorithm for a key kind (a PEM given without `algorithms`). */
export function defaultAlgorithm(kind: KeyKind): JwtAlgorithm {
  return ({ secret: 'HS256', rsa: 'RS256', 'ec-p256': 'ES256', ed25519: 'EdDSA' } as const)[kind];
}

/** Checks `algorithms` is a non-empty list of known names, every one fitting a key of `kind`. */
export function checkAlgorithms(
  algorithms: readonly string[],
  kind: KeyKind | undefined,
  secretBytes?: number,
): readonly JwtAlgorithm[] {
  if (algorithms.length === 0) {
    throw new AuthConfigError('algorithms is empty: name at least one, e.g. ["HS256"] or ["RS256"].');
  }
  for (const alg of algorithms) {
    if (!(JWT_ALGORITHMS as readonly string[]).includes(alg)) {
      throw new AuthConfigError(
        `Algorithm "${alg}" is not supported; use one of ${JWT_ALGORITHMS.join(', ')} ("none" is never accepted).`,
      );
    }
    const needs = KIND[alg as JwtAlgorithm];
    if (kind !== undefined && needs !== kind) {
      throw new AuthConfigError(
        `Algorithm ${alg} needs a ${needs} key but the verifier's key is ${kind}: ` +
          (needs === 'secret'
            ? 'an HMAC check against a public key lets anyone who has that key forge tokens; remove it.'
            : 'give a matching key or remove the algorithm.'),
      );
    }
    const min = MIN_SECRET_BYTES[alg as JwtAlgorithm];
    if (secretBytes !== undefined && min !== undefined && secretBytes < min) {
      throw new AuthConfigError(
        `The secret is ${secretBytes} bytes; ${alg} needs at least ${min} (RFC 7518 §3.2). Use a longer random secret.`,
      );
    }
  }
  return Object.freeze([...algorithms] as JwtAlgorithm[]);
}
